// `automock run` writes its Markdown summary where CI shows it: the file
// named by GITHUB_STEP_SUMMARY, and --summary FILE.

#include <gtest/gtest.h>

#include <cstdlib>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

const std::string k_summary_automock = AUTOMOCK_BINARY_DIR "/src/cli/automock";

// Runs `automock run` on a one-stage pipeline through the shell, with
// `prefix` (variable assignments) before it and `options` after it.
int run_with(const TempDir& dir, const std::string& prefix, const std::string& options) {
  write_file(dir.path() / "pipeline.json", R"({"stages": [{"name": "check", "run": "exit 3"}]})");
  const std::string command = "cd '" + dir.path().string() + "' && env -u GITHUB_STEP_SUMMARY " +
                              prefix + " '" + k_summary_automock +
                              "' run pipeline.json --no-history " + options + " > log 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(RunSummaryCliTest, GithubStepSummaryFileGetsTheSummaryAppended) {
  TempDir dir;
  write_file(dir.path() / "step.md", "before\n");
  EXPECT_EQ(run_with(dir, "GITHUB_STEP_SUMMARY=step.md", ""), 1) << read_file(dir.path() / "log");
  const auto text = read_file(dir.path() / "step.md");
  EXPECT_TRUE(text.starts_with("before\n## automock run pipeline.json: failed\n")) << text;
  EXPECT_NE(text.find("| check | run | failed | "), std::string::npos) << text;
}

TEST(RunSummaryCliTest, SummaryOptionWritesTheFileAndNoVariableMeansNoOtherFile) {
  TempDir dir;
  EXPECT_EQ(run_with(dir, "", "--summary out/summary.md"), 1) << read_file(dir.path() / "log");
  const auto text = read_file(dir.path() / "out/summary.md");
  EXPECT_TRUE(text.starts_with("## automock run pipeline.json: failed\n")) << text;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "step.md"));
}

TEST(RunSummaryCliTest, TheSameFileFromBothSourcesGetsOneSummary) {
  TempDir dir;
  EXPECT_EQ(run_with(dir, "GITHUB_STEP_SUMMARY=s.md", "--summary s.md"), 1);
  const auto text = read_file(dir.path() / "s.md");
  EXPECT_EQ(text.find("## automock run"), text.rfind("## automock run")) << text;
}

}  // namespace
}  // namespace automock::test
