// automock: one binary, table-driven subcommands (cli/commands.cpp). This file
// only parses, dispatches and hands the outcome to cli/exit_code.hpp.

#include <iostream>

#include "cli/command.hpp"

namespace {

using automock::cli::Outcome;

Outcome run(int argc, char** argv) {
  CLI::App app{"automock: record real API exchanges once, replay them in tests", "automock"};
  app.set_version_flag("--version", std::string{"automock "} + AUTOMOCK_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "Run `automock COMMAND --help` for a command's options.\n"
      "Exit codes: 0 success, 1 a check failed (an unmatched request, a module below its\n"
      "floor, a failed stage), 2 bad usage or input.\n"
      "Environment: AUTOMOCK_MODE overrides the record mode. In CI (CI=true, or a CI\n"
      "system's variable such as GITHUB_ACTIONS or JENKINS_URL) the modes that reach the\n"
      "network are refused unless AUTOMOCK_ALLOW_NETWORK_IN_CI=1.");
  std::vector<std::pair<CLI::App*, automock::cli::Runner>> runners;
  for (const auto& command : automock::cli::commands()) {
    auto* sub = app.add_subcommand(std::string{command.name}, std::string{command.summary});
    runners.emplace_back(sub, command.define(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? Outcome::ok : Outcome::bad_input;
  }
  for (auto& [sub, runner] : runners) {
    if (sub->parsed()) return runner();
  }
  std::cout << app.help();
  return Outcome::ok;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return automock::cli::exit_code(run(argc, argv));
  } catch (const std::exception& error) {
    std::cerr << "automock: " << error.what() << '\n';
    return automock::cli::exit_code(automock::cli::outcome_of(error));
  }
}
