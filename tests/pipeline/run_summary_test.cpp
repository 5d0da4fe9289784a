// The Markdown summary of `automock run` for CI job pages: its structure for
// a run with a gate, a failed deploy and a rollback, escaping of the text a
// pipeline controls, and appending.
#include "pipeline/run_summary.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <automock/error.hpp>

#include "pipeline/runner_fixture.hpp"

namespace automock::test {
namespace {

using pipeline::markdown_escape;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A pipeline with a build, a coverage gate (a fake automock that prints a
// table), a deploy that fails on target b and rolls back, and a stage after it.
const char* const k_failing_release = R"({"stages": [
  {"name": "build", "run": "echo built"},
  {"name": "gate", "coverage": {"config": "coverage.json", "reports": ["a.info"]}},
  {"name": "deploy", "deploy": {"targets": ["a", "b", "c"], "run": "test {target} != b",
                                "rollback": "true"}},
  {"name": "smoke", "run": "true"}]})";

class RunSummaryTest : public RunnerTest {
 protected:
  void SetUp() override {
    write_file(path("fake-automock"),
               "#!/bin/sh\necho '| module | lines | verdict |'\necho '| core | 91.20% | pass |'\n");
    ::chmod(path("fake-automock").c_str(), 0755);
    options_.automock_exe = path("fake-automock");
    options_.summaries = {path("summary.md")};
  }
  std::string summary() const { return read_file(path("summary.md")); }
};

TEST_F(RunSummaryTest, AFailedDeployShowsStagesGateTableDeploysAndRollbacks) {
  run(k_failing_release);
  const auto text = summary();
  EXPECT_TRUE(text.starts_with("## automock run ")) << text;
  EXPECT_TRUE(contains(text, "pipeline.json: failed\n\n")) << text;
  EXPECT_TRUE(contains(text, "| stage | kind | result | duration |\n|---|---|---|---|\n")) << text;
  EXPECT_TRUE(contains(text, "| build | run | passed | ")) << text;
  EXPECT_TRUE(contains(text, "| gate | coverage | passed | ")) << text;
  EXPECT_TRUE(contains(text, "| deploy | deploy | failed | ")) << text;
  EXPECT_TRUE(contains(text, "| smoke | run | skipped | - |\n")) << text;
  EXPECT_TRUE(contains(text, "| **pipeline** | | **failed** | ")) << text;
  EXPECT_TRUE(contains(text, "### Coverage gate: gate (passed)\n\n```text\n")) << text;
  EXPECT_TRUE(contains(text, "| core | 91.20% | pass |\n")) << text;
  EXPECT_TRUE(contains(text, "### Output: deploy (failed)\n\n```text\n")) << text;
  EXPECT_TRUE(contains(text, "### Deploys\n\n- deployed (1): a\n- rolled back (2): b, a\n"))
      << text;
  EXPECT_FALSE(contains(text, "### Output: build")) << text;
  EXPECT_FALSE(contains(text, "drained")) << text;
}

TEST_F(RunSummaryTest, ADeployBehindABalancerListsDrainsAndRestoresAroundItsDeploys) {
  run(R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a", "b"], "drain": "true",
      "run": "test {target} != b", "restore": "true", "rollback": "true"}}]})");
  EXPECT_TRUE(contains(summary(),
                       "### Deploys\n\n- drained (3): a, b, a\n- deployed (1): a\n"
                       "- restored (3): a, b, a\n- rolled back (2): b, a\n"))
      << summary();
}

TEST_F(RunSummaryTest, EachRunAppendsItsSummaryToTheFile) {
  write_file(path("summary.md"), "earlier step\n");
  run(R"({"stages": [{"name": "one", "run": "true"}]})");
  run(R"({"stages": [{"name": "two", "run": "true"}]})");
  const auto text = summary();
  EXPECT_TRUE(text.starts_with("earlier step\n## automock run ")) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '#'), 4) << text;  // two "## " headings
  EXPECT_LT(text.find("| one | run | passed"), text.find("| two | run | passed")) << text;
}

TEST_F(RunSummaryTest, StageNamesAndTargetsCannotBreakTheTableOrTheMarkup) {
  // (A newline in a name is refused when the pipeline is read.)
  run(R"({"stages": [{"name": "a|b `x` # <img>", "deploy": {
    "targets": ["t|1", "`t2`"], "run": "true"}}]})");
  const auto text = summary();
  EXPECT_TRUE(contains(text, "| a\\|b \\`x\\` \\# \\<img\\> | deploy | passed | ")) << text;
  EXPECT_TRUE(contains(text, "- deployed (2): t\\|1, \\`t2\\`\n")) << text;
}

TEST_F(RunSummaryTest, ASummaryFileThatCannotBeWrittenIsAnIoErrorNamingIt) {
  std::filesystem::create_directories(path("summary.md"));
  try {
    run(R"({"stages": [{"name": "one", "run": "true"}]})");
    ADD_FAILURE() << "no error";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), path("summary.md").string())) << error.what();
  }
}

TEST(RunSummaryEscapeTest, EscapesMarkdownAndTableSyntaxAndJoinsLines) {
  EXPECT_EQ(markdown_escape("plain text 1.2"), "plain text 1.2");
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("`code`"), "\\`code\\`");
  EXPECT_EQ(markdown_escape("line\nnext\r\nend"), "line next  end");
  EXPECT_EQ(markdown_escape("*_[x](y)_* <b> \\ # ~ ! &amp;"),
            "\\*\\_\\[x\\](y)\\_\\* \\<b\\> \\\\ \\# \\~ \\! \\&amp;");
}

TEST(RunSummaryEscapeTest, OutputIsFencedWithMoreBackticksThanItHolds) {
  pipeline::RunRecord record;
  record.result = pipeline::RunResult::failed;
  record.stages = {{"t", pipeline::StageKind::run, pipeline::StageResult::failed}};
  const auto text = pipeline::markdown_summary(record, {"a ``` b ```` c\n"});
  EXPECT_TRUE(contains(text, "\n`````text\na ``` b ```` c\n`````\n")) << text;
}

}  // namespace
}  // namespace automock::test
