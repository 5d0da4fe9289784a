#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <ostream>

#include "pipeline/pipeline.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {
namespace {

std::string json_path_of_error(const std::string& text) {
  try {
    parse_pipeline(text, "ci/pipeline.json");
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "ci/pipeline.json");
    return error.json_path();
  }
  return "(no error)";
}

struct BadPipeline {
  const char* name;
  std::string json;
  const char* path;
  const char* expected;  // part of the message
};

void PrintTo(const BadPipeline& bad, std::ostream* out) {
  *out << bad.name;
}

std::string with_stage(const std::string& stage) {
  return R"({"stages": [)" + stage + "]}";
}

std::string with_deploy(const std::string& members) {
  return with_stage(R"({"name": "d", "deploy": {"targets": ["a"], "run": "x")" + members + "}}");
}

std::string with_health(const std::string& health) {
  return with_deploy(R"(, "health": )" + health);
}

TEST(PipelineParseTest, ReadsEveryKindOfStage) {
  const auto pipeline = parse_pipeline(R"({
    "env": {"CI": "true"},
    "stages": [
      {"name": "build", "run": "make", "timeout_s": 900, "cwd": "src"},
      {"name": "test", "run": "ctest", "env": {"X": "1"}},
      {"name": "coverage", "coverage": {"config": "coverage.json", "reports": ["a.info", "b.info"],
                                         "output": "markdown"}},
      {"name": "deploy", "deploy": {"targets": ["h1", "h2", "h3"], "batch_size": 2,
        "run": "./deploy.sh {target}", "rollback": "./rollback.sh {target}",
        "health": {"url": "http://{target}/health", "timeout_s": 2, "retries": 5,
                   "retry_delay_ms": 100}}}
    ]})",
                                       "ci/pipeline.json");
  ASSERT_EQ(pipeline.stages.size(), 4u);
  EXPECT_EQ(pipeline.env.at("CI"), "true");
  EXPECT_EQ(std::get<RunStep>(pipeline.stages[0].step).command, "make");
  EXPECT_EQ(pipeline.stages[0].timeout_s, 900);
  EXPECT_EQ(pipeline.stages[0].cwd, std::filesystem::path{"ci/src"});
  EXPECT_EQ(pipeline.stages[1].cwd, std::filesystem::path{"ci/"});
  EXPECT_EQ(pipeline.stages[1].env.at("X"), "1");
  const auto& coverage = std::get<CoverageStep>(pipeline.stages[2].step);
  EXPECT_EQ(coverage.reports, (std::vector<std::string>{"a.info", "b.info"}));
  EXPECT_EQ(coverage.output, "markdown");
  const auto& deploy = std::get<DeployStep>(pipeline.stages[3].step);
  EXPECT_EQ(deploy.batch_size, 2);
  EXPECT_EQ(deploy.health->url, "http://{target}/health");
  EXPECT_EQ(deploy.health->retries, 5);
  EXPECT_EQ(deploy.health->retry_delay_ms, 100);
  EXPECT_EQ(deploy.rollback, "./rollback.sh {target}");
  EXPECT_FALSE(deploy.drain.has_value());
  EXPECT_FALSE(deploy.restore.has_value());
}

TEST(PipelineParseTest, ReadsTheDrainAndRestoreCommandsOfADeploy) {
  const auto pipeline = parse_pipeline(with_deploy(R"(, "drain": "./lb.sh drain {target}",
                                 "restore": "./lb.sh ready {target}")"),
                                       "p.json");
  const auto& deploy = std::get<DeployStep>(pipeline.stages[0].step);
  EXPECT_EQ(deploy.drain, "./lb.sh drain {target}");
  EXPECT_EQ(deploy.restore, "./lb.sh ready {target}");
}

TEST(PipelineParseTest, StageDirectoriesAreRelativeToThePipelineDirectory) {
  const auto pipeline = parse_pipeline(
      R"({"cwd": "../..", "stages": [{"name": "a", "run": "x"}, {"name": "b", "run": "x",
                                      "cwd": "build"}, {"name": "c", "run": "x", "cwd": "/tmp"}]})",
      "repo/examples/ci/pipeline.json");
  EXPECT_EQ(pipeline.stages[0].cwd, std::filesystem::path{"repo/"});
  EXPECT_EQ(pipeline.stages[1].cwd, std::filesystem::path{"repo/build"});
  EXPECT_EQ(pipeline.stages[2].cwd, std::filesystem::path{"/tmp"});
}

TEST(PipelineParseTest, DefaultsApplyWhenKeysAreAbsent) {
  const auto pipeline = parse_pipeline(
      R"({"stages": [{"name": "d", "deploy": {"targets": ["t"], "run": "x",
                                              "health": {"run": "true"}}}]})",
      "pipeline.json");
  const auto& deploy = std::get<DeployStep>(pipeline.stages[0].step);
  EXPECT_EQ(deploy.batch_size, 1);
  EXPECT_FALSE(deploy.rollback.has_value());
  EXPECT_EQ(deploy.health->timeout_s, 10);
  EXPECT_EQ(deploy.health->retries, 3);
  EXPECT_EQ(pipeline.stages[0].timeout_s, 3600);
}

