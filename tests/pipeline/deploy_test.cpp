#include <gtest/gtest.h>

#include <thread>

#include "pipeline/health_server.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/runner_fixture.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using pipeline::StageResult;
using Targets = std::vector<std::string>;

// A deploy stage that logs every deploy, health check and rollback to order.log.
std::string deploy_pipeline(const std::string& targets, int batch_size, const std::string& health,
                            const std::string& deploy = "echo deploy {target} >> order.log") {
  return R"({"stages": [{"name": "deploy", "deploy": {"targets": )" + targets +
         R"(, "batch_size": )" + std::to_string(batch_size) + R"(, "run": ")" + deploy +
         R"(", "rollback": "echo rollback $AUTOMOCK_TARGET >> order.log", "health": )" + health +
         "}}]}";
}

TEST_F(RunnerTest, HealthFailureOnSecondBatchRollsBackNewestFirstAndNeverDeploysTheThird) {
  HealthServer server({{"/health/a", {200}}, {"/health/b", {500}}, {"/health/c", {200}}});
  const auto record =
      run(deploy_pipeline(R"(["a", "b", "c"])", 1,
                          R"({"url": ")" + server.base_url() +
                              R"(/health/{target}", "retries": 1, "retry_delay_ms": 10})"));
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(read_lines(path("order.log")),
            (Targets{"deploy a", "deploy b", "rollback b", "rollback a"}));
  EXPECT_EQ(record.deployed, (Targets{"a", "b"}));
  EXPECT_EQ(record.rolled_back, (Targets{"b", "a"}));
  EXPECT_EQ(server.hits("/health/b"), 2);
  EXPECT_EQ(server.hits("/health/c"), 0);
  EXPECT_TRUE(record.failed_change());
}

TEST_F(RunnerTest, EachBatchIsHealthCheckedBeforeTheNextStarts) {
  const auto record = run(deploy_pipeline(R"(["a", "b", "c", "d", "e"])", 2,
                                          R"({"run": "echo health {target} >> order.log"})"));
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(read_lines(path("order.log")),
            (Targets{"deploy a", "deploy b", "health a", "health b", "deploy c", "deploy d",
                     "health c", "health d", "deploy e", "health e"}));
  EXPECT_EQ(record.deployed.size(), 5u);
  EXPECT_TRUE(record.rolled_back.empty());
  EXPECT_FALSE(record.failed_change());
}

TEST_F(RunnerTest, HealthCheckRetriesUntilTheServerAnswers2xx) {
  HealthServer server({{"/health", {503, 503, 200}}});
  const auto record = run(deploy_pipeline(
      R"(["only"])", 1,
      R"({"url": ")" + server.base_url() + R"(/health", "retries": 3, "retry_delay_ms": 10})"));
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(server.hits("/health"), 3);
  EXPECT_NE(output().find("HTTP 503"), std::string::npos);
}

TEST_F(RunnerTest, HealthCheckGivesUpAfterItsRetries) {
  HealthServer server({{"/health", {503}}});
  const auto record = run(deploy_pipeline(
      R"(["only"])", 1,
      R"({"url": ")" + server.base_url() + R"(/health", "retries": 2, "retry_delay_ms": 10})"));
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(server.hits("/health"), 3);
  EXPECT_EQ(record.rolled_back, (Targets{"only"}));
}

TEST_F(RunnerTest, UnreachableHealthUrlFailsTheDeploy) {
  int port = 0;
  {
    HealthServer closed({});
    port = std::stoi(closed.base_url().substr(closed.base_url().rfind(':') + 1));
  }
  const auto record = run(deploy_pipeline(R"(["only"])", 1,
                                          R"({"url": "http://127.0.0.1:)" + std::to_string(port) +
                                              R"(/health", "retries": 0, "timeout_s": 1})"));
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(record.rolled_back, (Targets{"only"}));
}

TEST_F(RunnerTest, FailedDeployCommandRollsBackEveryStartedTargetNewestFirst) {
  const auto record = run(deploy_pipeline(R"(["a", "b", "c"])", 2, R"({"run": "true"})",
                                          "echo deploy {target} >> order.log; test {target} != b"));
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(read_lines(path("order.log")),
            (Targets{"deploy a", "deploy b", "rollback b", "rollback a"}));
  EXPECT_EQ(record.deployed, (Targets{"a"}));
  EXPECT_EQ(record.stages[0].result, StageResult::failed);
}

TEST_F(RunnerTest, DeployWithoutRollbackCommandFailsAndRollsNothingBack) {
  const auto record = run(R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a", "b"],
    "run": "echo deploy {target} >> order.log", "health": {"run": "false", "retries": 0}}}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(read_lines(path("order.log")), (Targets{"deploy a"}));
  EXPECT_TRUE(record.rolled_back.empty());
  EXPECT_NE(output().find("no rollback command"), std::string::npos);
}

TEST_F(RunnerTest, HealthCommandIsRetriedUntilItPasses) {
  const auto record =
      run(deploy_pipeline(R"(["only"])", 1,
                          R"({"run": "echo try >> tries; test $(wc -l < tries) -ge 3", "retries": 5,
          "retry_delay_ms": 1})"));
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(read_lines(path("tries")).size(), 3u);
}

TEST_F(RunnerTest, DeployCommandOverItsTimeoutIsKilledAndRolledBack) {
  const auto record = run(R"({"stages": [{"name": "deploy", "timeout_s": 1, "deploy": {
    "targets": ["a", "b"], "run": "echo deploy {target} >> order.log; sleep 30",
    "rollback": "echo rollback {target} >> order.log"}}]})");
  EXPECT_EQ(record.stages[0].result, StageResult::timed_out);
  EXPECT_EQ(read_lines(path("order.log")), (Targets{"deploy a", "rollback a"}));
}

TEST_F(RunnerTest, InterruptDuringDeployStopsWithoutRollingBack) {
  pipeline::Interrupt interrupt;
  options_.interrupt = &interrupt;
  std::thread stopper([&] {
    if (wait_for_line(path("b.pid"))) interrupt.request();
  });
  const auto record = run(R"({"stages": [{"name": "deploy", "timeout_s": 20, "deploy": {
    "targets": ["a", "b", "c"],
    "run": "echo deploy {target} >> order.log; test {target} != b || { echo $$ > b.pid; sleep 30; }",
    "rollback": "echo rollback {target} >> order.log"}}]})");
  stopper.join();
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(read_lines(path("order.log")), (Targets{"deploy a", "deploy b"}));
  EXPECT_TRUE(record.rolled_back.empty());
  EXPECT_TRUE(process_gone(read_pid(path("b.pid"))));
}

}  // namespace
}  // namespace automock::test
