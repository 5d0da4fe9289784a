// `automock run` and `automock stats` as a user runs them: a coverage stage
// runs the real gate through the binary itself, and the history one run
// writes is what stats reads.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_test_base.hpp"

namespace automock::test {
namespace {

using ::testing::HasSubstr;

class RunCliTest : public CliTestBase {
 protected:
  RunCliTest() {
    dir_.write("coverage.json",
               R"({"modules": [{"name": "core", "paths": ["src/core/**"], "lines": 80}]})");
  }

  // A pipeline with a build stage and a coverage stage gating `report_name`.
  std::filesystem::path pipeline_gating(const std::string& report_name) const {
    return dir_.write("pipeline.json", R"({"stages": [
      {"name": "build", "run": "echo building"},
      {"name": "gate", "coverage": {"config": "coverage.json", "reports": [")" +
                                           report_name + R"("]}}]})");
  }

  std::string history() const { return (dir_ / "history.jsonl").string(); }
};

TEST_F(RunCliTest, ACoverageStageRunsTheRealGateThroughTheBinary) {
  dir_.write("good.info", "SF:src/core/a.cpp\nDA:1,1\nDA:2,1\nend_of_record\n");
  const auto outcome = automock({"run", pipeline_gating("good.info").string(), "--no-history"});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("[build] building"));
  EXPECT_THAT(outcome.out, HasSubstr("[gate] coverage gate: passed"));
}

TEST_F(RunCliTest, AFailingCoverageStageFailsTheRun) {
  dir_.write("bad.info", "SF:src/core/a.cpp\nDA:1,1\nDA:2,0\nend_of_record\n");
  const auto outcome = automock({"run", pipeline_gating("bad.info").string(), "--no-history"});
  EXPECT_EQ(outcome.code, 1) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("[gate] coverage gate: FAILED (core)"));
}

TEST_F(RunCliTest, StatsReadsTheHistoryThatRunWrote) {
  dir_.write("good.info", "SF:src/core/a.cpp\nDA:1,1\nend_of_record\n");
  const auto pipeline = pipeline_gating("good.info").string();
  ASSERT_EQ(automock({"run", pipeline, "--history", history()}).code, 0);
  ASSERT_EQ(automock({"run", pipeline, "--history", history()}).code, 0);
  const auto stats = automock({"stats", "--history", history(), "--output", "json"});
  ASSERT_EQ(stats.code, 0) << testing::PrintToString(stats);
  EXPECT_EQ(nlohmann::json::parse(stats.out).at("runs"), 2);
}

TEST_F(RunCliTest, AFailedRunIsRecordedAsFailedInTheHistory) {
  const auto pipeline =
      dir_.write("failing.json", R"({"stages": [{"name": "test", "run": "exit 3"}]})");
  EXPECT_EQ(automock({"run", pipeline.string(), "--history", history()}).code, 1);
  const auto stats = automock({"stats", "--history", history(), "--output", "json"});
  ASSERT_EQ(stats.code, 0) << testing::PrintToString(stats);
  const auto figures = nlohmann::json::parse(stats.out);
  EXPECT_EQ(figures.at("runs"), 1);
  EXPECT_EQ(figures.at("streak").at("result"), "failed") << stats.out;
}

TEST_F(RunCliTest, AStageSeesReplayModeEvenWhenTheCallerRecords) {
  const auto pipeline = dir_.write(
      "mode.json", R"({"stages": [{"name": "test", "run": "echo mode=$AUTOMOCK_MODE"}]})");
  const auto outcome =
      automock({"run", pipeline.string(), "--no-history"}, Env{{"AUTOMOCK_MODE", "record"}});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("[test] mode=replay"));
}

}  // namespace
}  // namespace automock::test
