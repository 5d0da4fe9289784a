#include "coverage/config.hpp"

#include <automock/error.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/config_reader.hpp"
#include "core/files.hpp"
#include "coverage/glob.hpp"

namespace automock::coverage {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> k_policy_names{"fail", "report", "ignore"};

class ConfigParser {
 public:
  ConfigParser(const std::string& origin, const std::filesystem::path& base_dir)
      : reader_(origin), base_dir_(base_dir) {}

  GateConfig parse(const json& document) {
    const json& config = section(document);
    expect_object(config, path_);
    check_keys(config, path_, {"root", "modules", "unowned", "total", "baseline"});
    GateConfig result;
    std::filesystem::path root = base_dir_;
    if (const auto found = config.find("root"); found != config.end()) {
      root = base_dir_ / string(*found, child_path(path_, "root"));
    }
    result.root = std::filesystem::absolute(root).lexically_normal();
    if (!result.root.has_filename() && result.root != result.root.root_path()) {
      result.root = result.root.parent_path();  // "/repo/" -> "/repo"
    }
    if (const auto found = config.find("modules"); found != config.end()) {
      result.modules = modules(*found, child_path(path_, "modules"));
    }
    if (const auto found = config.find("unowned"); found != config.end()) {
      result.unowned = unowned(*found, child_path(path_, "unowned"));
    }
    if (const auto found = config.find("total"); found != config.end()) {
      expect_object(*found, child_path(path_, "total"));
      check_keys(*found, child_path(path_, "total"), rule_keys({}));
      result.total = rules(*found, child_path(path_, "total"));
    }
    if (const auto found = config.find("baseline"); found != config.end()) {
      result.baseline = baseline(*found, child_path(path_, "baseline"));
    }
    return result;
  }

 private:
  // An automock.json holds the gate's config under "coverage".
  const json& section(const json& document) {
    if (document.is_object() && !document.contains("modules") && document.contains("coverage")) {
      path_ = "/coverage";
      return document.at("coverage");
    }
    return document;
  }

  std::vector<ModuleConfig> modules(const json& value, const std::string& path) {
    if (!value.is_array()) fail(path, "expected an array of modules");
    std::vector<ModuleConfig> result;
    std::set<std::string> names;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string item = child_path(path, i);
      result.push_back(module(value[i], item));
      if (!names.insert(result.back().name).second)
        fail(child_path(item, "name"), "duplicate module name '" + result.back().name + "'");
    }
    return result;
  }

  ModuleConfig module(const json& value, const std::string& path) {
    expect_object(value, path);
    check_keys(value, path, rule_keys({"name", "paths"}));
    ModuleConfig result;
    const auto name = value.find("name");
    if (name == value.end()) fail(path, "missing \"name\"");
    result.name = string(*name, child_path(path, "name"));
    if (result.name.empty()) fail(child_path(path, "name"), "expected a non-empty name");
    const auto paths = value.find("paths");
    if (paths == value.end() || !paths->is_array() || paths->empty()) {
      fail(child_path(path, "paths"), "expected a non-empty array of globs");
    }
    for (std::size_t i = 0; i < paths->size(); ++i) {
      const std::string item = child_path(child_path(path, "paths"), i);
      result.paths.push_back(string((*paths)[i], item));
      try {
        Glob{result.paths.back()};
      } catch (const InputError& error) {
        fail(item, "invalid glob '" + result.paths.back() + "': " + error.what());
      }
    }
    result.rules = rules(value, path);
    return result;
  }

  UnownedConfig unowned(const json& value, const std::string& path) {
    expect_object(value, path);
    check_keys(value, path, rule_keys({"policy"}));
    UnownedConfig result;
    if (const auto policy = value.find("policy"); policy != value.end()) {
      const std::string name = string(*policy, child_path(path, "policy"));
      std::size_t i = 0;
      while (i < k_policy_names.size() && k_policy_names[i] != name) ++i;
      if (i == k_policy_names.size())
        fail(child_path(path, "policy"), "expected \"fail\", \"report\" or \"ignore\"");
      result.policy = static_cast<UnownedPolicy>(i);
    }
    result.rules = rules(value, path);
    return result;
  }

