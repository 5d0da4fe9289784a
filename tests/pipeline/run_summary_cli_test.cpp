// `automock run` writes its Markdown summary where CI shows it: the file
// named by GITHUB_STEP_SUMMARY, and --summary FILE; and records the commit
// time that `automock stats` turns into lead time.

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

const std::string k_summary_automock = AUTOMOCK_BINARY_DIR "/src/cli/automock";

// Runs `command` with /bin/sh in `dir`, GITHUB_STEP_SUMMARY unset and the
// output in dir/log; returns its exit code. "automock" names the binary.
int shell_in(const TempDir& dir, const std::string& command) {
  const std::string script = "cd '" + dir.path().string() +
                             "' && unset GITHUB_STEP_SUMMARY && automock() { '" +
                             k_summary_automock + "' \"$@\"; } && { " + command + "; } > log 2>&1";
  const int status = std::system(script.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs `automock run` on a one-stage pipeline that fails, with `prefix`
// (variable assignments) before it and `options` after it.
int run_with(const TempDir& dir, const std::string& prefix, const std::string& options) {
  write_file(dir.path() / "pipeline.json", R"({"stages": [{"name": "check", "run": "exit 3"}]})");
  return shell_in(dir, prefix + " automock run pipeline.json --no-history " + options);
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

TEST(LeadTimeCliTest, StatsGiveTheLeadTimeFromTheRecordedCommitTimeWithoutTheCheckout) {
  TempDir dir;
  write_file(dir.path() / "pipeline.json",
             R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a"], "run": "true"}}]})");
  // Committed two days (172800 s) ago; the checkout is gone before stats runs.
  ASSERT_EQ(shell_in(dir,
                     "git init -q . && "
                     "GIT_COMMITTER_DATE=\"@$(($(date +%s) - 172800)) +0000\" "
                     "git -c user.email=t@example.com -c user.name=t commit -q --allow-empty -m c "
                     "&& automock run pipeline.json --history h.jsonl && rm -rf .git && "
                     "automock stats --history h.jsonl --output json > stats.json"),
            0)
      << read_file(dir.path() / "log");
  const auto stats = nlohmann::json::parse(read_file(dir.path() / "stats.json"));
  const auto lead_time_ms = stats.at("lead_time_ms").at("median").get<long long>();
  EXPECT_GE(lead_time_ms, 172'800'000 - 1000);  // git dates have whole seconds
  EXPECT_LT(lead_time_ms, 172'800'000 + 60'000);
  EXPECT_EQ(stats.at("bands").at("lead_time"), "high");  // between a day and a week
}

}  // namespace
}  // namespace automock::test
