#pragma once
// Shared helpers for cassette tests: a temp cassette, a fake upstream, and
// an environment without AUTOMOCK_MODE or CI so each test sets what it needs.

#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <fstream>
#include <sstream>

#include "support/fake_upstream.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::test {

class CassetteTestBase : public ::testing::Test {
 protected:
  std::shared_ptr<Cassette> open(Mode mode, CassetteOptions options = {}) {
    options.mode = mode;
    return std::make_shared<Cassette>(dir_.path(), std::move(options));
  }

  static Request get(std::string target) { return test::get(std::move(target)); }
  static Request post_json(std::string target, std::string body) {
    return test::post_json(std::move(target), std::move(body));
  }

  std::vector<std::filesystem::path> files() const {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  std::string all_bytes_on_disk() const { return all_bytes_under(dir_.path()); }

  TempDir dir_;
  FakeUpstream upstream_;
  ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  ScopedEnv ci_env_{"CI", std::nullopt};
  ScopedEnv allow_env_{"AUTOMOCK_ALLOW_NETWORK_IN_CI", std::nullopt};
};

}  // namespace automock::test
