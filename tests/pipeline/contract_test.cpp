// The contract stage against the real example service (todo_service): a
// release that renames a field is stopped before any deploy runs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/error.hpp>
#include <regex>

#include "pipeline/runner_fixture.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using pipeline::StageResult;
using ::testing::HasSubstr;

const std::string k_fixtures = std::string{AUTOMOCK_SOURCE_DIR} + "/fixtures/TodoClientTest";

// A pipeline: a contract stage for `release` (todo_service options), then a
// deploy that touches deployed-<target>.
std::string contract_then_deploy(const std::string& release, const std::string& fixtures) {
  return R"({"stages": [
    {"name": "contract", "contract": {
      "start": ")" TODO_SERVICE R"( --port {port} )" +
         release + R"(",
      "fixtures": [")" +
         fixtures + R"("],
      "test_binary": "build/examples/todo_client_tests"}},
    {"name": "deploy", "deploy": {"targets": ["a"], "run": "touch deployed-{target}"}}]})";
}

// The port the stage started the service on, from its "$ command" line.
int service_port(const std::string& output) {
  std::smatch match;
  if (!std::regex_search(output, match, std::regex{"--port ([0-9]+)"})) return 0;
  return std::stoi(match[1]);
}

TEST_F(RunnerTest, AReleaseThatRenamesAFieldFailsTheContractStageAndNothingIsDeployed) {
  const auto record =
      run(contract_then_deploy("--title-field name", k_fixtures + "/CreatesATodoWithTags"));
  EXPECT_EQ(record.result, RunResult::failed);
  ASSERT_EQ(record.stages.size(), 2u);
  EXPECT_EQ(record.stages[0].result, StageResult::failed);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
  EXPECT_FALSE(std::filesystem::exists(path("deployed-a")));
  EXPECT_TRUE(record.deployed.empty());
  EXPECT_THAT(output(), HasSubstr("CreatesATodoWithTags/POST-v1-todos-"));
  EXPECT_THAT(output(), HasSubstr("in TodoClientTest.CreatesATodoWithTags"));
  EXPECT_THAT(output(), HasSubstr("body /title: recorded string, now absent"));
  EXPECT_THAT(output(), HasSubstr("--gtest_filter=TodoClientTest.CreatesATodoWithTags"));
  EXPECT_THAT(output(), HasSubstr("contract broken"));
}

TEST_F(RunnerTest, TheServiceIsStoppedWhenTheContractStageEnds) {
  run(contract_then_deploy("--title-field name", k_fixtures + "/CreatesATodoWithTags"));
  const int port = service_port(output());
  ASSERT_NE(port, 0) << output();
  httplib::Client client{"127.0.0.1", port};
  client.set_connection_timeout(std::chrono::milliseconds{500});
  EXPECT_FALSE(client.Get("/health")) << "still listening on " << port;
}

TEST_F(RunnerTest, ACompatibleReleasePassesTheContractStageAndIsDeployed) {
  const auto record = run(contract_then_deploy("--added-field priority", k_fixtures));
  EXPECT_EQ(record.result, RunResult::passed) << output();
  EXPECT_EQ(record.stages[0].result, StageResult::passed);
  EXPECT_TRUE(std::filesystem::exists(path("deployed-a")));
  EXPECT_THAT(output(), HasSubstr(": 0 drifted"));
}

TEST_F(RunnerTest, AServiceThatNeverAcceptsFailsTheContractStage) {
  const auto record = run(R"({"stages": [{"name": "contract", "contract": {
      "start": "sleep 5 # {port}", "ready_timeout_s": 0.2, "fixtures": [")" +
                          k_fixtures + R"("]}}]})");
  EXPECT_EQ(record.stages[0].result, StageResult::failed);
  EXPECT_THAT(output(), HasSubstr("did not accept on 127.0.0.1:"));
}

TEST_F(RunnerTest, AContractStartCommandWithoutAPortIsAConfigError) {
  write_file(path("pipeline.json"), R"({"stages": [{"name": "c", "contract": {
      "start": "./service", "fixtures": ["f"]}}]})");
  try {
    pipeline::load_pipeline(path("pipeline.json"));
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/stages/0/contract/start"));
    EXPECT_THAT(error.what(), HasSubstr("{port}"));
  }
}

}  // namespace
}  // namespace automock::test