// "timeout_s": 1e300 parses; converting it to milliseconds overflowed
// (undefined behaviour) before limits were clamped.
TEST(PipelineParseTest, HugeTimeoutsAreClampedWhenConverted) {
  const auto pipeline =
      parse_pipeline(R"({"stages": [{"name": "a", "run": "x", "timeout_s": 1e300}]})", "p.json");
  EXPECT_EQ(seconds_to_ms(pipeline.stages[0].timeout_s),
            std::chrono::milliseconds{static_cast<long long>(k_max_limit_seconds * 1000)});
  EXPECT_EQ(seconds_to_ms(1.5), std::chrono::milliseconds{1500});
}

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

TEST(PipelineParseTest, ErrorsNameTheJsonPathAtFault) {
  EXPECT_EQ(json_path_of_error("{"), "/");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x", "timeout_s": 1e999}]})"),
            "/");
  EXPECT_EQ(json_path_of_error("[]"), "/");
  EXPECT_EQ(json_path_of_error(R"({"stages": []})"), "/stages");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x"}], "stagez": 1})"),
            "/stagez");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x"}, {"name": "b"}]})"),
            "/stages/1/run");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": 3}]})"), "/stages/0/run");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x", "timeout_s": -1}]})"),
            "/stages/0/timeout_s");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x", "env": {"A": 1}}]})"),
            "/stages/0/env/A");
  EXPECT_EQ(
      json_path_of_error(R"({"stages": [{"name": "a", "run": "x"}, {"name": "a", "run": "y"}]})"),
      "/stages/1/name");
}

TEST(PipelineParseTest, DeployErrorsNameTheNestedPath) {
  EXPECT_EQ(
      json_path_of_error(R"({"stages": [{"name": "d", "deploy": {"targets": [], "run": "x"}}]})"),
      "/stages/0/deploy/targets");
  EXPECT_EQ(json_path_of_error(
                R"({"stages": [{"name": "d", "deploy": {"targets": ["a", 2], "run": "x"}}]})"),
            "/stages/0/deploy/targets/1");
  EXPECT_EQ(
      json_path_of_error(
          R"({"stages": [{"name": "d", "deploy": {"targets": ["a"], "run": "x", "batch_size": 0}}]})"),
      "/stages/0/deploy/batch_size");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "d", "deploy": {"targets": ["a"], "run": "x",
                                   "health": {"url": "ftp://a", "retries": 1}}}]})"),
            "/stages/0/deploy/health/url");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "d", "deploy": {"targets": ["a"], "run": "x",
                                   "health": {"retries": 1}}}]})"),
            "/stages/0/deploy/health/url");
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "c", "coverage": {"config": "c.json",
                                   "reports": ["r"], "output": "html"}}]})"),
            "/stages/0/coverage/output");
}

// Every constraint of the pipeline.json tables in docs/pipeline.md gives a
// ConfigError naming the file, the JSON path at fault and what was expected.
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
                    "exactly one of run, coverage, deploy and contract"},
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
        BadPipeline{"DrainNotAString", with_deploy(R"(, "drain": ["x"])"), "/stages/0/deploy/drain",
                    "non-empty string"},
        BadPipeline{"EmptyRestore", with_deploy(R"(, "restore": "")"), "/stages/0/deploy/restore",
                    "non-empty string"},
        BadPipeline{"NulInDrain", with_deploy(R"(, "drain": "x\u0000y")"), "/stages/0/deploy/drain",
                    "without a NUL character"},
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
                    "/stages/0/deploy/health/interval", "unknown key"},
        BadPipeline{"EnvNameWithEquals",
                    R"({"env": {"PATH=/tmp:": "x"}, "stages": [{"name": "a", "run": "x"}]})",
                    "/env/PATH=~1tmp:", "expected a variable name, not empty and without '='"},
        BadPipeline{"EmptyEnvName", R"({"env": {"": "x"}, "stages": [{"name": "a", "run": "x"}]})",
                    "/env/", "expected a variable name"},
        BadPipeline{"StageEnvNameWithEquals",
                    with_stage(R"({"name": "a", "run": "x", "env": {"A=B": "1"}})"),
                    "/stages/0/env/A=B", "without '='"},
        BadPipeline{"NulInRun", with_stage(R"({"name": "a", "run": "true\u0000; rm -rf x"})"),
                    "/stages/0/run", "without a NUL character"},
        BadPipeline{"NulInEnvValue",
                    R"({"env": {"A": "1\u00002"}, "stages": [{"name": "a", "run": "x"}]})",
                    "/env/A", "without a NUL character"},
        BadPipeline{"NulInATarget",
                    with_stage(R"({"name": "d", "deploy": {"targets": ["a\u0000b"], "run": "x"}})"),
                    "/stages/0/deploy/targets/0", "without a NUL character"},
        BadPipeline{"NewlineInStageName", with_stage(R"({"name": "a\nb", "run": "x"})"),
                    "/stages/0/name", "without control characters"},
        BadPipeline{"EscapeInStageName", with_stage(R"({"name": "a\u001b[2J", "run": "x"})"),
                    "/stages/0/name", "without control characters"},
        BadPipeline{
            "NewlineInATarget",
            with_stage(R"({"name": "d", "deploy": {"targets": ["a", "b\nc"], "run": "x"}})"),
            "/stages/0/deploy/targets/1", "without control characters"}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

TEST(PipelineParseTest, AStageWithTwoStepKindsIsRejected) {
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x",
                                   "coverage": {"config": "c", "reports": ["r"]}}]})"),
            "/stages/0/run");
}

