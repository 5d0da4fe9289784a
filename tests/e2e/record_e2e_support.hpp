#pragma once
// The fixture of the end-to-end tests of `automock record`: starts the built
// binaries (automock, todo_service) as children, reads their ports from what
// they print, and reads the cassette they leave.

#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/fixture.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include "e2e/child_process.hpp"
#include "support/httplib_server.hpp"
#include "support/temp_dir.hpp"

namespace automock::test {

namespace fs = std::filesystem;

struct Call {
  std::string method;
  std::string path;
  std::string body;
};

struct Answer {
  int status = 0;
  std::string body;
  friend bool operator==(const Answer&, const Answer&) = default;
};

inline Answer call(httplib::Client& client, const Call& what) {
  httplib::Request request;
  request.method = what.method;
  request.path = what.path;
  request.body = what.body;
  request.set_header("Authorization", "Bearer e2e-secret-token");
  if (!what.body.empty()) request.set_header("Content-Type", "application/json");
  const auto result = client.send(request);
  if (!result) return Answer{0, httplib::to_string(result.error())};
  return Answer{result->status, result->body};
}

class RecordE2eTest : public ::testing::Test {
 protected:
  using Env = std::map<std::string, std::optional<std::string>>;

  // Starts a child and reads its port from the line containing `ready`.
  std::unique_ptr<ChildProcess> spawn(const std::vector<std::string>& argv,
                                      const std::string& ready, int& port, Env env = {}) {
    env.emplace("CI", std::nullopt);
    env.emplace("AUTOMOCK_MODE", std::nullopt);
    const auto log = dir_ / ("stderr-" + std::to_string(children_++) + ".txt");
    auto child = std::make_unique<ChildProcess>(argv, log, env);
    const auto line = child->read_line_containing(ready);
    EXPECT_TRUE(line) << argv[0] << " never printed '" << ready << "': " << child->stderr_text();
    port = line ? ChildProcess::port_in(*line) : 0;
    return child;
  }

  std::unique_ptr<ChildProcess> start_todo_service(int& port) {
    return spawn({TODO_SERVICE_PATH, "--port", "0"}, "listening on", port);
  }

  std::unique_ptr<ChildProcess> start_record(std::vector<std::string> arguments, int& port,
                                             Env env = {}) {
    arguments.insert(arguments.begin(), {AUTOMOCK_CLI_PATH, "record", "--listen", "127.0.0.1:0",
                                         "--cassette", cassette().string()});
    return spawn(arguments, "listening on", port, std::move(env));
  }

  std::unique_ptr<ChildProcess> start_serve(std::vector<std::string> arguments, int& port) {
    arguments.insert(arguments.begin(), {AUTOMOCK_CLI_PATH, "serve", "--listen", "127.0.0.1:0",
                                         "--cassette", cassette().string()});
    return spawn(arguments, "http://127.0.0.1:", port);
  }

  // Stops a recorder with SIGINT; returns its output after the signal.
  static std::string interrupt(ChildProcess& child) {
    child.send_signal(SIGINT);
    auto rest = child.read_rest();
    EXPECT_EQ(child.wait(), 0) << child.stderr_text();
    return rest;
  }

  fs::path cassette() const { return dir_ / "cassette"; }

  std::vector<Exchange> fixtures() const {
    std::vector<Exchange> exchanges;
    for (const auto& entry : fs::directory_iterator(cassette())) {
      exchanges.push_back(read_fixture(entry.path()));
    }
    return exchanges;
  }

  std::string all_bytes_on_disk() const { return all_bytes_under(cassette()); }

  TempDir dir_;
  int children_ = 0;
};

}  // namespace automock::test
