#pragma once
// The subcommand table: one place lists every subcommand, so `--help` cannot
// drift from what exists. Each subcommand lives in its own cmd_<name>.cpp.

#include <CLI/CLI.hpp>
#include <functional>
#include <string_view>
#include <vector>

#include "cli/exit_code.hpp"

namespace automock::cli {

// Runs a parsed subcommand and says how it went; cli/exit_code.hpp turns that,
// and any exception the runner throws, into the exit code.
using Runner = std::function<Outcome()>;

struct Command {
  std::string_view name;
  std::string_view summary;
  // Declares the subcommand's options on `app` and returns its runner, which
  // reads the parsed values when called.
  std::function<Runner(CLI::App& app)> define;
};

const std::vector<Command>& commands();

// Declares --history (the pipeline run history; default
// pipeline::k_default_history) reading into `path`, described by `help`.
void add_history_option(CLI::App& app, std::string& path, const std::string& help);

// One per subcommand, each in its cmd_<name>.cpp.
Runner define_ca(CLI::App& app);
Runner define_coverage(CLI::App& app);
Runner define_record(CLI::App& app);
Runner define_fixtures(CLI::App& app);
Runner define_har(CLI::App& app);
Runner define_run(CLI::App& app);
Runner define_serve(CLI::App& app);
Runner define_stats(CLI::App& app);
Runner define_sweep(CLI::App& app);

}  // namespace automock::cli
