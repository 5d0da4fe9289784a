#pragma once
// Helpers for the coverage tests: read inline text or sample files into a Report.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "coverage/readers.hpp"
#include "coverage/report.hpp"

namespace automock::coverage::testing {

inline const std::filesystem::path k_samples =
    std::filesystem::path(AUTOMOCK_SOURCE_DIR) / "fixtures" / "coverage";
// make-samples.sh builds the sample program here, so the samples' absolute
// paths start with it.
inline const std::filesystem::path k_sample_root = "/tmp/automock-coverage-sample";

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Totals report_totals(const Report& report, Metric metric,
                            ExceptionBranches exceptions = ExceptionBranches::include) {
  Totals totals;
  for (const auto& entry : report.files()) totals += entry.coverage.totals(metric, exceptions);
  return totals;
}

inline Report read_samples(std::initializer_list<const char*> names) {
  Report report(k_sample_root);
  for (const char* name : names) read_report_file(k_samples / name, Format::automatic, report);
  report.finalize();
  return report;
}

inline Report read_lcov_text(std::string_view text, const std::filesystem::path& root = "/repo") {
  Report report(root);
  read_lcov(text, "test.info", report);
  report.finalize();
  return report;
}

inline const FileCoverage* find_file(const Report& report, std::string_view path) {
  for (const auto& entry : report.files()) {
    if (entry.path == path) return &entry.coverage;
  }
  return nullptr;
}

}  // namespace automock::coverage::testing
