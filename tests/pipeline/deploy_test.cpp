#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/unique_fd.hpp"
#include "pipeline/health_server.hpp"
#include "pipeline/runner.hpp"
#include "pipeline/runner_fixture.hpp"
#include "support/loopback.hpp"

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

// A socket listening on 127.0.0.1 that never accepts: the kernel completes
// connections into its backlog, so a client connects and then waits forever.
class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (!fd_ || ::bind(fd_.get(), generic, size) != 0 || ::listen(fd_.get(), 8) != 0 ||
        ::getsockname(fd_.get(), generic, &size) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  int port() const { return port_; }

 private:
  UniqueFd fd_;
  int port_ = 0;
};

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

TEST_F(RunnerTest, ATargetHoldingShellSyntaxReachesEveryCommandAsOneWordAndRunsNothing) {
  const auto record = run(deploy_pipeline(R"x(["a b; touch pwned", "it's $(touch pwned2)"])x", 1,
                                          R"({"run": "echo health {target} >> order.log"})",
                                          "echo deploy {target} >> order.log; exit 1"));
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(read_lines(path("order.log")),
            (Targets{"deploy a b; touch pwned", "rollback a b; touch pwned"}));
  EXPECT_FALSE(std::filesystem::exists(path("pwned")));
  const auto health = run(deploy_pipeline(R"x(["it's $(touch pwned2)"])x", 1,
                                          R"({"run": "echo health {target} >> order.log"})"));
  EXPECT_EQ(health.result, RunResult::passed);
  EXPECT_EQ(read_lines(path("order.log")).back(), "health it's $(touch pwned2)");
  EXPECT_FALSE(std::filesystem::exists(path("pwned2")));
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
  const std::string said = "health http://127.0.0.1:" + std::to_string(port) +
                           "/health: connection refused or host unreachable\n";
  EXPECT_NE(output().find(said), std::string::npos) << output();
}

TEST_F(RunnerTest, HealthUrlThatNeverAnswersTimesOutAfterItsTimeoutAndSaysSo) {
  const SilentListener silent;
  const std::string url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/health";
  const auto started = std::chrono::steady_clock::now();
  const auto record = run(deploy_pipeline(
      R"(["only"])", 1, R"({"url": ")" + url + R"(", "retries": 0, "timeout_s": 0.3})"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{5});
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_NE(output().find("health " + url + ": timed out\n"), std::string::npos) << output();
}

TEST_F(RunnerTest, HttpsHealthUrlWithAnUntrustedCertificateFailsSayingTlsFailed) {
  ASSERT_TRUE(make_self_signed_certificate(path("key.pem"), path("cert.pem")));
  httplib::SSLServer server{path("cert.pem").c_str(), path("key.pem").c_str()};
  server.Get("/health", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread listener{[&server] { server.listen_after_bind(); }};
  while (!server.is_running()) std::this_thread::yield();
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/health";
  const auto record = run(deploy_pipeline(
      R"(["only"])", 1, R"({"url": ")" + url + R"(", "retries": 0, "timeout_s": 5})"));
  server.stop();
  listener.join();
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_NE(output().find("health " + url + ": TLS failed"), std::string::npos) << output();
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
  const auto record = run_interrupted_at("b.pid", R"({"stages": [{"name": "deploy",
    "timeout_s": 20, "deploy": {"targets": ["a", "b", "c"],
    "run": "echo deploy {target} >> order.log; test {target} != b || { echo $$ > b.pid; sleep 30; }",
    "rollback": "echo rollback {target} >> order.log"}}]})");
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(read_lines(path("order.log")), (Targets{"deploy a", "deploy b"}));
  EXPECT_TRUE(record.rolled_back.empty());
  EXPECT_TRUE(process_gone(read_pid(path("b.pid"))));
}

}  // namespace
}  // namespace automock::test
