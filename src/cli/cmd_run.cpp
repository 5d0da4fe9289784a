// automock run PIPELINE.json: parses the options and hands over to the
// pipeline library (src/pipeline/runner.hpp).

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/command.hpp"
#include "pipeline/runner.hpp"

namespace automock::cli {

namespace {

struct RunArgs {
  std::string pipeline;
  std::string history;
  bool no_history = false;
  std::string junit;
  std::string summary;
  int kill_grace_ms = 5000;
};

Outcome run_outcome(pipeline::RunResult result) {
  switch (result) {
    case pipeline::RunResult::passed:
      return Outcome::ok;
    case pipeline::RunResult::failed:
      return Outcome::check_failed;
    case pipeline::RunResult::interrupted:
      return Outcome::interrupted;
  }
  return Outcome::check_failed;
}

// --summary FILE, and GitHub's job summary file when its variable is set.
std::vector<std::filesystem::path> summary_files(const std::string& option) {
  std::vector<std::filesystem::path> files;
  if (!option.empty()) files.emplace_back(option);
  const char* github = std::getenv("GITHUB_STEP_SUMMARY");
  if (github != nullptr && *github != '\0' && option != github) files.emplace_back(github);
  return files;
}

Outcome run(const RunArgs& args) {
  const auto pipeline = pipeline::load_pipeline(args.pipeline);
  pipeline::Interrupt interrupt;
  const pipeline::InterruptOnSignals on_signals(interrupt);
  pipeline::RunOptions options;
  options.automock_exe = std::filesystem::read_symlink("/proc/self/exe");
  if (!args.no_history) options.history = args.history;
  if (!args.junit.empty()) options.junit = args.junit;
  options.summaries = summary_files(args.summary);
  options.interrupt = &interrupt;
  options.kill_grace = std::chrono::milliseconds{args.kill_grace_ms};
  return run_outcome(pipeline::run_pipeline(pipeline, options).result);
}

}  // namespace

Runner define_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  app.add_option("PIPELINE", args->pipeline, "pipeline file: the stages to run in order")
      ->required();
  add_history_option(app, args->history, "run history to append to (read by `automock stats`)");
  app.add_flag("--no-history", args->no_history, "do not record the run");
  app.add_option("--junit", args->junit, "write a JUnit XML report (one testcase per stage)");
  app.add_option(
      "--summary", args->summary,
      "append a Markdown summary of the run (stages, gate, deploys, rollbacks) to this file");
  app.add_option("--kill-grace-ms", args->kill_grace_ms,
                 "time between SIGTERM and SIGKILL for a stage stopped by a timeout or Ctrl-C")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.footer(
      "Every command gets AUTOMOCK_MODE=replay unless the pipeline's or the stage's env\n"
      "sets it. When GITHUB_STEP_SUMMARY is set, the Markdown summary is also appended\n"
      "to the file it names (GitHub's job summary). Exit codes: 0 all stages passed,\n"
      "1 a stage failed, 2 bad pipeline file, 130 interrupted.");
  return [args] { return run(*args); };
}

}  // namespace automock::cli
