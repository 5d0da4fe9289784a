#pragma once
// A ReplayServer over a temporary cassette holding one recorded GET per
// target ("recorded <target>" as its body), for fault and load tests.
#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/cassette_engine.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::test_support {

class ReplayFixture {
 public:
  explicit ReplayFixture(const std::vector<std::string>& targets) {
    cassette_ = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
    for (const auto& target : targets) {
      CassetteEngine{*cassette_}.record(
          Request{.method = "GET", .target = target},
          Response{200, {{"Content-Type", "text/plain"}}, "recorded " + target}, 1.0);
    }
    server_ = std::make_unique<ReplayServer>(cassette_, ServerOptions{.threads = 2});
  }

  uint16_t port() const { return server_->port(); }
  Cassette& cassette() { return *cassette_; }

 private:
  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

}  // namespace automock::test_support
