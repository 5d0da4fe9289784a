#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "coverage/baseline.hpp"
#include "coverage/gate.hpp"
#include "support/lcov_text.hpp"
#include "support/temp_dir.hpp"

namespace automock::coverage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using test::lcov;

class RunGateTest : public ::testing::Test {
 protected:
  RunGateTest() {
    invocation_.config = dir_.write("coverage.json", R"({"modules": [
      {"name": "core", "paths": ["src/core/**"], "lines": 80},
      {"name": "net", "paths": ["src/net/**"], "lines": 50}]})");
  }

  // True when the gate passed.
  bool run(const std::string& report_text) {
    invocation_.reports = {
        dir_.write("report-" + std::to_string(++reports_) + ".info", report_text)};
    output_.str("");
    return run_gate(invocation_, output_).passed();
  }

  test::TempDir dir_;
  GateInvocation invocation_;
  std::ostringstream output_;
  int reports_ = 0;
};

TEST_F(RunGateTest, PassingModulesPassTheGate) {
  EXPECT_TRUE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10)));
  EXPECT_THAT(output_.str(),
              HasSubstr("core        1  9/10 90.00%   -         -          lines>=80.00%  pass"));
  EXPECT_THAT(output_.str(), HasSubstr("coverage gate: passed"));
}

TEST_F(RunGateTest, AFailingModuleFailsTheGateAndListsItsWorstFiles) {
  EXPECT_FALSE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/core/b.cpp", 1, 10) +
                   lcov("src/net/b.cpp", 5, 10)));
  EXPECT_THAT(output_.str(), HasSubstr("lines 50.00% (10/20) < 80.00%"));
  EXPECT_THAT(output_.str(), HasSubstr("src/core/b.cpp  9 uncovered"));
  EXPECT_THAT(output_.str(), HasSubstr("coverage gate: FAILED (core)"));
}

TEST_F(RunGateTest, AVanishedModuleFailsTheGate) {
  EXPECT_FALSE(run(lcov("src/core/a.cpp", 9, 10)));
  EXPECT_THAT(output_.str(), HasSubstr("net: VANISHED"));
}

TEST_F(RunGateTest, ShardsAreMergedBeforeJudging) {
  invocation_.reports = {
      dir_.write("a.info", lcov("src/core/a.cpp", 4, 10) + lcov("src/net/b.cpp", 5, 10)),
      dir_.write("b.info", "SF:src/core/a.cpp\nDA:5,1\nDA:6,1\nDA:7,1\nDA:8,1\nend_of_record\n")};
  EXPECT_TRUE(run_gate(invocation_, output_).passed());
}

TEST_F(RunGateTest, NoDataAtAllIsAnInputError) {
  EXPECT_THROW(run("TN:\n"), InputError);
}

TEST_F(RunGateTest, BadOptionsAreInputErrors) {
  invocation_.output = "pdf";
  EXPECT_THROW(run(lcov("src/core/a.cpp", 9, 10)), InputError);
  invocation_.output = "text";
  invocation_.format = "clover";
  EXPECT_THROW(run(lcov("src/core/a.cpp", 9, 10)), InputError);
  invocation_.format = "cobertura";
  EXPECT_THROW(run(lcov("src/core/a.cpp", 9, 10)), InputError);
}

TEST_F(RunGateTest, HtmlOutputWritesThePageAndBadgesAndPrintsTheText) {
  invocation_.output = "html";
  invocation_.output_dir = dir_ / "html";
  EXPECT_FALSE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 1, 10)));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "html" / "index.html"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "html" / "badge-net.svg"));
  EXPECT_THAT(output_.str(), HasSubstr("coverage gate: FAILED (net)"));
  EXPECT_THAT(output_.str(),
              HasSubstr("coverage page: " + (dir_ / "html" / "index.html").string()));
}

TEST_F(RunGateTest, JsonOutputCarriesTheFigures) {
  invocation_.output = "json";
  run(lcov("src/core/a.cpp", 5000, 7000) + lcov("src/net/b.cpp", 5, 10));
  const auto document = nlohmann::json::parse(output_.str());
  EXPECT_FALSE(document.at("passed").get<bool>());
  EXPECT_EQ(document.at("modules")[0].at("lines").at("percent").get<double>(), 71.42);
  EXPECT_EQ(document.at("modules")[0].at("verdict"), "FAIL");
  EXPECT_EQ(document.at("modules")[0].at("worst_files")[0].at("path"), "src/core/a.cpp");
}

