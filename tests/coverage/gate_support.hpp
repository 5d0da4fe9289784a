#pragma once
// Builds small reports and configs for the gate tests.

#include <string>

#include "coverage/config.hpp"
#include "coverage/gate.hpp"
#include "coverage/report.hpp"

namespace automock::coverage::testing {

// Adds `path` with `covered` lines run once and `total - covered` never run.
inline void add_lines(Report& report, const std::string& path, std::uint32_t covered,
                      std::uint32_t total) {
  FileCoverage& file = report.file(path);
  for (std::uint32_t line = 1; line <= total; ++line) file.add_line(line, line <= covered ? 1 : 0);
}

inline GateConfig config_of(const std::string& json) {
  return parse_gate_config(json, "coverage.json", "/repo");
}

inline GateResult gate(const std::string& config_json, Report& report) {
  report.finalize();
  return evaluate(config_of(config_json), report);
}

}  // namespace automock::coverage::testing
