// How a stage's environment and directory are layered: the pipeline's env,
// then the stage's; the pipeline's cwd, then the stage's, relative to it.

#include <gtest/gtest.h>

#include "pipeline/runner.hpp"
#include "pipeline/runner_fixture.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using pipeline::StageResult;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(RunnerTest, PipelineEnvReachesEveryStage) {
  run(R"({"env": {"SHARED": "from-pipeline"}, "stages": [
    {"name": "a", "run": "echo a=$SHARED"}, {"name": "b", "run": "echo b=$SHARED"}]})");
  EXPECT_TRUE(has(output(), "[a] a=from-pipeline\n")) << output();
  EXPECT_TRUE(has(output(), "[b] b=from-pipeline\n")) << output();
}

TEST_F(RunnerTest, StageEnvOverridesThePipelineEnvForThatStageOnly) {
  run(R"({"env": {"LEVEL": "pipeline"}, "stages": [
    {"name": "a", "env": {"LEVEL": "stage"}, "run": "echo a=$LEVEL"},
    {"name": "b", "run": "echo b=$LEVEL"}]})");
  EXPECT_TRUE(has(output(), "[a] a=stage\n")) << output();
  EXPECT_TRUE(has(output(), "[b] b=pipeline\n")) << output();
}

TEST_F(RunnerTest, AStageEnvDoesNotLeakIntoTheNextStage) {
  run(R"({"stages": [
    {"name": "a", "env": {"ONLY_A": "set"}, "run": "echo a=${ONLY_A:-unset}"},
    {"name": "b", "run": "echo b=${ONLY_A:-unset}"}]})");
  EXPECT_TRUE(has(output(), "[a] a=set\n")) << output();
  EXPECT_TRUE(has(output(), "[b] b=unset\n")) << output();
}

TEST_F(RunnerTest, PipelineEnvMaySetTheModeForEveryStage) {
  run(R"({"env": {"AUTOMOCK_MODE": "new_episodes"}, "stages": [
    {"name": "a", "run": "echo mode=$AUTOMOCK_MODE"}]})");
  EXPECT_TRUE(has(output(), "[a] mode=new_episodes\n")) << output();
}

TEST_F(RunnerTest, PipelineCwdIsTheBaseOfEveryStageCwd) {
  std::filesystem::create_directories(path("work/sub"));
  run(R"({"cwd": "work", "stages": [{"name": "a", "run": "pwd > here"},
                                  {"name": "b", "cwd": "sub", "run": "pwd > here"}]})");
  EXPECT_EQ(read_file(path("work/here")), std::filesystem::canonical(path("work")).string() + "\n");
  EXPECT_EQ(read_file(path("work/sub/here")),
            std::filesystem::canonical(path("work/sub")).string() + "\n");
  EXPECT_FALSE(std::filesystem::exists(path("here")));
}

TEST_F(RunnerTest, AMissingStageDirectoryFailsThatStage) {
  const auto record = run(R"({"stages": [{"name": "a", "cwd": "absent", "run": "true"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  ASSERT_EQ(record.stages.size(), 1u);
  EXPECT_NE(record.stages[0].result, StageResult::passed);
}

TEST_F(RunnerTest, DeployCommandsSeeTheStageEnvAndTheirTarget) {
  const auto record = run(R"({"env": {"REGION": "eu"}, "stages": [{"name": "deploy",
    "env": {"TIER": "web"}, "deploy": {"targets": ["h1", "h2"], "batch_size": 1,
    "run": "echo $REGION-$TIER-$AUTOMOCK_TARGET >> deployed.log"}}]})");
  EXPECT_EQ(record.result, RunResult::passed) << output();
  EXPECT_EQ(read_lines(path("deployed.log")), (std::vector<std::string>{"eu-web-h1", "eu-web-h2"}));
}

TEST_F(RunnerTest, AStageTimeoutFailsOnlyThatStageAndStopsThePipeline) {
  const auto record = run(R"({"stages": [
    {"name": "slow", "timeout_s": 0.2, "run": "sleep 5"},
    {"name": "after", "run": "touch after-ran"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  ASSERT_GE(record.stages.size(), 1u);
  EXPECT_EQ(record.stages[0].result, StageResult::timed_out);
  EXPECT_FALSE(std::filesystem::exists(path("after-ran")));
  EXPECT_TRUE(has(output(), "timed out after 200 ms")) << output();
}

}  // namespace
}  // namespace automock::test
