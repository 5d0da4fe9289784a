#include "tooling/json_diff.hpp"

#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"

namespace automock::tooling {

namespace {

using nlohmann::json;

std::string shown(const json& value) {
  constexpr size_t k_max = 80;
  auto text = value.dump();
  if (text.size() > k_max) text = text.substr(0, k_max) + "...";
  return text;
}

void remove_pointer(json& document, const std::string& pointer) {
  try {
    const json::json_pointer path{pointer};
    if (path.empty() || !document.contains(path)) return;
    auto& parent = document.at(path.parent_pointer());
    if (parent.is_object()) {
      parent.erase(path.back());
    } else if (parent.is_array()) {
      parent.erase(std::stoul(path.back()));
    }
  } catch (const json::exception&) {
    // Not a valid pointer for this document: nothing to remove.
  }
}

class Differ {
 public:
  std::vector<std::string> lines;
  size_t total = 0;

  void compare(const json& recorded, const json& now, const std::string& at) {
    if (recorded == now) return;
    if (recorded.is_object() && now.is_object()) return compare_objects(recorded, now, at);
    if (recorded.is_array() && now.is_array()) return compare_arrays(recorded, now, at);
    add("body " + label(at) + ": recorded " + shown(recorded) + ", now " + shown(now));
  }

 private:
  static std::string label(const std::string& at) { return at.empty() ? "(root)" : at; }

  void add(std::string line) {
    if (total++ < k_max_json_differences) lines.push_back(std::move(line));
  }

  void compare_objects(const json& recorded, const json& now, const std::string& at) {
    for (const auto& [name, value] : recorded.items()) {
      const auto child = child_path(at, name);
      if (!now.contains(name)) {
        add("body " + child + ": recorded " + shown(value) + ", now absent");
      } else {
        compare(value, now.at(name), child);
      }
    }
    for (const auto& [name, value] : now.items()) {
      if (!recorded.contains(name)) {
        add("body " + child_path(at, name) + ": not recorded, now " + shown(value));
      }
    }
  }

  void compare_arrays(const json& recorded, const json& now, const std::string& at) {
    const size_t common = std::min(recorded.size(), now.size());
    for (size_t i = 0; i < common; ++i) compare(recorded[i], now[i], child_path(at, i));
    if (recorded.size() != now.size()) {
      add("body " + label(at) + ": recorded " + std::to_string(recorded.size()) +
          " elements, now " + std::to_string(now.size()));
    }
  }
};

}  // namespace

std::optional<std::vector<std::string>> diff_json_bodies(const std::string& recorded,
                                                         const std::string& now,
                                                         const std::vector<std::string>& ignore) {
  auto before = json::parse(recorded, nullptr, false);
  auto after = json::parse(now, nullptr, false);
  if (recorded.empty() || now.empty() || before.is_discarded() || after.is_discarded()) {
    return std::nullopt;
  }
  for (const auto& pointer : ignore) {
    remove_pointer(before, pointer);
    remove_pointer(after, pointer);
  }
  Differ differ;
  differ.compare(before, after, "");
  if (differ.total > differ.lines.size()) {
    differ.lines.push_back("... and " + std::to_string(differ.total - differ.lines.size()) +
                           " more differences");
  }
  return std::move(differ.lines);
}

}  // namespace automock::tooling