TEST(PipelineParseTest, MissingFileIsAnIoErrorNamingTheFile) {
  try {
    load_pipeline("/nonexistent/automock/pipeline.json");
    FAIL() << "a missing file was read";
  } catch (const IoError& error) {
    EXPECT_NE(std::string{error.what()}.find("/nonexistent/automock/pipeline.json"),
              std::string::npos);
  }
}

TEST(PipelineParseTest, ASyntaxErrorNamesTheLineAndColumn) {
  try {
    parse_pipeline("{\n  \"stages\": [,]\n}", "p.json");
    FAIL() << "invalid JSON was parsed";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.json_path(), "/");
    EXPECT_NE(std::string{error.what()}.find("not valid JSON at line 2, column"), std::string::npos)
        << error.what();
    EXPECT_EQ(std::string{error.what()}.find("json.exception"), std::string::npos);
  }
}

std::string syntax_error_of(const std::string& text) {
  try {
    parse_pipeline(text, "p.json");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(PipelineParseTest, SyntaxErrorsAreInOurWordsAndQuoteNoMoreThanOneCharacter) {
  const std::pair<std::string, std::string> cases[] = {
      {"{\"stages\": [tru]}",
       "p.json: /: not valid JSON at line 1, column 16: invalid word "
       "(expected true, false or null)"},
      {"{\"stages\": [1.}", "p.json: /: not valid JSON at line 1, column 15: invalid number"},
      {"{\"env\": {\"TOKEN\": \"s3cr3t\tx\"}}",
       "p.json: /: not valid JSON at line 1, column 26: a string holds a control character, a bad "
       "escape or a lone surrogate"},
      {"{\"env\": {\"TOKEN\": \"s3cr3t\"",
       "p.json: /: not valid JSON at line 1, column 27: "
       "the text ends too early"},
      {"{\"stages\" [] }", "p.json: /: not valid JSON at line 1, column 11: unexpected '['"}};
  for (const auto& [text, message] : cases) {
    const auto said = syntax_error_of(text);
    EXPECT_EQ(said, message) << text;
    EXPECT_EQ(said.find("s3cr3t"), std::string::npos) << said;
  }
}

TEST(PipelineParseTest, KeysWithSlashOrTildeAreEscapedInThePointer) {
  EXPECT_EQ(json_path_of_error(R"({"stages": [{"name": "a", "run": "x", "env": {"a/b~": 1}}]})"),
            "/stages/0/env/a~1b~0");
}

}  // namespace
}  // namespace automock::pipeline

namespace automock::pipeline {
namespace {

TEST(PipelineParseTest, ExampleCiPipelinesAreValid) {
  const std::filesystem::path dir = AUTOMOCK_SOURCE_DIR "/examples/ci";
  EXPECT_EQ(load_pipeline(dir / "test-shard.json").stages.size(), 4u);
  const auto release = load_pipeline(dir / "release.json");
  ASSERT_EQ(release.stages.size(), 2u);
  EXPECT_EQ(std::get<CoverageStep>(release.stages[0].step).reports.size(), 4u);
}

TEST(PipelineParseTest, TheDemoPipelinesDeployBehindTheBalancer) {
  const std::filesystem::path dir = AUTOMOCK_SOURCE_DIR "/examples";
  for (const char* name :
       {"pipeline.json", "pipeline-bad-release.json", "pipeline-breaking-release.json"}) {
    const auto pipeline = load_pipeline(dir / name);
    const auto& deploy = std::get<DeployStep>(pipeline.stages.back().step);
    EXPECT_EQ(deploy.targets.size(), 3u) << name;
    EXPECT_TRUE(deploy.drain && deploy.restore) << name;
  }
}

}  // namespace
}  // namespace automock::pipeline
