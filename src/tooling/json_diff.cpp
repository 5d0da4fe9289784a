#include "tooling/json_diff.hpp"

#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"
#include "tooling/json_documents.hpp"

namespace automock::tooling {

namespace {

using nlohmann::json;

std::string shown(const json& value) {
  constexpr size_t k_max = 80;
  auto text = value.dump();
  if (text.size() > k_max) text = text.substr(0, k_max) + "...";
  return text;
}

class ValueDiffer {
 public:
  explicit ValueDiffer(DifferenceList& out) : out_(out) {}

  void compare(const json& recorded, const json& now, const std::string& at) {
    if (recorded == now) return;
    if (recorded.is_object() && now.is_object()) return compare_objects(recorded, now, at);
    if (recorded.is_array() && now.is_array()) return compare_arrays(recorded, now, at);
    out_.add(at, shown(recorded), shown(now));
  }

 private:
  void compare_objects(const json& recorded, const json& now, const std::string& at) {
    for (const auto& [name, value] : recorded.items()) {
      const auto child = child_path(at, name);
      if (!now.contains(name)) {
        out_.add(child, shown(value), k_absent);
      } else {
        compare(value, now.at(name), child);
      }
    }
    for (const auto& [name, value] : now.items()) {
      if (!recorded.contains(name)) out_.add(child_path(at, name), k_absent, shown(value));
    }
  }

  void compare_arrays(const json& recorded, const json& now, const std::string& at) {
    const size_t common = std::min(recorded.size(), now.size());
    for (size_t i = 0; i < common; ++i) compare(recorded[i], now[i], child_path(at, i));
    if (recorded.size() != now.size()) {
      out_.add(at, std::to_string(recorded.size()) + " elements", std::to_string(now.size()));
    }
  }

  DifferenceList& out_;
};

}  // namespace

std::string describe(const Difference& difference) {
  if (difference.field == "more") {
    return "... and " + difference.recorded + " more differences";
  }
  std::string where = difference.field;
  if (difference.field == "body") {
    where += " " + (difference.pointer.empty() ? std::string{"(root)"} : difference.pointer);
  }
  const std::string before = difference.recorded == k_absent ? std::string{"not recorded"}
                                                             : "recorded " + difference.recorded;
  return where + ": " + before + ", now " + difference.live;
}

std::optional<std::vector<Difference>> diff_json_values(const std::string& recorded,
                                                        const std::string& now,
                                                        const std::vector<std::string>& ignore) {
  return diff_documents<ValueDiffer>(recorded, now, ignore);
}

std::optional<std::vector<std::string>> diff_json_bodies(const std::string& recorded,
                                                         const std::string& now,
                                                         const std::vector<std::string>& ignore) {
  const auto differences = diff_json_values(recorded, now, ignore);
  if (!differences) return std::nullopt;
  std::vector<std::string> lines;
  for (const auto& difference : *differences) lines.push_back(describe(difference));
  return lines;
}

}  // namespace automock::tooling