  BaselineConfig baseline(const json& value, const std::string& path) {
    expect_object(value, path);
    check_keys(value, path, {"shrink_tolerance"});
    BaselineConfig result;
    if (const auto found = value.find("shrink_tolerance"); found != value.end()) {
      result.shrink_tolerance_basis_points = *percent(*found, child_path(path, "shrink_tolerance"));
    }
    return result;
  }

  static std::vector<std::string> rule_keys(std::vector<std::string> keys) {
    keys.push_back("exception_branches");
    for (const Metric metric : k_metrics) {
      const std::string name(to_string(metric));
      keys.push_back(name);
      keys.push_back("max_uncovered_" + name);
      keys.push_back("file_" + name);
      keys.push_back("min_" + name + "_total");
    }
    return keys;
  }

  Rules rules(const json& value, const std::string& path) {
    Rules result;
    for (const Metric metric : k_metrics) {
      const std::string name(to_string(metric));
      MetricRule& rule = result[metric];
      rule.min_basis_points = optional_percent(value, name, path);
      rule.file_min_basis_points = optional_percent(value, "file_" + name, path);
      rule.max_uncovered = optional_count(value, "max_uncovered_" + name, path);
      rule.min_total = optional_count(value, "min_" + name + "_total", path);
    }
    if (const auto found = value.find("exception_branches"); found != value.end()) {
      const std::string text = string(*found, child_path(path, "exception_branches"));
      if (text != "include" && text != "exclude") {
        fail(child_path(path, "exception_branches"), "expected \"include\" or \"exclude\"");
      }
      result.exception_branches =
          text == "exclude" ? ExceptionBranches::exclude : ExceptionBranches::include;
    }
    return result;
  }

  std::optional<std::uint32_t> optional_percent(const json& object, const std::string& key,
                                                const std::string& path) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) return std::nullopt;
    return percent(*found, child_path(path, key));
  }

  std::optional<std::uint32_t> percent(const json& value, const std::string& path) {
    if (!value.is_number()) fail(path, "expected a percentage (a number from 0 to 100)");
    const auto basis_points = percent_to_basis_points(value.get<double>());
    if (!basis_points) fail(path, "expected a percentage from 0 to 100 with at most two decimals");
    return basis_points;
  }

  std::optional<std::uint64_t> optional_count(const json& object, const std::string& key,
                                              const std::string& path) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) return std::nullopt;
    if (!found->is_number_unsigned()) {
      fail(child_path(path, key), "expected a non-negative integer");
    }
    return found->get<std::uint64_t>();
  }

  std::string string(const json& value, const std::string& path) {
    return reader_.string(value, path);
  }

  void expect_object(const json& value, const std::string& path) {
    if (!value.is_object()) fail(path, "expected an object");
  }

  void check_keys(const json& object, const std::string& path,
                  const std::vector<std::string>& known) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end())
        fail(child_path(path, key), "unknown key");
    }
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what) {
    reader_.fail(path, what);
  }

  ConfigReader reader_;
  std::filesystem::path base_dir_;
  std::string path_;
};

}  // namespace

bool Rules::gated() const {
  for (const auto& rule : metrics) {
    if (rule.gated()) return true;
  }
  return false;
}

std::optional<std::uint32_t> percent_to_basis_points(double percent) {
  if (!std::isfinite(percent) || percent < 0 || percent > 100) return std::nullopt;
  const double scaled = percent * 100;
  const double rounded = std::round(scaled);
  // 71.43 is 7142.999999... in binary; anything further from an integer had a third decimal.
  if (std::abs(scaled - rounded) > 1e-6) return std::nullopt;
  return static_cast<std::uint32_t>(rounded);
}

GateConfig parse_gate_config(std::string_view json_text, const std::string& origin,
                             const std::filesystem::path& base_dir) {
  return ConfigParser(origin, base_dir).parse(parse_config_json(json_text, origin));
}

GateConfig load_gate_config(const std::filesystem::path& file) {
  const auto base_dir = std::filesystem::absolute(file).parent_path();
  return parse_gate_config(read_file(file), file.string(), base_dir);
}

}  // namespace automock::coverage
