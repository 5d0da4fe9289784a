// Rolling deploys behind a real HAProxy, with traffic through the balancer
// (examples/lb/traffic.hpp: up to 500 requests a second) for the whole
// deploy: a good release rolls through every instance and a bad one is rolled
// back at the first batch, with no failed request in either. Each target is
// drained through HAProxy's runtime API (waiting for its sessions to end)
// before its deploy and restored once healthy.

#include <gtest/gtest.h>

#include <fstream>

#include "e2e/cli_test_base.hpp"
#include "e2e/lb_fleet.hpp"
#include "lb/traffic.hpp"

namespace automock::test {
namespace {

using Lines = std::vector<std::string>;

class LoadBalancedDeployTest : public CliTestBase {
 protected:
  // The deploy stage of examples/pipeline.json on this fleet's ports, every
  // command logging "<what> <target>" to order.log before it runs.
  std::string pipeline(const std::string& release) const {
    auto logged = [](const std::string& what, const std::string& command) {
      return "echo " + what + " {target} >> order.log && " + command + " {target}";
    };
    nlohmann::json targets = fleet_.targets();
    const nlohmann::json document = {
        {"env",
         {{"DEPLOY_STATE", fleet_.state_dir().string()},
          {"RELEASE_DIR", fleet_.release_dir(release)},
          {"LB_SOCKET", fleet_.socket().string()}}},
        {"stages",
         {{{"name", "deploy"},
           {"timeout_s", 30},
           {"deploy",
            {{"targets", targets},
             {"batch_size", 1},
             {"drain", logged("drain", BalancedFleet::script("lb/haproxy-server.sh drain"))},
             {"run", logged("deploy", BalancedFleet::script("deploy/deploy.sh"))},
             {"health",
              {{"run", "echo health {target} >> order.log && curl -fsS http://{target}/health"},
               {"retries", 3},
               {"retry_delay_ms", 50}}},
             {"restore", logged("restore", BalancedFleet::script("lb/haproxy-server.sh ready"))},
             {"rollback", logged("rollback", BalancedFleet::script("deploy/rollback.sh"))}}}}}}};
    return dir_.write("pipeline-" + release + ".json", document.dump(2)).string();
  }

  struct Deploy {
    Outcome outcome;
    lb::Traffic::Counts during;  // requests sent while automock ran
    double seconds = 0;
  };

  // Runs `automock run` on the release, counting the requests of `traffic`
  // during it; clears order.log first.
  Deploy deploy(const std::string& release, const lb::Traffic& traffic) {
    std::filesystem::remove(dir_ / "order.log");
    const auto file = pipeline(release);
    const auto before = traffic.counts();
    const auto start = std::chrono::steady_clock::now();
    Deploy deploy{automock({"run", file, "--no-history"}, {}, std::chrono::seconds{60})};
    deploy.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto after = traffic.counts();
    deploy.during = {after.sent - before.sent, after.failed - before.failed};
    return deploy;
  }

  Lines order() const {
    std::ifstream in{dir_ / "order.log"};
    Lines lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  // "drain t", "deploy t", "health t", "restore t" for each target in turn.
  Lines rolled_through_every_target() const {
    Lines lines;
    for (const auto& target : fleet_.targets()) {
      for (const char* what : {"drain ", "deploy ", "health ", "restore "}) {
        lines.push_back(what + target);
      }
    }
    return lines;
  }

  void expect_versions(const std::string& version) const {
    for (const auto& target : fleet_.targets()) {
      EXPECT_EQ(fleet_.version_on(target), version) << target;
    }
  }

  void expect_no_failed_request(const Deploy& deploy, const lb::Traffic& traffic) const {
    EXPECT_EQ(deploy.during.failed, 0) << traffic.failures();
    EXPECT_GE(static_cast<double>(deploy.during.sent) / deploy.seconds, 200.0)
        << deploy.during.sent << " requests in " << deploy.seconds << " s";
  }

  BalancedFleet fleet_{dir_};
};

TEST_F(LoadBalancedDeployTest, AGoodReleaseRollsThroughEveryInstanceWithoutAFailedRequest) {
  lb::Traffic traffic{fleet_.balancer_port()};
  const auto good = deploy("v2", traffic);
  traffic.stop();
  EXPECT_EQ(good.outcome.code, 0) << testing::PrintToString(good.outcome);
  expect_no_failed_request(good, traffic);
  EXPECT_EQ(order(), rolled_through_every_target());
  expect_versions("v2");
}

TEST_F(LoadBalancedDeployTest, ABadReleaseIsRolledBackAtTheFirstBatchWithoutAFailedRequest) {
  lb::Traffic traffic{fleet_.balancer_port()};
  const auto good = deploy("v2", traffic);
  ASSERT_EQ(good.outcome.code, 0) << testing::PrintToString(good.outcome);
  const auto bad = deploy("v3-broken", traffic);
  traffic.stop();
  EXPECT_EQ(bad.outcome.code, 1) << testing::PrintToString(bad.outcome);
  expect_no_failed_request(bad, traffic);
  const auto& first = fleet_.targets()[0];
  EXPECT_EQ(order(),
            (Lines{"drain " + first, "deploy " + first, "health " + first, "health " + first,
                   "health " + first, "health " + first, "rollback " + first, "restore " + first}));
  expect_versions("v2");
}

}  // namespace
}  // namespace automock::test
