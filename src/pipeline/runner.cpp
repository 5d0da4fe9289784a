#include "pipeline/runner.hpp"

#include <automock/error.hpp>
#include <cstdio>
#include <iostream>

#include "pipeline/commit_time.hpp"
#include "pipeline/contract.hpp"
#include "pipeline/deploy.hpp"
#include "pipeline/junit.hpp"
#include "pipeline/run_summary.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string coverage_command(const CoverageStep& coverage, const std::filesystem::path& exe) {
  std::string command =
      shell_quote(exe.string()) + " coverage --config " + shell_quote(coverage.config);
  if (coverage.output) command += " --output " + shell_quote(*coverage.output);
  for (const auto& report : coverage.reports) command += " " + shell_quote(report);
  return command;
}

StageKind kind_of(const Stage& stage) {
  if (std::holds_alternative<CoverageStep>(stage.step)) return StageKind::coverage;
  if (std::holds_alternative<DeployStep>(stage.step)) return StageKind::deploy;
  if (std::holds_alternative<ContractStep>(stage.step)) return StageKind::contract;
  return StageKind::run;
}

StageContext context_for(const Pipeline& pipeline, const Stage& stage, const RunOptions& options,
                         std::ostream& out) {
  StageContext context{
      stage.name,         pipeline.env,      stage.cwd, seconds_to_ms(stage.timeout_s),
      options.kill_grace, options.interrupt, &out};
  for (const auto& [key, value] : stage.env) context.env[key] = value;
  // CI must never reach a real API by accident: replay unless told otherwise.
  context.env.try_emplace("AUTOMOCK_MODE", "replay");
  return context;
}

// Runs one command of a run or coverage stage and says why it did not pass.
StageResult run_command(const std::string& command, const StageContext& context) {
  context.say("$ " + command);
  const auto result = context.run(command);
  if (result.outcome == ProcessOutcome::exited && result.exit_code != 0) {
    context.say("exit code " + std::to_string(result.exit_code));
  } else if (result.outcome == ProcessOutcome::timed_out) {
    context.say("timed out after " + std::to_string(context.timeout.count()) + " ms");
  }
  return to_stage_result(result);
}

void append_targets(std::vector<std::string>& to, const std::vector<std::string>& targets) {
  to.insert(to.end(), targets.begin(), targets.end());
}

StageResult run_stage(const Stage& stage, const StageContext& context, const RunOptions& options,
                      RunRecord& record) {
  if (const auto* run = std::get_if<RunStep>(&stage.step)) {
    return run_command(run->command, context);
  }
  if (const auto* coverage = std::get_if<CoverageStep>(&stage.step)) {
    return run_command(coverage_command(*coverage, options.automock_exe), context);
  }
  if (const auto* contract = std::get_if<ContractStep>(&stage.step)) {
    return run_contract(*contract, context);
  }
  const auto outcome = run_deploy(std::get<DeployStep>(stage.step), context);
  append_targets(record.deployed, outcome.deployed);
  append_targets(record.rolled_back, outcome.rolled_back);
  append_targets(record.drained, outcome.drained);
  append_targets(record.restored, outcome.restored);
  return outcome.result;
}

std::string format_seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%8.2f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

void print_summary(const RunRecord& record, std::ostream& out) {
  std::size_t width = 8;
  for (const auto& stage : record.stages) width = std::max(width, stage.name.size());
  auto row = [&](std::string_view name, std::string_view result, std::string_view duration) {
    out << name << std::string(width + 2 - name.size(), ' ') << result
        << std::string(13 - std::min<std::size_t>(result.size(), 12), ' ') << duration << '\n';
  };
  out << '\n';
  row("stage", "result", "duration");
  for (const auto& stage : record.stages) {
    const bool ran = stage.result != StageResult::skipped;
    row(stage.name, to_string(stage.result), ran ? format_seconds(stage.duration) : "       -");
  }
  row("pipeline", to_string(record.result), format_seconds(record.duration));
  if (!record.deployed.empty()) out << "deployed: " << record.deployed.size() << " target(s)\n";
  if (!record.rolled_back.empty()) {
    out << "rolled back: " << record.rolled_back.size() << " target(s)\n";
  }
  out.flush();
}

RunResult run_result(StageResult result) {
  if (result == StageResult::interrupted) return RunResult::interrupted;
  return result == StageResult::passed ? RunResult::passed : RunResult::failed;
}

std::chrono::milliseconds since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
}

// Runs stage `index` (unless an interrupt came first) and records its result.
void run_timed(const Stage& stage, const StageContext& context, const RunOptions& options,
               std::size_t index, RunRecord& record) {
  const auto start = SteadyClock::now();
  const StageResult result =
      context.interrupted() ? StageResult::interrupted : run_stage(stage, context, options, record);
  record.stages[index].result = result;
  record.stages[index].duration = since(start);
  record.result = run_result(result);
  if (result != StageResult::passed) context.say(std::string{to_string(result)});
}

std::vector<std::string> texts_of(const std::vector<OutputTail>& tails) {
  std::vector<std::string> texts;
  for (const auto& tail : tails) texts.push_back(tail.text());
  return texts;
}

void check_options(const Pipeline& pipeline, const RunOptions& options) {
  for (const auto& stage : pipeline.stages) {
    if (kind_of(stage) == StageKind::coverage && options.automock_exe.empty()) {
      throw InputError("stage '" + stage.name +
                       "' runs the coverage gate but no automock executable was given");
    }
  }
}

}  // namespace

RunRecord run_pipeline(const Pipeline& pipeline, const RunOptions& options) {
  check_options(pipeline, options);
  std::ostream& out = options.out != nullptr ? *options.out : std::cout;
  RunRecord record;
  record.started_at = options.now ? options.now() : std::chrono::system_clock::now();
  record.pipeline = pipeline.file.string();
  const std::filesystem::path checkout =
      pipeline.file.parent_path().empty() ? "." : pipeline.file.parent_path();
  record.commit = git_head(checkout);
  if (record.commit) record.committed_at = git_commit_time(checkout, *record.commit);
  for (const auto& stage : pipeline.stages) record.stages.push_back({stage.name, kind_of(stage)});
  std::vector<OutputTail> tails(pipeline.stages.size());
  const auto start = SteadyClock::now();
  for (std::size_t i = 0; i < pipeline.stages.size() && record.result == RunResult::passed; ++i) {
    auto context = context_for(pipeline, pipeline.stages[i], options, out);
    context.tail = &tails[i];
    run_timed(pipeline.stages[i], context, options, i, record);
  }
  record.duration = since(start);
  print_summary(record, out);
  if (options.history) append_history(*options.history, record);
  if (options.junit) write_junit(*options.junit, record, texts_of(tails));
  for (const auto& file : options.summaries) append_markdown_summary(file, record, texts_of(tails));
  return record;
}

std::optional<std::string> git_head(const std::filesystem::path& directory) {
  std::string output;
  const ProcessSpec spec{"git rev-parse HEAD 2>/dev/null", {}, directory, std::chrono::seconds{10}};
  const auto result = run_process(
      spec, [&output](std::string_view line) { output += line; }, nullptr);
  if (!result.ok() || output.size() < 40) return std::nullopt;
  for (char c : output) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return output;
}

}  // namespace automock::pipeline
