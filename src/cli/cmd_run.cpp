// automock run PIPELINE.json: parses the options and hands over to the
// pipeline library (include/automock/pipeline/runner.hpp).

#include <automock/pipeline/runner.hpp>
#include <filesystem>
#include <memory>

#include "cli/command.hpp"

namespace automock::cli {

namespace {

struct RunArgs {
  std::string pipeline;
  std::string history = ".automock/history.jsonl";
  bool no_history = false;
  std::string junit;
  int kill_grace_ms = 5000;
};

int run(const RunArgs& args) {
  const auto pipeline = pipeline::load_pipeline(args.pipeline);
  pipeline::Interrupt interrupt;
  const pipeline::InterruptOnSignals on_signals(interrupt);
  pipeline::RunOptions options;
  options.automock_exe = std::filesystem::read_symlink("/proc/self/exe");
  if (!args.no_history) options.history = args.history;
  if (!args.junit.empty()) options.junit = args.junit;
  options.interrupt = &interrupt;
  options.kill_grace = std::chrono::milliseconds{args.kill_grace_ms};
  return pipeline::exit_code(pipeline::run_pipeline(pipeline, options).result);
}

}  // namespace

Runner define_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  app.add_option("pipeline", args->pipeline, "The pipeline file (pipeline.json)")->required();
  app.add_option("--history", args->history, "Run history to append to")->capture_default_str();
  app.add_flag("--no-history", args->no_history, "Do not record the run");
  app.add_option("--junit", args->junit, "Write a JUnit XML report (one testcase per stage)");
  app.add_option("--kill-grace-ms", args->kill_grace_ms,
                 "Time between SIGTERM and SIGKILL for a stopped stage")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.footer(
      "Exit codes: 0 all stages passed, 1 a stage failed, 2 bad pipeline file, "
      "130 interrupted.");
  return [args] { return run(*args); };
}

}  // namespace automock::cli
