// automock: one binary, table-driven subcommands (cli/commands.cpp). This file
// only parses, dispatches and maps exceptions to exit codes.

#include <automock/error.hpp>
#include <iostream>

#include "cli/command.hpp"

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_check_failed = 1;
constexpr int k_exit_bad_input = 2;

int run(int argc, char** argv) {
  CLI::App app{"automock: record real API exchanges once, replay them in tests", "automock"};
  app.set_version_flag("--version", std::string{"automock "} + AUTOMOCK_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "Run `automock COMMAND --help` for a command's options.\n"
      "Exit codes: 0 success, 1 a check failed (an unmatched request, a module below its\n"
      "floor, a failed stage), 2 bad usage or input.\n"
      "Environment: AUTOMOCK_MODE overrides the record mode. Under CI=true the modes that\n"
      "reach the network are refused unless AUTOMOCK_ALLOW_NETWORK_IN_CI=1.");
  std::vector<std::pair<CLI::App*, automock::cli::Runner>> runners;
  for (const auto& command : automock::cli::commands()) {
    auto* sub = app.add_subcommand(std::string{command.name}, std::string{command.summary});
    runners.emplace_back(sub, command.define(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? k_exit_ok : k_exit_bad_input;
  }
  for (auto& [sub, runner] : runners) {
    if (sub->parsed()) return runner();
  }
  std::cout << app.help();
  return k_exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const automock::CheckFailed& error) {
    std::cerr << "automock: " << error.what() << '\n';
    return k_exit_check_failed;
  } catch (const std::exception& error) {
    std::cerr << "automock: " << error.what() << '\n';
    return k_exit_bad_input;
  }
}
