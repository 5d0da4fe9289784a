// automock sweep: fault sweeps from recordings (src/pipeline/sweep.hpp).

#include <automock/error.hpp>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "core/atomic_file.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/sweep.hpp"

namespace automock::cli {

namespace {

struct SweepArgs {
  std::vector<std::string> command;
  std::string fixtures = "fixtures";
  std::vector<std::string> faults{"503", "reset", "timeout", "truncated"};
  double deadline_s = 10;
  std::string filter;
  std::string output = "text";
  std::string report;
};

std::vector<pipeline::SweepFault> faults_of(const std::vector<std::string>& names) {
  std::vector<pipeline::SweepFault> faults;
  for (const auto& name : names) {
    const auto fault = pipeline::parse_sweep_fault(name);
    if (!fault) {
      throw InputError("--faults: '" + name + "' is not one of 503, reset, timeout, truncated");
    }
    faults.push_back(*fault);
  }
  return faults;
}

Outcome sweep(const SweepArgs& args) {
  pipeline::SweepOptions options{
      .command = args.command,
      .fixtures = args.fixtures,
      .faults = faults_of(args.faults),
      .deadline = std::chrono::milliseconds{static_cast<long>(args.deadline_s * 1000)},
      .filter = args.filter};
  pipeline::Interrupt interrupt;
  const pipeline::InterruptOnSignals on_signals(interrupt);
  const auto report = pipeline::run_sweep(
      options,
      [](const pipeline::SweepRun& run) {
        std::cerr << "[sweep] " << pipeline::to_string(run.verdict) << " "
                  << pipeline::to_string(*run.fault) << " " << run.test << " " << *run.fixture
                  << '\n';
      },
      &interrupt);
  const auto format = pipeline::parse_sweep_format(args.output).value();
  if (!args.report.empty()) {
    write_file_atomic(args.report, pipeline::format_sweep(report, format), WriteMode::replace);
    std::cout << pipeline::format_sweep(report, pipeline::SweepFormat::text);
  } else {
    std::cout << pipeline::format_sweep(report, format);
  }
  if (report.interrupted) return Outcome::interrupted;
  return check(report.ok());
}

}  // namespace

Runner define_sweep(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  app.add_option("command", args->command, "the GoogleTest binary and its arguments, after --")
      ->required();
  app.add_option("--fixtures", args->fixtures, "the cassettes' root: <root>/<Suite>/<Test>")
      ->capture_default_str();
  app.add_option("--faults", args->faults, "faults to try on each exchange")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--deadline", args->deadline_s, "seconds a run may take before it is hung")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--filter", args->filter, "--gtest_filter of the tests to sweep (default all)");
  app.add_option("--output", args->output, "text, json, junit or markdown")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "junit", "markdown"}));
  app.add_option("--report", args->report,
                 "write the --output report to this file (the text report still goes to stdout)");
  app.footer(
      "Each test runs once as recorded, then once per recorded exchange and fault with\n"
      "that exchange answered by the fault. Verdicts: failed (the code surfaced the\n"
      "error), passed (it handled or swallowed it), hung (the deadline hit), crashed (a\n"
      "signal). Exit 0 when nothing hung or crashed, 1 otherwise, 2 bad usage, 130\n"
      "interrupted. Example: automock sweep --fixtures fixtures -- build/todo_client_tests");
  return [args] { return sweep(*args); };
}

}  // namespace automock::cli
