#pragma once
// Fault sweeps from recordings (`automock sweep`): a GoogleTest binary's
// tests are run one per invocation in replay mode, each once as recorded
// (the baseline) and then once per recorded exchange and fault, with that
// one exchange answered by the fault (AUTOMOCK_FAULTS, in the fault rules' syntax).
// Each faulted run ends in one verdict: the test failed (the code surfaced
// the error), passed (it handled or swallowed it), hung (the deadline hit)
// or crashed (killed by a signal). Hung and crashed fail the sweep.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::pipeline {

class Interrupt;

enum class SweepFault { status_503, reset, timeout, truncated };
enum class SweepVerdict { failed, passed, hung, crashed };

std::string_view to_string(SweepFault fault);
std::string_view to_string(SweepVerdict verdict);
// "503", "reset", "timeout" or "truncated"; nullopt otherwise.
std::optional<SweepFault> parse_sweep_fault(std::string_view name);

struct SweepOptions {
  std::vector<std::string> command;  // the test binary and its arguments
  std::filesystem::path fixtures;    // cassettes at <fixtures>/<Suite>/<Test>
  std::vector<SweepFault> faults{SweepFault::status_503, SweepFault::reset, SweepFault::timeout,
                                 SweepFault::truncated};
  std::chrono::milliseconds deadline{10000};  // per run
  std::string filter;                         // --gtest_filter for listing; empty: all
};

// One run of one test.
struct SweepRun {
  std::string test;                    // Suite.Test
  std::optional<std::string> fixture;  // file name; none for the baseline
  std::optional<SweepFault> fault;
  SweepVerdict verdict = SweepVerdict::passed;
  int exit_code = 0;
  std::chrono::milliseconds duration{0};
  std::string output_tail;  // the run's last lines
};

struct SweepReport {
  std::vector<SweepRun> runs;                 // faulted runs, in order
  std::vector<SweepRun> failed_baselines;     // tests that fail even as recorded: not swept
  std::vector<std::string> without_cassette;  // tests with no recorded exchange
  bool interrupted = false;                   // stopped early (Ctrl-C)
  // Not interrupted, no baseline failed, no run hung or crashed.
  bool ok() const;
};

// The AUTOMOCK_FAULTS value (a JSON array of fault rules, the form of
// automock.json's "faults") that makes the exchange recorded with `key` and
// sequence number `seq` (the seq + 1-th request of that key) meet `fault`.
std::string sweep_fault_rule(const std::string& key, int seq, SweepFault fault);

// Runs the sweep; `on_run` sees each run as it ends (progress). Throws
// InputError when the command cannot list its tests, IoError when it cannot
// start.
SweepReport run_sweep(const SweepOptions& options,
                      const std::function<void(const SweepRun&)>& on_run,
                      const Interrupt* interrupt);

// Plain text, JSON, JUnit XML or Markdown.
enum class SweepFormat { text, json, junit, markdown };
std::optional<SweepFormat> parse_sweep_format(std::string_view name);
std::string format_sweep(const SweepReport& report, SweepFormat format);

}  // namespace automock::pipeline
