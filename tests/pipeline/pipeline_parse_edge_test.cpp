// Every constraint of the pipeline.json tables in docs/pipeline.md gives a
// ConfigError naming the file, the JSON path at fault and what was expected.
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "pipeline/pipeline.hpp"

namespace automock::pipeline {
namespace {

struct BadPipeline {
  const char* name;
  std::string json;
  const char* path;
  const char* expected;  // part of the message
};

std::string with_stage(const std::string& stage) {
  return R"({"stages": [)" + stage + "]}";
}

std::string with_deploy(const std::string& members) {
  return with_stage(R"({"name": "d", "deploy": {"targets": ["a"], "run": "x")" + members + "}}");
}

std::string with_health(const std::string& health) {
  return with_deploy(R"(, "health": )" + health);
}

class PipelineParseEdgeTest : public testing::TestWithParam<BadPipeline> {};

TEST_P(PipelineParseEdgeTest, NamesTheFileThePathAndWhatWasExpected) {
  try {
    parse_pipeline(GetParam().json, "ci/pipeline.json");
    FAIL() << "accepted: " << GetParam().json;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "ci/pipeline.json");
    EXPECT_EQ(error.json_path(), GetParam().path) << error.what();
    EXPECT_NE(std::string{error.what()}.find(GetParam().expected), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    PipelineParseEdgeTest, PipelineParseEdgeTest,
    testing::Values(
        BadPipeline{"StagesNotAnArray", R"({"stages": {"a": 1}})", "/stages", "non-empty array"},
        BadPipeline{"StageNotAnObject", R"({"stages": ["build"]})", "/stages/0",
                    "expected an object"},
        BadPipeline{"TopLevelEnvNotAnObject",
                    R"({"env": ["A=1"], "stages": [{"name": "a", "run": "x"}]})", "/env",
                    "object of strings"},
        BadPipeline{"TopLevelCwdNotAString", R"({"cwd": 1, "stages": [{"name": "a", "run": "x"}]})",
                    "/cwd", "non-empty string"},
        BadPipeline{"StageWithoutName", with_stage(R"({"run": "x"})"), "/stages/0/name",
                    "missing, expected a string"},
        BadPipeline{"StageWithEmptyName", with_stage(R"({"name": "", "run": "x"})"),
                    "/stages/0/name", "non-empty string"},
        BadPipeline{"StageWithEmptyCommand", with_stage(R"({"name": "a", "run": ""})"),
                    "/stages/0/run", "non-empty string"},
        BadPipeline{"StageWithoutAnyStep", with_stage(R"({"name": "a"})"), "/stages/0/run",
                    "exactly one of run, coverage and deploy"},
        BadPipeline{
            "StageWithRunAndDeploy",
            with_stage(R"({"name": "a", "run": "x", "deploy": {"targets": ["t"], "run": "y"}})"),
            "/stages/0/run", "exactly one of"},
        BadPipeline{"ZeroTimeout", with_stage(R"({"name": "a", "run": "x", "timeout_s": 0})"),
                    "/stages/0/timeout_s", "expected a number >= 0.001"},
        BadPipeline{"TimeoutAsText", with_stage(R"({"name": "a", "run": "x", "timeout_s": "60"})"),
                    "/stages/0/timeout_s", "expected a number"},
        BadPipeline{"StageCwdEmpty", with_stage(R"({"name": "a", "run": "x", "cwd": ""})"),
                    "/stages/0/cwd", "non-empty string"},
        BadPipeline{"UnknownStageKey", with_stage(R"({"name": "a", "run": "x", "retry": 2})"),
                    "/stages/0/retry", "unknown key (expected one of name, run, coverage"},
        BadPipeline{"CoverageWithoutConfig",
                    with_stage(R"({"name": "c", "coverage": {"reports": ["a.info"]}})"),
                    "/stages/0/coverage/config", "missing"},
        BadPipeline{"CoverageWithoutReports",
                    with_stage(R"({"name": "c", "coverage": {"config": "c.json", "reports": []}})"),
                    "/stages/0/coverage/reports", "non-empty array of strings"},
        BadPipeline{
            "CoverageWithAnEmptyReport",
            with_stage(R"({"name": "c", "coverage": {"config": "c.json", "reports": ["a", ""]}})"),
            "/stages/0/coverage/reports/1", "non-empty string"},
        BadPipeline{"CoverageNotAnObject", with_stage(R"({"name": "c", "coverage": "c.json"})"),
                    "/stages/0/coverage", "expected an object"},
        BadPipeline{
            "UnknownCoverageKey",
            with_stage(
                R"({"name": "c", "coverage": {"config": "c", "reports": ["r"], "format": "lcov"}})"),
            "/stages/0/coverage/format", "unknown key"},
        BadPipeline{"DeployTargetsNotAnArray",
                    with_stage(R"({"name": "d", "deploy": {"targets": "a", "run": "x"}})"),
                    "/stages/0/deploy/targets", "non-empty array"},
        BadPipeline{"DeployWithoutCommand",
                    with_stage(R"({"name": "d", "deploy": {"targets": ["a"]}})"),
                    "/stages/0/deploy/run", "missing"},
        BadPipeline{"FractionalBatchSize", with_deploy(R"(, "batch_size": 1.5)"),
                    "/stages/0/deploy/batch_size", "expected an integer >= 1"},
        BadPipeline{"HugeBatchSize", with_deploy(R"(, "batch_size": 99999999999)"),
                    "/stages/0/deploy/batch_size", "expected an integer >= 1"},
        BadPipeline{"EmptyRollback", with_deploy(R"(, "rollback": "")"),
                    "/stages/0/deploy/rollback", "non-empty string"},
        BadPipeline{"HealthWithUrlAndRun", with_health(R"({"url": "http://a", "run": "true"})"),
                    "/stages/0/deploy/health/run", "exactly one of url and run"},
        BadPipeline{"HealthZeroTimeout", with_health(R"({"run": "true", "timeout_s": 0})"),
                    "/stages/0/deploy/health/timeout_s", "expected a number >= 0.001"},
        BadPipeline{"HealthNegativeRetries", with_health(R"({"run": "true", "retries": -1})"),
                    "/stages/0/deploy/health/retries", "expected an integer >= 0"},
        BadPipeline{"HealthNegativeDelay", with_health(R"({"run": "true", "retry_delay_ms": -5})"),
                    "/stages/0/deploy/health/retry_delay_ms", "expected an integer >= 0"},
        BadPipeline{"HealthBooleanRetries", with_health(R"({"run": "true", "retries": true})"),
                    "/stages/0/deploy/health/retries", "expected an integer"},
        BadPipeline{"UnknownHealthKey", with_health(R"({"run": "true", "interval": 1})"),
                    "/stages/0/deploy/health/interval", "unknown key"}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

TEST(PipelineParseEdgeTest, TheSmallestLimitsAreAccepted) {
  const auto pipeline =
      parse_pipeline(with_deploy(R"(, "health": {"run": "true", "timeout_s": 0.001, "retries": 0,
                                 "retry_delay_ms": 0})"),
                     "p.json");
  const auto& health = *std::get<DeployStep>(pipeline.stages[0].step).health;
  EXPECT_EQ(health.retries, 0);
  EXPECT_EQ(health.retry_delay_ms, 0);
  EXPECT_DOUBLE_EQ(health.timeout_s, 0.001);
}

TEST(PipelineParseEdgeTest, EnvironmentValuesMayBeEmptyAndKeepTheirText) {
  const auto pipeline = parse_pipeline(
      R"({"env": {"EMPTY": "", "SPACES": " a b "}, "stages": [{"name": "a", "run": "x",
          "env": {"AUTOMOCK_MODE": "record"}}]})",
      "p.json");
  EXPECT_EQ(pipeline.env.at("EMPTY"), "");
  EXPECT_EQ(pipeline.env.at("SPACES"), " a b ");
  EXPECT_EQ(pipeline.stages[0].env.at("AUTOMOCK_MODE"), "record");
}

TEST(PipelineParseEdgeTest, APipelineInTheCurrentDirectoryRunsItsStagesThere) {
  const auto pipeline = parse_pipeline(
      R"({"cwd": "build", "stages": [{"name": "a", "run": "x"}, {"name": "b", "run": "y",
          "cwd": "../tools"}]})",
      "pipeline.json");
  EXPECT_EQ(pipeline.stages[0].cwd / "f", std::filesystem::path{"build/f"});
  EXPECT_EQ(pipeline.stages[1].cwd / "f", std::filesystem::path{"tools/f"});
}

}  // namespace
}  // namespace automock::pipeline
