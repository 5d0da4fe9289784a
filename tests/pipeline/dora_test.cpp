// DORA's four keys: lead time for changes from the commit time recorded in
// the history, and the band each key falls in at its thresholds' edges.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "pipeline/commit_time.hpp"
#include "pipeline/dora_bands.hpp"
#include "pipeline/runner_fixture.hpp"
#include "pipeline/stats.hpp"

namespace automock::test {
namespace {

using namespace pipeline;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

const auto k_dora_now = *parse_utc("2026-11-26T12:00:00Z");

// A run that started a deploy stage; a failed one rolled target "a" back.
RunRecord deploy_run(std::string_view started, RunResult result, milliseconds duration,
                     std::optional<std::string_view> committed) {
  RunRecord record;
  record.started_at = *parse_utc(started);
  if (committed) record.committed_at = *parse_utc(*committed);
  record.result = result;
  record.duration = duration;
  const auto stage = result == RunResult::passed ? StageResult::passed : StageResult::failed;
  record.stages = {{"deploy", StageKind::deploy, stage, duration}};
  if (result != RunResult::passed) record.rolled_back = {"a"};
  return record;
}

Stats stats_over(const std::vector<RunRecord>& history) {
  return compute_stats(history, StatsOptions{k_dora_now, 28});
}

// Lead time.

TEST(LeadTimeTest, LeadTimeRunsFromTheCommitTimeToTheEndOfTheGoodDeploy) {
  const auto stats = stats_over({
      // committed 10:00, deploy ends 12:30:00: 2h 30m
      deploy_run("2026-11-20T12:00:00Z", RunResult::passed, minutes{30}, "2026-11-20T10:00:00Z"),
      // a failed change has no lead time
      deploy_run("2026-11-21T12:00:00Z", RunResult::failed, minutes{5}, "2026-11-21T11:00:00Z"),
      // committed a day before, ends 10 s after start: 1d 00h 00m 10s
      deploy_run("2026-11-22T09:00:00Z", RunResult::passed, milliseconds{10000},
                 "2026-11-21T09:00:00Z"),
      // committed 09:59, ends 10:01: 2 min
      deploy_run("2026-11-23T10:00:00Z", RunResult::passed, minutes{1}, "2026-11-23T09:59:00Z"),
  });
  EXPECT_EQ(stats.lead_times, 3);
  EXPECT_EQ(stats.deploys_without_commit_time, 0);
  // 2 min, 2h 30m, 1d 10s: the median is the 2nd.
  EXPECT_EQ(stats.median_lead_time, hours{2} + minutes{30});
}

TEST(LeadTimeTest, DeploysWithoutACommitTimeAreSkippedAndCounted) {
  const auto stats = stats_over({
      deploy_run("2026-11-20T12:00:00Z", RunResult::passed, minutes{1}, std::nullopt),
      deploy_run("2026-11-21T12:00:00Z", RunResult::passed, minutes{1}, "2026-11-21T11:00:00Z"),
  });
  EXPECT_EQ(stats.lead_times, 1);
  EXPECT_EQ(stats.deploys_without_commit_time, 1);
  EXPECT_EQ(stats.median_lead_time, hours{1} + minutes{1});
  const auto text = format_stats(stats, StatsFormat::text);
  EXPECT_NE(text.find("lead time:               median 1h 01m (1 deploys; 1 without a commit "
                      "time, skipped)  [elite]"),
            std::string::npos)
      << text;
}

TEST(LeadTimeTest, ACommitDatedAfterItsDeployCountsAsZeroLeadTime) {
  const auto stats = stats_over(
      {deploy_run("2026-11-20T12:00:00Z", RunResult::passed, minutes{1}, "2026-11-20T13:00:00Z")});
  EXPECT_EQ(stats.median_lead_time, milliseconds{0});
}

TEST(LeadTimeTest, AHistoryWithoutCommitTimesHasNoLeadTimeAndNoBand) {
  const auto stats =
      stats_over({deploy_run("2026-11-20T12:00:00Z", RunResult::passed, minutes{1}, {})});
  EXPECT_FALSE(stats.median_lead_time.has_value());
  const auto json = nlohmann::json::parse(format_stats(stats, StatsFormat::json));
  EXPECT_TRUE(json["lead_time_ms"]["median"].is_null());
  EXPECT_EQ(json["lead_time_ms"]["without_commit_time"], 1);
  EXPECT_TRUE(json["bands"]["lead_time"].is_null());
}

TEST(LeadTimeTest, JsonAndMarkdownCarryAllFourKeysWithTheirBands) {
  const auto stats = stats_over({
      deploy_run("2026-11-20T12:00:00Z", RunResult::failed, minutes{1}, "2026-11-20T11:00:00Z"),
      deploy_run("2026-11-20T13:00:00Z", RunResult::passed, minutes{30}, "2026-11-20T12:50:00Z"),
  });
  const auto json = nlohmann::json::parse(format_stats(stats, StatsFormat::json));
  EXPECT_EQ(json["lead_time_ms"]["median"], 40 * 60 * 1000);
  EXPECT_EQ(json["bands"]["deploy_frequency"], "medium");  // 0.25 a week: monthly or more
  EXPECT_EQ(json["bands"]["lead_time"], "elite");          // 40 min
  EXPECT_EQ(json["bands"]["change_failure_rate"], "low");  // 50%
  EXPECT_EQ(json["bands"]["time_to_restore"], "high");     // 12:00 to 13:30
  const auto markdown = format_stats(stats, StatsFormat::markdown);
  EXPECT_TRUE(markdown.starts_with("| metric | value | DORA band |\n|---|---|---|\n")) << markdown;
  EXPECT_NE(markdown.find("| lead time | median 40m 00s (1 deploys) | elite |\n"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| time to restore | median 1h 30m (1 restores) | high |\n"),
            std::string::npos)
      << markdown;
}

// Bands at each threshold: just below, at, just above.

// Each edge between two bands of a rate, from the elite edge down: the edge
// itself belongs to the better band, as does a step away from it in the
// better direction; a step in the worse direction (`worse_step`) gives the next band.
void expect_rate_edges(Band (*band_of)(double), const std::vector<double>& edges,
                       double worse_step) {
  const Band bands[] = {Band::elite, Band::high, Band::medium, Band::low};
  for (std::size_t i = 0; i < edges.size(); ++i) {
    EXPECT_EQ(band_of(edges[i] - worse_step), bands[i]) << "better side of edge " << i;
    EXPECT_EQ(band_of(edges[i]), bands[i]) << "at edge " << i;
    EXPECT_EQ(band_of(edges[i] + worse_step), bands[i + 1]) << "worse side of edge " << i;
  }
}

TEST(DoraBandTest, DeployFrequencyBandsAtDailyWeeklyAndMonthly) {
  expect_rate_edges(deploy_frequency_band, {7.0, 1.0, 7.0 / 30.0}, -0.001);
  EXPECT_EQ(deploy_frequency_band(0.0), Band::low);
}

TEST(DoraBandTest, ChangeFailureRateBandsAtFiveTenAndFifteenPercent) {
  expect_rate_edges(change_failure_rate_band, {0.05, 0.10, 0.15}, 0.001);
}

// Each edge between two duration bands: 1 ms below it is the better band, at
// it and 1 ms above the next one.
void expect_duration_edges(Band (*band_of)(milliseconds), const std::vector<milliseconds>& edges) {
  const Band bands[] = {Band::elite, Band::high, Band::medium, Band::low};
  const milliseconds ms{1};
  for (std::size_t i = 0; i < edges.size(); ++i) {
    EXPECT_EQ(band_of(edges[i] - ms), bands[i]) << "below edge " << i;
    EXPECT_EQ(band_of(edges[i]), bands[i + 1]) << "at edge " << i;
    EXPECT_EQ(band_of(edges[i] + ms), bands[i + 1]) << "above edge " << i;
  }
}

TEST(DoraBandTest, LeadTimeBandsAtADayAWeekAndAMonth) {
  expect_duration_edges(lead_time_band,
                        {std::chrono::days{1}, std::chrono::days{7}, std::chrono::days{30}});
}

TEST(DoraBandTest, TimeToRestoreBandsAtAnHourADayAndAWeek) {
  expect_duration_edges(time_to_restore_band,
                        {hours{1}, std::chrono::days{1}, std::chrono::days{7}});
}

TEST(DoraBandTest, StatsOverAHistoryPutEachKeyInTheBandOfItsEdge) {
  // 28 good deploys in 28 days: exactly 7 a week, elite at its edge; each
  // committed exactly a day before its deploy ended: high at its edge.
  std::vector<RunRecord> history;
  for (int day = 0; day < 28; ++day) {
    RunRecord run = deploy_run("2026-11-26T10:00:00Z", RunResult::passed, hours{1}, {});
    run.started_at -= std::chrono::days{day};
    run.committed_at = run.started_at + hours{1} - std::chrono::days{1};
    history.push_back(run);
  }
  const auto stats = stats_over(history);
  const auto json = nlohmann::json::parse(format_stats(stats, StatsFormat::json));
  EXPECT_DOUBLE_EQ(stats.deploys_per_week, 7.0);
  EXPECT_EQ(json["bands"]["deploy_frequency"], "elite");
  EXPECT_EQ(stats.median_lead_time, std::chrono::days{1});
  EXPECT_EQ(json["bands"]["lead_time"], "high");
  EXPECT_EQ(json["bands"]["change_failure_rate"], "elite");  // 0%
  history.pop_back();                                        // 27: 6.75 a week
  EXPECT_EQ(nlohmann::json::parse(
                format_stats(stats_over(history), StatsFormat::json))["bands"]["deploy_frequency"],
            "high");
}

// The commit time recorded at run time.

class CommitTimeTest : public RunnerTest {
 protected:
  // A git repository in the temp dir with one commit made at `when` (epoch seconds).
  void commit_at(long long when) {
    const std::string date = "'@" + std::to_string(when) + " +0000'";
    const std::string command = "cd '" + dir_.path().string() +
                                "' && git init -q . && GIT_COMMITTER_DATE=" + date +
                                " GIT_AUTHOR_DATE=" + date +
                                " git -c user.email=t@example.com -c user.name=t commit -q "
                                "--allow-empty -m one";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
};

TEST_F(CommitTimeTest, TheRunRecordsTheCheckedOutCommitsCommitTime) {
  commit_at(1'764'000'000);
  const auto record = run(R"({"stages":[{"name":"ok","run":"true"}]})");
  ASSERT_TRUE(record.commit.has_value());
  ASSERT_TRUE(record.committed_at.has_value());
  EXPECT_EQ(*record.committed_at,
            std::chrono::system_clock::time_point{std::chrono::seconds{1'764'000'000}});
}

TEST_F(CommitTimeTest, NoCommitTimeOutsideGitOrForAnUnknownOrForeignId) {
  EXPECT_FALSE(git_commit_time(dir_.path(), "0123456789abcdef").has_value());
  commit_at(1'764'000'000);
  EXPECT_FALSE(git_commit_time(dir_.path(), "0123456789abcdef0123").has_value());
  EXPECT_FALSE(git_commit_time(dir_.path(), "HEAD; touch pwned").has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "pwned"));
}

}  // namespace
}  // namespace automock::test
