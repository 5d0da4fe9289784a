#pragma once
// The coverage gate: judges every configured module of a merged Report
// against its rules, and run_gate(), the entry point of `automock coverage`
// and of the pipeline runner's coverage stage.

#include <array>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "coverage/config.hpp"
#include "coverage/report.hpp"

namespace automock::coverage {

using MetricTotals = std::array<Totals, 3>;  // indexed by Metric

struct FileResult {
  std::string path;
  MetricTotals totals;
  const Totals& operator[](Metric metric) const { return totals[static_cast<int>(metric)]; }
};

enum class Verdict { pass, fail, vanished, not_gated };
std::string_view to_string(Verdict verdict);

// One row of the gate's table: a module, the unowned bucket or the total.
struct ModuleResult {
  std::string name;
  Rules rules;
  std::vector<FileResult> files;  // sorted by path
  MetricTotals totals;
  std::vector<std::string> failures;  // why it fails, one reason per entry
  bool vanished = false;              // configured, but no file in the report

  const Totals& operator[](Metric metric) const { return totals[static_cast<int>(metric)]; }
  Verdict verdict() const;
  // The files that pull the module down most: by uncovered lines, then path.
  std::vector<const FileResult*> worst_files(std::size_t limit) const;
};

struct GateResult {
  std::vector<ModuleResult> modules;    // in config order
  std::optional<ModuleResult> unowned;  // absent when empty or ignored
  ModuleResult total;                   // over all files, always
  std::vector<std::string> baseline_failures;
  std::vector<std::string> notes;     // e.g. "baseline written to ..."
  std::vector<std::string> warnings;  // from the readers

  bool passed() const;
};

// Assigns each file to the first module whose glob matches it and judges
// every module. Pure: no I/O.
GateResult evaluate(const GateConfig& config, const Report& report);

struct GateInvocation {
  std::filesystem::path config;
  std::vector<std::filesystem::path> reports;
  std::string output = "text";  // text | json | junit | markdown | github | html
  // With output html: where index.html and the badges go; the text report
  // is printed as well.
  std::filesystem::path output_dir = "coverage-html";
  std::string format = "auto";  // auto | lcov | gcovr-json | cobertura
  // Globs (like module paths) of source files that count as 0% covered when
  // no report mentions them.
  std::vector<std::string> sources;
  std::optional<std::filesystem::path> baseline;  // checked when given
  bool update_baseline = false;                   // writes `baseline` (ratchet)
  std::optional<std::string> allow_decrease;      // reason, recorded in the baseline
  std::size_t worst_files = 5;
};

// Runs the gate, prints its report to `out` and returns the result, whose
// passed() is false when a module failed or vanished, or the baseline check
// failed. Throws InputError / ConfigError for bad input, including reports
// without any data.
GateResult run_gate(const GateInvocation& invocation, std::ostream& out);

}  // namespace automock::coverage
