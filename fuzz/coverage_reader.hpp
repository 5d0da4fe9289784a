#pragma once
// One coverage report reader under the fuzzer: bad input may only throw
// automock::Error; what was read finalises and totals without failing.
#include <automock/error.hpp>

#include "coverage/readers.hpp"
#include "coverage/report.hpp"
#include "fuzz_support.hpp"

namespace automock::fuzz {

using Reader = void (*)(std::string_view, const std::string&, coverage::Report&);

inline void read_and_total(const uint8_t* data, size_t size, Reader reader) {
  coverage::Report report{"/fuzz/root"};
  try {
    reader(as_text(data, size), "fuzz.report", report);
  } catch (const automock::Error&) {
    return;
  }
  report.finalize();
  for (const auto& entry : report.files()) {
    for (const auto metric : coverage::k_metrics) {
      const auto totals = entry.coverage.totals(metric, coverage::ExceptionBranches::exclude);
      check(totals.covered <= totals.total, "covered <= total");
      totals.basis_points();
    }
  }
}

}  // namespace automock::fuzz
