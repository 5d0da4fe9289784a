#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "coverage/gate_support.hpp"

namespace automock::coverage {
namespace {

using testing::add_lines;
using ::testing::ElementsAre;
using testing::gate;
using ::testing::HasSubstr;

std::string module_with(const std::string& rules) {
  return R"({"modules": [{"name": "core", "paths": ["src/core/**"], )" + rules + "}]}";
}

// 5000 of 7000 lines: 71.428571...%
Report report_at_71_43_percent() {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 5000, 7000);
  return report;
}

TEST(GateThresholdTest, ComparesExactlyNotAfterRounding) {
  Report report = report_at_71_43_percent();
  EXPECT_EQ(gate(module_with(R"("lines": 71.42)"), report).modules[0].verdict(), Verdict::pass);
  EXPECT_EQ(gate(module_with(R"("lines": 71.43)"), report).modules[0].verdict(), Verdict::fail);
  EXPECT_EQ(gate(module_with(R"("lines": 71.44)"), report).modules[0].verdict(), Verdict::fail);
}

TEST(GateThresholdTest, AFailingModuleNeverDisplaysAPassingFigure) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 8999, 10000);  // 89.99%, not 90.0%
  const GateResult result = gate(module_with(R"("lines": 90)"), report);
  ASSERT_EQ(result.modules[0].verdict(), Verdict::fail);
  EXPECT_THAT(result.modules[0].failures, ElementsAre("lines 89.99% (8999/10000) < 90.00%"));
  Report almost("/repo");
  add_lines(almost, "src/core/a.cpp", 179, 200);  // 89.5%: coverage.py's default passes it
  EXPECT_EQ(gate(module_with(R"("lines": 90)"), almost).modules[0].verdict(), Verdict::fail);
}

TEST(GateThresholdTest, MaxUncoveredLinesIsACount) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 60, 100);
  EXPECT_EQ(gate(module_with(R"("max_uncovered_lines": 40)"), report).modules[0].verdict(),
            Verdict::pass);
  const GateResult result = gate(module_with(R"("max_uncovered_lines": 39)"), report);
  EXPECT_THAT(result.modules[0].failures, ElementsAre("40 uncovered lines > 39 allowed"));
}

TEST(GateThresholdTest, EveryFileMustMeetTheFileFloor) {
  Report report("/repo");
  add_lines(report, "src/core/big.cpp", 9990, 10000);
  add_lines(report, "src/core/small.cpp", 93, 100);
  const GateResult result = gate(module_with(R"("lines": 99, "file_lines": 95)"), report);
  EXPECT_EQ(result.modules[0].verdict(), Verdict::fail);
  EXPECT_THAT(result.modules[0].failures,
              ElementsAre("file src/core/small.cpp: lines 93.00% (93/100) < 95.00%"));
}

TEST(GateThresholdTest, MinimumTotalCatchesAShrinkingDenominator) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 100, 100);
  const GateResult result = gate(module_with(R"("lines": 90, "min_lines_total": 500)"), report);
  EXPECT_THAT(result.modules[0].failures, ElementsAre("lines total 100 < 500 expected"));
}

TEST(GateThresholdTest, BranchGatingIsOffUnlessConfigured) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 10, 10);
  report.file("src/core/a.cpp").add_branch({1, 0, 0, false, 0});
  EXPECT_EQ(gate(module_with(R"("lines": 90)"), report).modules[0].verdict(), Verdict::pass);
  EXPECT_EQ(gate(module_with(R"("lines": 90, "branches": 50)"), report).modules[0].verdict(),
            Verdict::fail);
}

TEST(GateThresholdTest, ExceptionBranchesAreExcludedOnRequest) {
  Report report("/repo");
  FileCoverage& file = report.file("src/core/a.cpp");
  file.add_line(1, 1);
  file.add_branch({1, 0, 0, false, 1});
  file.add_branch({1, 0, 1, false, 1});
  file.add_branch({1, 1, 0, true, 0});
  file.add_branch({1, 1, 1, true, 0});
  EXPECT_EQ(gate(module_with(R"("branches": 100)"), report).modules[0].verdict(), Verdict::fail);
  const GateResult result =
      gate(module_with(R"("branches": 100, "exception_branches": "exclude")"), report);
  EXPECT_EQ(result.modules[0].verdict(), Verdict::pass);
  EXPECT_EQ(result.modules[0][Metric::branches], (Totals{2, 2}));
  EXPECT_EQ(result.total[Metric::branches], (Totals{2, 4}));
}

constexpr const char* k_two_modules = R"({"modules": [
  {"name": "first", "paths": ["src/core/special/**"], "lines": 10},
  {"name": "second", "paths": ["src/**"], "lines": 10}]})";

TEST(GateModulesTest, AFileBelongsToTheFirstModuleThatMatches) {
  Report report("/repo");
  add_lines(report, "src/core/special/a.cpp", 1, 1);
  add_lines(report, "src/core/b.cpp", 1, 1);
  add_lines(report, "/repo/./src\\core\\special\\c.cpp", 1, 1);
  const GateResult result = gate(k_two_modules, report);
  EXPECT_EQ(result.modules[0].files.size(), 2u);
  EXPECT_EQ(result.modules[0].files[1].path, "src/core/special/c.cpp");
  EXPECT_EQ(result.modules[1].files.size(), 1u);
  EXPECT_EQ(result.total.files.size(), 3u);
}

TEST(GateModulesTest, AConfiguredModuleWithoutFilesVanishesAndFails) {
  Report report("/repo");
  add_lines(report, "src/core/b.cpp", 1, 1);
  const GateResult result = gate(k_two_modules, report);
  EXPECT_EQ(result.modules[0].verdict(), Verdict::vanished);
  EXPECT_FALSE(result.passed());
}

TEST(GateModulesTest, UnownedFilesFollowTheirPolicyAndAlwaysCountInTheTotal) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 1, 1);
  add_lines(report, "tools/gen.cpp", 0, 3);
  const std::string modules = R"({"modules": [{"name": "core", "paths": ["src/core/**"]}], )";
  const GateResult reported = gate(modules + R"("unowned": {"policy": "report"}})", report);
  ASSERT_TRUE(reported.unowned);
  EXPECT_EQ(reported.unowned->files.at(0).path, "tools/gen.cpp");
  EXPECT_TRUE(reported.passed());
  const GateResult failing = gate(modules + R"("unowned": {"policy": "fail"}})", report);
  EXPECT_FALSE(failing.passed());
  EXPECT_THAT(failing.unowned->failures.at(0), HasSubstr("1 files belong to no module"));
  const GateResult ignored = gate(modules + R"("unowned": {"policy": "ignore"}})", report);
  EXPECT_FALSE(ignored.unowned);
  EXPECT_EQ(ignored.total[Metric::lines], (Totals{1, 4}));
  const GateResult gated =
      gate(modules + R"("unowned": {"policy": "report", "lines": 50}})", report);
  EXPECT_FALSE(gated.passed());
}

TEST(GateModulesTest, TotalRulesJudgeAllFiles) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 1, 1);
  add_lines(report, "tools/gen.cpp", 0, 3);
  const GateResult result = gate(
      R"({"modules": [{"name": "core", "paths": ["src/core/**"], "lines": 100}], "total": {"lines": 30}})",
      report);
  EXPECT_EQ(result.modules[0].verdict(), Verdict::pass);
  EXPECT_EQ(result.total.verdict(), Verdict::fail);
}

TEST(GateModulesTest, WorstFilesAreRankedByUncoveredLines) {
  Report report("/repo");
  add_lines(report, "src/core/a.cpp", 90, 100);
  add_lines(report, "src/core/b.cpp", 0, 30);
  add_lines(report, "src/core/c.cpp", 50, 60);
  add_lines(report, "src/core/d.cpp", 5, 5);
  const GateResult result = gate(module_with(R"("lines": 99)"), report);
  const auto worst = result.modules[0].worst_files(2);
  ASSERT_EQ(worst.size(), 2u);
  EXPECT_EQ(worst[0]->path, "src/core/b.cpp");
  EXPECT_EQ(worst[1]->path, "src/core/a.cpp");
}

}  // namespace
}  // namespace automock::coverage
