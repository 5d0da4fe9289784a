#include "pipeline/sweep.hpp"

#include <algorithm>
#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <deque>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/enum_names.hpp"
#include "core/exchange_cache.hpp"
#include "core/fixture_file.hpp"
#include "core/test_cassette.hpp"
#include "pipeline/process.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr EnumNames<SweepFault, 4> k_fault_names{{{SweepFault::status_503, "503"},
                                                  {SweepFault::reset, "reset"},
                                                  {SweepFault::timeout, "timeout"},
                                                  {SweepFault::truncated, "truncated"}}};
constexpr EnumNames<SweepVerdict, 4> k_verdict_names{{{SweepVerdict::failed, "failed"},
                                                      {SweepVerdict::passed, "passed"},
                                                      {SweepVerdict::hung, "hung"},
                                                      {SweepVerdict::crashed, "crashed"}}};
constexpr size_t k_tail_lines = 20;
constexpr int k_signal_base = 128;  // the shell's status for a process a signal killed
constexpr std::chrono::milliseconds k_kill_grace{1000};

// A GoogleTest test: its suite and name.
struct TestName {
  std::string suite;
  std::string name;
  std::string full() const { return suite + "." + name; }
};

std::string command_line(const std::vector<std::string>& words) {
  std::string line = "exec";
  for (const auto& word : words) line += " " + shell_quote(word);
  return line;
}

// Parses `--gtest_list_tests`: "Suite." lines, then "  Test" lines; either
// may end in a "  # GetParam() = ..." comment.
std::vector<TestName> parse_test_list(const std::vector<std::string>& lines) {
  std::vector<TestName> tests;
  std::string suite;
  for (const auto& line : lines) {
    const auto word = line.substr(0, line.find("  #", 1));
    if (!line.empty() && line.front() != ' ' && word.ends_with('.')) {
      suite = word.substr(0, word.size() - 1);
    } else if (line.starts_with("  ") && !suite.empty()) {
      tests.push_back({suite, word.substr(2, word.find(' ', 2) - 2)});
    }
  }
  return tests;
}

std::vector<TestName> list_tests(const SweepOptions& options, const Interrupt* interrupt) {
  std::vector<std::string> lines;
  auto words = options.command;
  words.push_back("--gtest_list_tests");
  if (!options.filter.empty()) words.push_back("--gtest_filter=" + options.filter);
  ProcessSpec spec{.command = command_line(words), .timeout = options.deadline};
  const auto result = run_process(
      spec, [&](std::string_view line) { lines.emplace_back(line); }, interrupt);
  if (!result.ok()) {
    throw InputError("'" + options.command.front() +
                     " --gtest_list_tests' did not list tests (exit " +
                     std::to_string(result.exit_code) + "): is it a GoogleTest binary?");
  }
  return parse_test_list(lines);
}

// A recorded exchange: its file name, and the key and sequence number that
// pick it out on replay (the seq + 1-th request of that key).
struct RecordedExchange {
  std::string file;
  std::string key;
  int seq = 0;
};

// The cassette's exchanges in recorded order (time, then file name).
std::vector<RecordedExchange> exchanges_in_recorded_order(const fs::path& cassette) {
  std::vector<std::pair<std::chrono::system_clock::time_point, RecordedExchange>> found;
  std::error_code error;
  for (fs::directory_iterator it{cassette, error}, end; !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    if (!is_fixture_file_name(name)) continue;
    const auto text = read_fixture_bytes(it->path(), k_default_max_fixture_bytes);
    if (!text) continue;
    const auto exchange = parse_fixture(*text, it->path().string());
    found.emplace_back(exchange.recorded_at, RecordedExchange{name, exchange.key, exchange.seq});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.file) < std::tie(b.first, b.second.file);
  });
  std::vector<RecordedExchange> exchanges;
  for (auto& entry : found) exchanges.push_back(std::move(entry.second));
  return exchanges;
}

class SweepRunner {
 public:
  SweepRunner(const SweepOptions& options, const Interrupt* interrupt)
      : options_(options), interrupt_(interrupt) {}

