#pragma once
// coverage.json (or the "coverage" section of automock.json): the modules
// the gate judges and their rules. Unknown keys, wrong types, percentages
// outside 0..100 or with more than two decimals, and invalid globs are
// ConfigErrors naming the file and the JSON path.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coverage/report.hpp"

namespace automock::coverage {

// The rules of one metric. Percentages are kept in basis points (71.43% is
// 7143) so that every comparison is exact.
struct MetricRule {
  std::optional<std::uint32_t> min_basis_points;       // "lines": 90.0
  std::optional<std::uint64_t> max_uncovered;          // "max_uncovered_lines": 40
  std::optional<std::uint32_t> file_min_basis_points;  // "file_lines": 60.0, every file
  std::optional<std::uint64_t> min_total;              // "min_lines_total": 500

  bool gated() const {
    return min_basis_points || max_uncovered || file_min_basis_points || min_total;
  }
  friend bool operator==(const MetricRule&, const MetricRule&) = default;
};

struct Rules {
  std::array<MetricRule, 3> metrics;  // indexed by Metric
  // "exception_branches": "include" (default) or "exclude".
  ExceptionBranches exception_branches = ExceptionBranches::include;

  const MetricRule& operator[](Metric metric) const { return metrics[static_cast<int>(metric)]; }
  MetricRule& operator[](Metric metric) { return metrics[static_cast<int>(metric)]; }
  bool gated() const;
  friend bool operator==(const Rules&, const Rules&) = default;
};

struct ModuleConfig {
  std::string name;
  // Globs over normalised paths, anchored at the root: `**` any number of
  // directories, `*` and `?` within one name, `[a-z]` a class. A pattern
  // that matches a directory matches everything under it.
  std::vector<std::string> paths;
  Rules rules;
  friend bool operator==(const ModuleConfig&, const ModuleConfig&) = default;
};

// Files that match no module: "fail" fails the gate when there is any,
// "report" shows them as one bucket judged by its own rules, "ignore" hides
// them. They always count in the total.
enum class UnownedPolicy { fail, report, ignore };

struct UnownedConfig {
  UnownedPolicy policy = UnownedPolicy::report;
  Rules rules;
  friend bool operator==(const UnownedConfig&, const UnownedConfig&) = default;
};

struct BaselineConfig {
  // How much a module's file count or line total may shrink against the
  // baseline before the gate fails ("shrink_tolerance": 2.0, percent).
  std::uint32_t shrink_tolerance_basis_points = 200;
  friend bool operator==(const BaselineConfig&, const BaselineConfig&) = default;
};

struct GateConfig {
  std::filesystem::path root;  // absolute; relative "root" is resolved against the file's directory
  std::vector<ModuleConfig> modules;
  UnownedConfig unowned;
  Rules total;
  BaselineConfig baseline;
  friend bool operator==(const GateConfig&, const GateConfig&) = default;
};

// Parses the text of a coverage.json, or of an automock.json with a
// "coverage" object (then only that object is read). `origin` names the
// file in errors; a relative "root" is resolved against `base_dir`.
GateConfig parse_gate_config(std::string_view json_text, const std::string& origin,
                             const std::filesystem::path& base_dir);
// Throws IoError naming the file if it cannot be read, ConfigError if invalid.
GateConfig load_gate_config(const std::filesystem::path& file);

// "90", "71.43" -> basis points; nullopt for negative, > 100 or more than two
// decimals.
std::optional<std::uint32_t> percent_to_basis_points(double percent);

}  // namespace automock::coverage
