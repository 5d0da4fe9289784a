// The stats definitions of docs/pipeline.md at their edges: the window's
// bounds, nearest-rank percentiles, streaks, open incidents, and how each
// duration is printed.
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "pipeline/stats.hpp"

namespace automock::test {
namespace {

using namespace pipeline;
using std::chrono::hours;
using std::chrono::milliseconds;

const auto k_now = *parse_utc("2026-11-26T12:00:00Z");

RunRecord run_at(std::chrono::system_clock::time_point started, RunResult result,
                 milliseconds duration = milliseconds{1000}) {
  RunRecord record;
  record.started_at = started;
  record.result = result;
  record.duration = duration;
  record.stages = {{"test", StageKind::run,
                    result == RunResult::passed ? StageResult::passed : StageResult::failed,
                    duration}};
  return record;
}

RunRecord deploy_at(std::chrono::system_clock::time_point started, RunResult result,
                    milliseconds duration = milliseconds{1000}) {
  auto record = run_at(started, result, duration);
  record.stages.push_back({"deploy", StageKind::deploy,
                           result == RunResult::passed ? StageResult::passed : StageResult::failed,
                           duration});
  return record;
}

Stats stats_of(const std::vector<RunRecord>& history, int days = 28) {
  return compute_stats(history, StatsOptions{k_now, days});
}

TEST(StatsEdgeTest, TheWindowExcludesItsStartAndIncludesNow) {
  const auto stats =
      stats_of({run_at(k_now - std::chrono::days{28}, RunResult::passed),
                run_at(k_now - std::chrono::days{28} + milliseconds{1000}, RunResult::passed),
                run_at(k_now, RunResult::passed), run_at(k_now + hours{1}, RunResult::passed)});
  EXPECT_EQ(stats.runs, 2);
}

TEST(StatsEdgeTest, AWindowOfLessThanOneDayIsAnInputError) {
  EXPECT_THROW(stats_of({}, 0), InputError);
  EXPECT_THROW(stats_of({}, -3), InputError);
}

TEST(StatsEdgeTest, PercentilesUseTheNearestRank) {
  std::vector<RunRecord> history;
  for (int i = 1; i <= 10; ++i) {
    history.push_back(run_at(k_now - hours{i}, RunResult::passed, milliseconds{i * 1000}));
  }
  const auto ten = stats_of(history);
  EXPECT_EQ(ten.median_duration, milliseconds{5000});  // ceil(0.5 * 10) = 5th
  EXPECT_EQ(ten.p90_duration, milliseconds{9000});     // ceil(0.9 * 10) = 9th
  history.push_back(run_at(k_now - hours{11}, RunResult::passed, milliseconds{11000}));
  EXPECT_EQ(stats_of(history).median_duration, milliseconds{6000});  // 6th of 11
  EXPECT_EQ(stats_of(history).p90_duration, milliseconds{10000});    // ceil(9.9) = 10th
}

TEST(StatsEdgeTest, ASingleRunIsItsOwnMedianAndP90) {
  const auto stats = stats_of({run_at(k_now - hours{1}, RunResult::failed, milliseconds{42})});
  EXPECT_EQ(stats.median_duration, milliseconds{42});
  EXPECT_EQ(stats.p90_duration, milliseconds{42});
}

TEST(StatsEdgeTest, OnlyInterruptedRunsGiveNoDuration) {
  const auto stats = stats_of({run_at(k_now - hours{1}, RunResult::interrupted)});
  EXPECT_EQ(stats.runs, 1);
  EXPECT_FALSE(stats.median_duration.has_value());
  EXPECT_FALSE(stats.streak.has_value());
}

TEST(StatsEdgeTest, AFailingStreakCountsTheLatestFailuresSkippingInterruptions) {
  const auto stats = stats_of(
      {run_at(k_now - hours{5}, RunResult::passed), run_at(k_now - hours{4}, RunResult::failed),
       run_at(k_now - hours{3}, RunResult::interrupted),
       run_at(k_now - hours{2}, RunResult::failed), run_at(k_now - hours{1}, RunResult::failed)});
  ASSERT_TRUE(stats.streak.has_value());
  EXPECT_EQ(stats.streak->result, RunResult::failed);
  EXPECT_EQ(stats.streak->runs, 3);
}

TEST(StatsEdgeTest, TheStreakReachesBeforeTheWindow) {
  const auto stats = stats_of({run_at(k_now - std::chrono::days{60}, RunResult::passed),
                               run_at(k_now - std::chrono::days{40}, RunResult::passed),
                               run_at(k_now - hours{1}, RunResult::passed)});
  EXPECT_EQ(stats.runs, 1);
  EXPECT_EQ(stats.streak->runs, 3);
}

TEST(StatsEdgeTest, AnIncidentStillOpenIsNoRestore) {
  const auto stats = stats_of({deploy_at(k_now - hours{3}, RunResult::passed),
                               deploy_at(k_now - hours{2}, RunResult::failed),
                               deploy_at(k_now - hours{1}, RunResult::failed)});
  EXPECT_EQ(stats.deploy_runs, 3);
  EXPECT_EQ(stats.good_deploys, 1);
  EXPECT_EQ(stats.restores, 0);
  EXPECT_FALSE(stats.median_time_to_restore.has_value());
  ASSERT_TRUE(stats.change_failure_rate.has_value());
  EXPECT_NEAR(*stats.change_failure_rate, 2.0 / 3.0, 1e-9);
}

TEST(StatsEdgeTest, ARestoreRunsFromTheFirstFailureToTheEndOfTheNextGoodDeploy) {
  const auto stats = stats_of(
      {deploy_at(k_now - hours{5}, RunResult::failed),
       deploy_at(k_now - hours{4}, RunResult::failed), run_at(k_now - hours{3}, RunResult::passed),
       deploy_at(k_now - hours{2}, RunResult::passed, milliseconds{30000})});
  EXPECT_EQ(stats.restores, 1);
  EXPECT_EQ(stats.median_time_to_restore, hours{3} + milliseconds{30000});
}

Stats stats_with_durations(milliseconds median, milliseconds p90, milliseconds restore) {
  Stats stats;
  stats.window_days = 7;
  stats.median_duration = median;
  stats.p90_duration = p90;
  stats.median_time_to_restore = restore;
  stats.restores = 1;
  return stats;
}

TEST(StatsEdgeTest, DurationsArePrintedInTheUnitThatReadsBest) {
  const auto short_ones = format_stats(
      stats_with_durations(milliseconds{850}, milliseconds{12345}, milliseconds{245000}),
      StatsFormat::text);
  EXPECT_NE(short_ones.find("median 850 ms, p90 12.3 s"), std::string::npos) << short_ones;
  EXPECT_NE(short_ones.find("median 4m 05s (1 restores)"), std::string::npos) << short_ones;
  const auto long_ones =
      format_stats(stats_with_durations(milliseconds{7'500'000}, milliseconds{86'400'000},
                                        milliseconds{3 * 86'400'000 + 4 * 3'600'000 + 59 * 60'000}),
                   StatsFormat::text);
  EXPECT_NE(long_ones.find("median 2h 05m, p90 1d 00h"), std::string::npos) << long_ones;
  EXPECT_NE(long_ones.find("median 3d 04h"), std::string::npos) << long_ones;
}

TEST(StatsEdgeTest, AbsentFiguresPrintADashAndJsonNull) {
  Stats stats;
  stats.window_days = 28;
  const auto text = format_stats(stats, StatsFormat::text);
  EXPECT_NE(text.find("runs (last 28 days):     0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("median -, p90 -"), std::string::npos) << text;
  EXPECT_NE(text.find("current streak:          -\n"), std::string::npos) << text;
  const auto json = format_stats(stats, StatsFormat::json);
  EXPECT_NE(json.find("\"change_failure_rate\": null"), std::string::npos) << json;
  EXPECT_NE(json.find("\"streak\": null"), std::string::npos) << json;
}

TEST(StatsEdgeTest, MarkdownIsATwoColumnTable) {
  const auto markdown = format_stats(Stats{.window_days = 7}, StatsFormat::markdown);
  EXPECT_TRUE(markdown.starts_with("| metric | value |\n|---|---|\n")) << markdown;
  EXPECT_NE(markdown.find("| runs (last 7 days) | 0 |\n"), std::string::npos) << markdown;
  EXPECT_EQ(std::count(markdown.begin(), markdown.end(), '\n'), 8);
}

TEST(StatsEdgeTest, OnlyTheThreeDocumentedFormatsParse) {
  EXPECT_EQ(parse_stats_format("text"), StatsFormat::text);
  EXPECT_EQ(parse_stats_format("json"), StatsFormat::json);
  EXPECT_EQ(parse_stats_format("markdown"), StatsFormat::markdown);
  EXPECT_FALSE(parse_stats_format("md").has_value());
  EXPECT_FALSE(parse_stats_format("JSON").has_value());
  EXPECT_FALSE(parse_stats_format("").has_value());
}

}  // namespace
}  // namespace automock::test
