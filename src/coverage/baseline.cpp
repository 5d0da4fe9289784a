#include "coverage/baseline.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/atomic_file.hpp"
#include "core/config_reader.hpp"
#include "coverage/judge.hpp"

namespace automock::coverage {

namespace {

using nlohmann::json;
constexpr int k_version = 1;

// a shrank from b by more than the tolerance
bool shrank(std::uint64_t now, std::uint64_t before, std::uint32_t tolerance_basis_points) {
  return now * 10000 < before * (10000 - std::min<std::uint32_t>(tolerance_basis_points, 10000));
}

std::string ratio(std::uint64_t covered, std::uint64_t total) {
  return format_percent(Totals{covered, total}) + " (" + std::to_string(covered) + "/" +
         std::to_string(total) + ")";
}

void module_decreases(const std::string& name, const ModuleBaseline& before,
                      const ModuleBaseline& now, std::vector<std::string>& changes) {
  // covered/total went down: compare cross-multiplied, exactly.
  if (now.lines_covered * before.lines_total < before.lines_covered * now.lines_total) {
    changes.push_back(name + ": lines " + ratio(now.lines_covered, now.lines_total) + ", was " +
                      ratio(before.lines_covered, before.lines_total));
  }
  if (now.files < before.files) {
    changes.push_back(name + ": " + std::to_string(now.files) + " files, was " +
                      std::to_string(before.files));
  }
  if (now.lines_total < before.lines_total) {
    changes.push_back(name + ": " + std::to_string(now.lines_total) + " lines, was " +
                      std::to_string(before.lines_total));
  }
  for (const auto& file : before.covered_files) {
    if (!std::binary_search(now.covered_files.begin(), now.covered_files.end(), file)) {
      changes.push_back(name + ": " + file + " is no longer covered");
    }
  }
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& path,
                       const std::string& what) {
  throw ConfigError(file.string(), path, what);
}

std::uint64_t count(const json& object, const char* key, const std::filesystem::path& file,
                    const std::string& path) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number_unsigned()) {
    fail(file, child_path(path, key), "expected a non-negative integer");
  }
  return found->get<std::uint64_t>();
}

std::vector<std::string> strings(const json& value, const std::filesystem::path& file,
                                 const std::string& path) {
  if (!value.is_array()) fail(file, path, "expected an array of strings");
  std::vector<std::string> result;
  for (const auto& item : value) {
    if (!item.is_string()) fail(file, path, "expected an array of strings");
    result.push_back(item.get<std::string>());
  }
  return result;
}

ModuleBaseline module_from_json(const json& value, const std::filesystem::path& file,
                                const std::string& path) {
  if (!value.is_object()) fail(file, path, "expected an object");
  ModuleBaseline module;
  module.files = count(value, "files", file, path);
  module.lines_covered = count(value, "lines_covered", file, path);
  module.lines_total = count(value, "lines_total", file, path);
  if (const auto covered = value.find("covered_files"); covered != value.end()) {
    module.covered_files = strings(*covered, file, child_path(path, "covered_files"));
    std::sort(module.covered_files.begin(), module.covered_files.end());
  }
  return module;
}

}  // namespace

Baseline baseline_of(const GateResult& result) {
  Baseline baseline;
  for (const auto& module : result.modules) {
    ModuleBaseline& entry = baseline.modules[module.name];
    entry.files = module.files.size();
    entry.lines_covered = module[Metric::lines].covered;
    entry.lines_total = module[Metric::lines].total;
    for (const auto& file : module.files) {
      if (file[Metric::lines].covered > 0) entry.covered_files.push_back(file.path);
    }
  }
  return baseline;
}

std::vector<std::string> check_baseline(const Baseline& committed, const GateResult& current,
                                        const BaselineConfig& config) {
  std::vector<std::string> failures;
  std::set<std::string_view> present;
  for (const auto& file : current.total.files) present.insert(file.path);
  const std::string tolerance = format_percent(config.shrink_tolerance_basis_points);
  for (const auto& module : current.modules) {
    const auto found = committed.modules.find(module.name);
    if (found == committed.modules.end()) continue;
    const ModuleBaseline& before = found->second;
    if (shrank(module.files.size(), before.files, config.shrink_tolerance_basis_points)) {
      failures.push_back(module.name + ": " + std::to_string(module.files.size()) +
                         " files, baseline " + std::to_string(before.files) +
                         " (shrank more than " + tolerance + ")");
    }
    const auto total = module[Metric::lines].total;
    if (shrank(total, before.lines_total, config.shrink_tolerance_basis_points)) {
      failures.push_back(module.name + ": " + std::to_string(total) + " lines, baseline " +
                         std::to_string(before.lines_total) + " (shrank more than " + tolerance +
                         ")");
    }
    for (const auto& file : before.covered_files) {
      if (!present.contains(file))
        failures.push_back(module.name + ": covered file " + file + " disappeared");
    }
  }
  return failures;
}

std::vector<std::string> find_decreases(const Baseline& committed, const Baseline& current) {
  std::vector<std::string> changes;
  for (const auto& [name, before] : committed.modules) {
    const auto now = current.modules.find(name);
    if (now == current.modules.end()) {
      changes.push_back(name + ": module removed");
    } else {
      module_decreases(name, before, now->second, changes);
    }
  }
  return changes;
}

Baseline load_baseline(const std::filesystem::path& file) {
  const json document = load_config_json(file);
  if (!document.is_object()) fail(file, "/", "expected an object");
  if (document.value("version", 0) != k_version) fail(file, "/version", "expected 1");
  Baseline baseline;
  const auto modules = document.find("modules");
  if (modules == document.end() || !modules->is_object())
    fail(file, "/modules", "expected an object");
  for (const auto& [name, value] : modules->items()) {
    baseline.modules[name] = module_from_json(value, file, child_path("/modules", name));
  }
  if (const auto decreases = document.find("decreases"); decreases != document.end()) {
    if (!decreases->is_array()) fail(file, "/decreases", "expected an array");
    for (std::size_t i = 0; i < decreases->size(); ++i) {
      const std::string path = child_path("/decreases", i);
      const json& entry = (*decreases)[i];
      if (!entry.is_object() || !entry.contains("reason") || !entry["reason"].is_string()) {
        fail(file, path, "expected {\"reason\": ..., \"changes\": [...]}");
      }
      baseline.decreases.push_back(
          {entry["reason"].get<std::string>(),
           strings(entry.value("changes", json::array()), file, child_path(path, "changes"))});
    }
  }
  return baseline;
}

void save_baseline(const Baseline& baseline, const std::filesystem::path& file) {
  json document{{"version", k_version}, {"modules", json::object()}, {"decreases", json::array()}};
  for (const auto& [name, module] : baseline.modules) {
    document["modules"][name] = {{"files", module.files},
                                 {"lines_covered", module.lines_covered},
                                 {"lines_total", module.lines_total},
                                 {"covered_files", module.covered_files}};
  }
  for (const auto& decrease : baseline.decreases) {
    document["decreases"].push_back({{"reason", decrease.reason}, {"changes", decrease.changes}});
  }
  write_file_atomic(file, document.dump(2) + '\n', WriteMode::replace);
}

}  // namespace automock::coverage