TEST_F(RunGateTest, JunitOutputHasOneCasePerModule) {
  invocation_.output = "junit";
  run(lcov("src/core/a.cpp", 1, 10) + lcov("src/net/b.cpp", 5, 10));
  EXPECT_THAT(output_.str(), HasSubstr("<testsuite name=\"coverage\" tests=\"3\" failures=\"1\">"));
  EXPECT_THAT(output_.str(), HasSubstr("<failure message=\"lines 10.00% (1/10) &lt; 80.00%\">"));
}

TEST_F(RunGateTest, MarkdownOutputIsATable) {
  invocation_.output = "markdown";
  run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10));
  EXPECT_THAT(output_.str(),
              HasSubstr("| core | 1 | 9/10 90.00% | - | - | lines>=80.00% | pass |"));
}

TEST_F(RunGateTest, GithubOutputPrintsAnnotations) {
  invocation_.output = "github";
  run(lcov("src/core/a.cpp", 1, 10) + lcov("src/net/b.cpp", 5, 10));
  EXPECT_THAT(output_.str(),
              HasSubstr("::error title=coverage%3A core::lines 10.00%25 (1/10) < 80.00%25\n"));
  EXPECT_THAT(output_.str(),
              HasSubstr("::warning file=src/core/a.cpp,title=coverage%3A core::9 uncovered lines"));
}

TEST_F(RunGateTest, BaselineRatchetOnlyGoesUpUnlessAllowedWithAReason) {
  invocation_.baseline = dir_.path() / "coverage-baseline.json";
  EXPECT_THROW(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10)), InputError);
  invocation_.update_baseline = true;
  EXPECT_TRUE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10)));
  EXPECT_EQ(load_baseline(*invocation_.baseline).modules.at("core").lines_covered, 9u);

  EXPECT_FALSE(run(lcov("src/core/a.cpp", 8, 10) + lcov("src/net/b.cpp", 5, 10)));
  EXPECT_THAT(output_.str(),
              HasSubstr("not updated: core: lines 80.00% (8/10), was 90.00% (9/10)"));
  EXPECT_EQ(load_baseline(*invocation_.baseline).modules.at("core").lines_covered, 9u);

  invocation_.allow_decrease = "removed dead code";
  EXPECT_TRUE(run(lcov("src/core/a.cpp", 8, 10) + lcov("src/net/b.cpp", 5, 10)));
  const Baseline written = load_baseline(*invocation_.baseline);
  EXPECT_EQ(written.modules.at("core").lines_covered, 8u);
  ASSERT_EQ(written.decreases.size(), 1u);
  EXPECT_EQ(written.decreases[0].reason, "removed dead code");
}

TEST_F(RunGateTest, BaselineCheckFailsWhenACoveredFileDisappears) {
  invocation_.baseline = dir_.path() / "coverage-baseline.json";
  invocation_.update_baseline = true;
  run(lcov("src/core/a.cpp", 9, 10) + lcov("src/core/b.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10));
  invocation_.update_baseline = false;
  EXPECT_FALSE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 5, 10)));
  EXPECT_THAT(output_.str(), HasSubstr("core: covered file src/core/b.cpp disappeared"));
  EXPECT_THAT(output_.str(), Not(HasSubstr("coverage gate: passed")));
}

TEST_F(RunGateTest, SourcesAbsentFromTheReportCountAsZero) {
  dir_.write("src/net/unlinked.cpp", "int f() {\n  return 1;\n}\n");
  invocation_.sources = {"src/**/*.cpp"};
  EXPECT_FALSE(run(lcov("src/core/a.cpp", 9, 10) + lcov("src/net/b.cpp", 1, 2)));
  EXPECT_THAT(output_.str(), HasSubstr("lines 25.00% (1/4) < 50.00%"));
}

}  // namespace
}  // namespace automock::coverage
