#pragma once
// A fixture for tests of the built `automock` binary that run it to
// completion: exit code, stdout and stderr of each run, in a temp dir.

#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "e2e/child_process.hpp"
#include "support/temp_dir.hpp"

namespace automock::test {

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

inline void PrintTo(const Outcome& outcome, std::ostream* stream) {
  *stream << "exit " << outcome.code << "\nstdout:\n"
          << outcome.out << "\nstderr:\n"
          << outcome.err;
}

class CliTestBase : public ::testing::Test {
 protected:
  using Env = std::map<std::string, std::optional<std::string>>;

  // Runs automock with `arguments` to completion, without CI, AUTOMOCK_MODE
  // or AUTOMOCK_ALLOW_NETWORK_IN_CI unless `env` sets them. A child still
  // running after `timeout` is killed, which shows as exit code 137.
  Outcome automock(const std::vector<std::string>& arguments, Env env = {},
                   std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    env.emplace("CI", std::nullopt);
    env.emplace("AUTOMOCK_MODE", std::nullopt);
    env.emplace("AUTOMOCK_ALLOW_NETWORK_IN_CI", std::nullopt);
    std::vector<std::string> argv{AUTOMOCK_CLI_PATH};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    ChildProcess child{argv, dir_ / ("stderr-" + std::to_string(runs_++) + ".txt"), env};
    Outcome outcome;
    outcome.out = child.read_rest(timeout);
    child.send_signal(SIGKILL);
    outcome.code = child.wait();
    outcome.err = child.stderr_text();
    return outcome;
  }

  TempDir dir_;
  int runs_ = 0;
};

}  // namespace automock::test
