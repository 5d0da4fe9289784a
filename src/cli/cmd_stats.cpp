// automock stats: deployment figures from the run history
// (src/pipeline/stats.hpp).

#include <automock/error.hpp>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "pipeline/stats.hpp"

namespace automock::cli {

namespace {

struct StatsArgs {
  std::string history;
  std::string output = "text";
  int days = 28;
  std::string now;
};

Outcome stats(const StatsArgs& args) {
  pipeline::StatsOptions options;
  options.window_days = args.days;
  options.now = std::chrono::system_clock::now();
  if (!args.now.empty()) {
    const auto now = pipeline::parse_utc(args.now);
    if (!now) throw InputError("--now: expected an ISO 8601 UTC time such as 2026-11-26T10:00:00Z");
    options.now = *now;
  }
  const auto history = pipeline::read_history(args.history);
  const auto format = pipeline::parse_stats_format(args.output).value();
  std::cout << pipeline::format_stats(pipeline::compute_stats(history, options), format);
  return Outcome::ok;
}

}  // namespace

Runner define_stats(CLI::App& app) {
  auto args = std::make_shared<StatsArgs>();
  add_history_option(app, args->history, "run history to read (written by `automock run`)");
  app.add_option("--output", args->output, "text, json or markdown")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  app.add_option("--days", args->days, "window: the runs started in the last N days")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--now", args->now,
                 "compute as of this UTC time, e.g. 2026-11-26T10:00:00Z (default: now)");
  return [args] { return stats(*args); };
}

}  // namespace automock::cli
