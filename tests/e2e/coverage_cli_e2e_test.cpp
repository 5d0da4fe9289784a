// `automock coverage` as a user runs it: each option reaches the gate, and the
// exit code says passed (0), failed (1) or bad input (2).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e/cli_test_base.hpp"
#include "support/lcov_text.hpp"

namespace automock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CoverageCliTest : public CliTestBase {
 protected:
  CoverageCliTest()
      : config_(dir_.write("coverage.json", R"({"modules": [
          {"name": "core", "paths": ["src/core/**"], "lines": 80},
          {"name": "net", "paths": ["src/net/**"], "lines": 50}]})")) {}

  // automock coverage --config coverage.json REPORT `more...`, REPORT holding `lcov_text`.
  Outcome gate(const std::string& lcov_text, std::vector<std::string> more = {}) {
    const auto report = dir_.write("report-" + std::to_string(reports_++) + ".info", lcov_text);
    more.insert(more.begin(), {"coverage", "--config", config_.string(), report.string()});
    return automock(more);
  }

  std::string baseline() const { return (dir_ / "baseline.json").string(); }

  std::filesystem::path config_;
  int reports_ = 0;
};

TEST_F(CoverageCliTest, PassingModulesExitZero) {
  const auto outcome = gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10));
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("coverage gate: passed"));
}

TEST_F(CoverageCliTest, AFailingModuleExitsOneAndIsNamed) {
  const auto outcome = gate(lcov("src/core/a.cpp", 7, 10) + lcov("src/net/b.cpp", 5, 10));
  EXPECT_EQ(outcome.code, 1) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("coverage gate: FAILED (core)"));
  EXPECT_THAT(outcome.out, HasSubstr("lines 70.00% (7/10) < 80.00%"));
}

TEST_F(CoverageCliTest, ShardsGivenAsSeveralReportsAreMerged) {
  const auto first = dir_.write("shard-1.info", lcov("src/core/a.cpp", 5, 10));
  const auto second = dir_.write("shard-2.info", lcov("src/net/b.cpp", 5, 10) +
                                                     "SF:src/core/a.cpp\nDA:6,1\nDA:7,1\n"
                                                     "DA:8,1\nend_of_record\n");
  const auto outcome =
      automock({"coverage", "--config", config_.string(), first.string(), second.string()});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
}

TEST_F(CoverageCliTest, JsonOutputIsMachineReadable) {
  const auto outcome =
      gate(lcov("src/core/a.cpp", 7, 10) + lcov("src/net/b.cpp", 5, 10), {"--output", "json"});
  EXPECT_EQ(outcome.code, 1) << testing::PrintToString(outcome);
  const auto document = nlohmann::json::parse(outcome.out);
  EXPECT_FALSE(document.at("passed").get<bool>());
  EXPECT_EQ(document.at("modules")[0].at("verdict"), "FAIL");
}

TEST_F(CoverageCliTest, GithubOutputIsAnnotations) {
  const auto outcome =
      gate(lcov("src/core/a.cpp", 7, 10) + lcov("src/net/b.cpp", 5, 10), {"--output", "github"});
  EXPECT_EQ(outcome.code, 1) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("::error title=coverage%3A core::"));
}

TEST_F(CoverageCliTest, WorstFilesLimitsTheFilesListed) {
  const auto report = lcov("src/core/a.cpp", 1, 10) + lcov("src/core/b.cpp", 2, 10) +
                      lcov("src/core/c.cpp", 3, 10) + lcov("src/net/n.cpp", 5, 10);
  const auto one = gate(report, {"--worst-files", "1", "--output", "json"});
  const auto three = gate(report, {"--worst-files", "3", "--output", "json"});
  ASSERT_EQ(one.code, 1) << testing::PrintToString(one);
  const auto worst_one = nlohmann::json::parse(one.out).at("modules")[0].at("worst_files");
  const auto worst_three = nlohmann::json::parse(three.out).at("modules")[0].at("worst_files");
  ASSERT_EQ(worst_one.size(), 1u);
  EXPECT_EQ(worst_one[0].at("path"), "src/core/a.cpp");
  EXPECT_EQ(worst_three.size(), 3u);
}

TEST_F(CoverageCliTest, AnUnknownOutputExitsTwoNamingTheOption) {
  const auto outcome =
      gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10), {"--output", "yaml"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--output"));
  EXPECT_THAT(outcome.err, HasSubstr("yaml"));
}

TEST_F(CoverageCliTest, AnUnknownFormatExitsTwoNamingTheOption) {
  const auto outcome =
      gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10), {"--format", "clover"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--format"));
}

TEST_F(CoverageCliTest, AMissingBaselineExitsTwoSayingHowToCreateIt) {
  const auto outcome = gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10),
                            {"--baseline", baseline()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr(baseline()));
  EXPECT_THAT(outcome.err, HasSubstr("--update-baseline"));
}

TEST_F(CoverageCliTest, UpdateBaselineWithoutBaselineExitsTwo) {
  const auto outcome =
      gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10), {"--update-baseline"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--baseline"));
}

TEST_F(CoverageCliTest, TheBaselineRatchetsThroughTheCommandLine) {
  const auto good = lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10);
  const auto worse = lcov("src/core/a.cpp", 8, 10) + lcov("src/net/b.cpp", 5, 10);
  ASSERT_EQ(gate(good, {"--baseline", baseline(), "--update-baseline"}).code, 0);
  ASSERT_TRUE(std::filesystem::exists(baseline()));

  const auto shrunk = lcov("src/core/a.cpp", 5, 5) + lcov("src/net/b.cpp", 5, 10);
  const auto checked = gate(shrunk, {"--baseline", baseline()});
  EXPECT_EQ(checked.code, 1) << testing::PrintToString(checked);
  EXPECT_THAT(checked.out, HasSubstr("core: 5 lines, baseline 10"));

  const auto refused = gate(worse, {"--baseline", baseline(), "--update-baseline"});
  EXPECT_EQ(refused.code, 1) << testing::PrintToString(refused);
  EXPECT_THAT(refused.out, HasSubstr("not updated"));

  const auto lowered = gate(
      worse, {"--baseline", baseline(), "--update-baseline", "--allow-decrease", "split module"});
  EXPECT_EQ(lowered.code, 0) << testing::PrintToString(lowered);
  std::ifstream in{baseline()};
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("split module"));
  EXPECT_EQ(gate(worse, {"--baseline", baseline()}).code, 0);
}

TEST_F(CoverageCliTest, AllowDecreaseWithoutUpdateExitsTwo) {
  const auto outcome = gate(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10),
                            {"--allow-decrease", "because"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--allow-decrease"));
}

TEST_F(CoverageCliTest, AnEmptyReportExitsTwoNamingIt) {
  const auto outcome = gate("");
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("report-0.info"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("passed")));
}

}  // namespace
}  // namespace automock::test