  SweepRun run(const TestName& test, const RecordedExchange* exchange,
               std::optional<SweepFault> fault) const {
    auto words = options_.command;
    words.push_back("--gtest_filter=" + test.full());
    ProcessSpec spec{
        .command = command_line(words),
        .env = {{"AUTOMOCK_MODE", "replay"}, {"AUTOMOCK_FIXTURES", options_.fixtures.string()}},
        .timeout = options_.deadline,
        .kill_grace = k_kill_grace};
    if (exchange && fault) {
      spec.env["AUTOMOCK_FAULTS"] = sweep_fault_rule(exchange->key, exchange->seq, *fault);
    }
    std::deque<std::string> tail;
    const auto started = Clock::now();
    const auto result = run_process(
        spec,
        [&](std::string_view line) {
          tail.emplace_back(line);
          if (tail.size() > k_tail_lines) tail.pop_front();
        },
        interrupt_);
    if (result.outcome == ProcessOutcome::interrupted) throw Interrupted{};
    SweepRun run{.test = test.full(), .fault = fault};
    if (exchange) run.fixture = exchange->file;
    run.exit_code = result.exit_code;
    run.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    run.verdict = verdict_of(result);
    for (const auto& line : tail) run.output_tail += line + "\n";
    return run;
  }

  struct Interrupted {};

 private:
  static SweepVerdict verdict_of(const ProcessResult& result) {
    if (result.outcome == ProcessOutcome::timed_out) return SweepVerdict::hung;
    if (result.exit_code > k_signal_base) return SweepVerdict::crashed;
    return result.exit_code == 0 ? SweepVerdict::passed : SweepVerdict::failed;
  }

  const SweepOptions& options_;
  const Interrupt* interrupt_;
};

}  // namespace

std::string_view to_string(SweepFault fault) {
  return name_of(k_fault_names, fault);
}

std::string_view to_string(SweepVerdict verdict) {
  return name_of(k_verdict_names, verdict);
}

std::optional<SweepFault> parse_sweep_fault(std::string_view name) {
  return value_of(k_fault_names, name);
}

bool SweepReport::ok() const {
  return !interrupted && failed_baselines.empty() &&
         std::none_of(runs.begin(), runs.end(), [](const auto& run) {
           return run.verdict == SweepVerdict::hung || run.verdict == SweepVerdict::crashed;
         });
}

std::string sweep_fault_rule(const std::string& key, int seq, SweepFault fault) {
  nlohmann::ordered_json rule{{"key", key}, {"call", seq + 1}};
  switch (fault) {
    case SweepFault::status_503:
      rule["fault"] = "status";
      rule["status"] = 503;
      break;
    case SweepFault::reset:
      rule["fault"] = "reset";
      break;
    case SweepFault::timeout:
      rule["fault"] = "no_answer";
      break;
    case SweepFault::truncated:
      rule["fault"] = "truncate";
      break;
  }
  return nlohmann::ordered_json::array({rule}).dump();
}

SweepReport run_sweep(const SweepOptions& options,
                      const std::function<void(const SweepRun&)>& on_run,
                      const Interrupt* interrupt) {
  SweepReport report;
  const SweepRunner runner{options, interrupt};
  for (const auto& test : list_tests(options, interrupt)) {
    const auto exchanges =
        exchanges_in_recorded_order(test_cassette_path(options.fixtures, test.suite, test.name));
    if (exchanges.empty()) {
      report.without_cassette.push_back(test.full());
      continue;
    }
    try {
      if (auto baseline = runner.run(test, nullptr, std::nullopt);
          baseline.verdict != SweepVerdict::passed) {
        report.failed_baselines.push_back(std::move(baseline));
        continue;
      }
      for (const auto& exchange : exchanges) {
        for (const auto fault : options.faults) {
          report.runs.push_back(runner.run(test, &exchange, fault));
          if (on_run) on_run(report.runs.back());
        }
      }
    } catch (const SweepRunner::Interrupted&) {
      report.interrupted = true;
      break;
    }
  }
  return report;
}

}  // namespace automock::pipeline
