#include "tooling/json_shape.hpp"

#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"
#include "tooling/json_documents.hpp"

namespace automock::tooling {

namespace {

using nlohmann::json;

std::string type_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    default:
      return "number";
  }
}

class ShapeDiffer {
 public:
  explicit ShapeDiffer(DifferenceList& out) : out_(out) {}

  void compare(const json& recorded, const json& live, const std::string& at) {
    if (recorded.is_null()) return;  // null says nothing about the type
    if (type_of(recorded) != type_of(live)) return out_.add(at, type_of(recorded), type_of(live));
    if (recorded.is_object()) return compare_objects(recorded, live, at);
    if (recorded.is_array()) compare_arrays(recorded, live, at);
  }

 private:
  void compare_objects(const json& recorded, const json& live, const std::string& at) {
    for (const auto& [name, value] : recorded.items()) {
      const auto child = child_path(at, name);
      if (live.contains(name)) {
        compare(value, live.at(name), child);
      } else {
        out_.add(child, type_of(value), k_absent);
      }
    }
  }

  // Each live element against the first recorded element of its type.
  void compare_arrays(const json& recorded, const json& live, const std::string& at) {
    if (recorded.empty()) return;
    for (size_t i = 0; i < live.size(); ++i) {
      const auto& element = live[i];
      const auto model = std::find_if(recorded.begin(), recorded.end(), [&](const json& each) {
        return type_of(each) == type_of(element) || each.is_null();
      });
      if (model == recorded.end()) {
        out_.add(child_path(at, i), type_of(recorded.front()), type_of(element));
      } else {
        compare(*model, element, child_path(at, i));
      }
    }
  }

  DifferenceList& out_;
};

}  // namespace

std::optional<std::vector<Difference>> diff_json_shapes(const std::string& recorded,
                                                        const std::string& live,
                                                        const std::vector<std::string>& ignore) {
  return diff_documents<ShapeDiffer>(recorded, live, ignore);
}

}  // namespace automock::tooling
