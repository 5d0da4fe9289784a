#include "pipeline/stats.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using namespace pipeline;
using std::chrono::hours;
using std::chrono::milliseconds;

// "Now" for every figure below.
const auto k_now = *parse_utc("2026-11-26T12:00:00Z");

// One history line: a test stage and, unless `deploy` is "none", a deploy
// stage with that result; the test stage failed when the deploy never started.
std::string line(const std::string& started, const std::string& result, long duration_ms,
                 const std::string& deploy, const std::string& rolled_back = "") {
  std::string stages = R"([{"name":"test","kind":"run","result":")" +
                       std::string{deploy == "none" || deploy == "skipped" ? result : "passed"} +
                       R"(","duration_ms":1})";
  if (deploy != "none") {
    stages += R"(,{"name":"deploy","kind":"deploy","result":")" + deploy + R"(","duration_ms":1})";
  }
  return R"({"version":1,"started_at":")" + started + R"(","commit":null,"pipeline":"p.json",)" +
         R"("result":")" + result + R"(","duration_ms":)" + std::to_string(duration_ms) +
         R"(,"stages":)" + stages + R"(],"deployed":[],"rolled_back":[)" + rolled_back + "]}\n";
}

// A hand-written history; the expected figures below were worked out by hand
// (see the comments) for now = 2026-11-26T12:00:00Z and a 28-day window,
// which starts after 2026-10-29T12:00:00Z.
class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "history.jsonl",
               // #1 good deploy, 60 s
               line("2026-11-02T10:00:00Z", "passed", 60000, "passed") +
                   // #2 failed change (rolled back): incident opens 11-05 10:00
                   line("2026-11-05T10:00:00Z", "failed", 90000, "failed", R"("a")") +
                   // #3 test failed, deploy never started: not a deploy run
                   line("2026-11-05T11:00:00Z", "failed", 30000, "skipped") +
                   // #4 failed change while the incident is open
                   line("2026-11-05T12:00:00Z", "failed", 120000, "failed") +
                   // #5 good deploy ends 14:05:00: restore 4h05m = 14700000 ms
                   line("2026-11-05T14:00:00Z", "passed", 300000, "passed") +
                   // #6 no deploy stage at all
                   line("2026-11-10T09:00:00Z", "passed", 45000, "none") +
                   // #7 interrupted during deploy: a failed change, duration not counted
                   line("2026-11-12T09:00:00Z", "interrupted", 20000, "interrupted") +
                   // #8 good deploy ends 10:02:30: restore 1h02m30s = 3750000 ms
                   line("2026-11-12T10:00:00Z", "passed", 150000, "passed") +
                   // #9 good deploy
                   line("2026-11-20T09:00:00Z", "passed", 80000, "passed") +
                   // #10 failed change: incident opens 11-25 09:00
                   line("2026-11-25T09:00:00Z", "failed", 70000, "failed", R"("b","a")") +
                   // #11 no deploy
                   line("2026-11-25T10:00:00Z", "passed", 40000, "none") +
                   // #12 good deploy ends 11-26 08:00:50: restore 23h00m50s = 82850000 ms
                   line("2026-11-26T08:00:00Z", "passed", 50000, "passed") +
                   // #13 interrupted, no deploy: skipped by the streak
                   line("2026-11-26T11:00:00Z", "interrupted", 10000, "none") +
                   // #0 outside the window, last in the file: must not count, must
                   // not extend the streak (records are ordered by start time)
                   line("2026-10-20T10:00:00Z", "passed", 100000, "passed"));
  }

  Stats stats() { return compute_stats(read_history(dir_ / "history.jsonl"), {k_now, 28}); }

  TempDir dir_;
};

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

// The window.

TEST_F(StatsTest, FiguresMatchTheHandComputedAnswers) {
  const Stats s = stats();
  EXPECT_EQ(s.runs, 13);                       // #1..#13
  EXPECT_EQ(s.deploy_runs, 9);                 // #1 #2 #4 #5 #7 #8 #9 #10 #12
  EXPECT_EQ(s.good_deploys, 5);                // #1 #5 #8 #9 #12
  EXPECT_DOUBLE_EQ(s.deploys_per_week, 1.25);  // 5 * 7 / 28
  ASSERT_TRUE(s.change_failure_rate.has_value());
  EXPECT_DOUBLE_EQ(*s.change_failure_rate, 4.0 / 9.0);  // #2 #4 #7 #10
  // 11 durations (interrupted excluded), sorted: 30 40 45 50 60 70 80 90 120 150 300 s;
  // nearest rank: median is the 6th, p90 the 10th.
  EXPECT_EQ(s.median_duration, milliseconds{70000});
  EXPECT_EQ(s.p90_duration, milliseconds{150000});
  // Restores 3750000, 14700000, 82850000 ms: the median is the 2nd.
  EXPECT_EQ(s.restores, 3);
  EXPECT_EQ(s.median_time_to_restore, milliseconds{14700000});
  ASSERT_TRUE(s.streak.has_value());
  EXPECT_EQ(s.streak->result, RunResult::passed);  // #12 #11, then #10 failed
  EXPECT_EQ(s.streak->runs, 2);
}

TEST_F(StatsTest, NarrowerWindowCountsOnlyRecentRuns) {
  // After 2026-11-19T12:00:00Z: #9 .. #13.
  const Stats s = compute_stats(read_history(dir_ / "history.jsonl"), {k_now, 7});
  EXPECT_EQ(s.runs, 5);
  EXPECT_EQ(s.deploy_runs, 3);   // #9 #10 #12
  EXPECT_EQ(s.good_deploys, 2);  // #9 #12
  EXPECT_DOUBLE_EQ(s.deploys_per_week, 2.0);
  EXPECT_EQ(s.restores, 1);
  EXPECT_EQ(s.median_time_to_restore, milliseconds{82850000});
}

TEST_F(StatsTest, EmptyHistoryHasNoFigures) {
  const Stats s = compute_stats({}, {k_now, 28});
  EXPECT_EQ(s.runs, 0);
  EXPECT_FALSE(s.change_failure_rate.has_value());
  EXPECT_FALSE(s.median_duration.has_value());
  EXPECT_FALSE(s.streak.has_value());
  EXPECT_NE(format_stats(s, StatsFormat::text).find("- (no deploys)"), std::string::npos);
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

// Durations: nearest-rank percentiles.

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

// Failing streaks and time to restore.

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

// Output formats.

TEST_F(StatsTest, JsonOutputCarriesTheFigures) {
  const auto json = nlohmann::json::parse(format_stats(stats(), StatsFormat::json));
  EXPECT_EQ(json["runs"], 13);
  EXPECT_DOUBLE_EQ(json["deploys_per_week"].get<double>(), 1.25);
  EXPECT_EQ(json["duration_ms"]["median"], 70000);
  EXPECT_EQ(json["duration_ms"]["p90"], 150000);
  EXPECT_EQ(json["time_to_restore_ms"]["median"], 14700000);
  EXPECT_EQ(json["streak"]["result"], "passed");
  EXPECT_EQ(json["streak"]["runs"], 2);
}

TEST_F(StatsTest, TextAndMarkdownOutputsAreReadable) {
  const auto text = format_stats(stats(), StatsFormat::text);
  EXPECT_NE(text.find("deploys per week:        1.25 (5 good deploys)"), std::string::npos) << text;
  EXPECT_NE(text.find("44.4% (4 of 9 deploy runs)"), std::string::npos) << text;
  EXPECT_NE(text.find("median 1m 10s, p90 2m 30s"), std::string::npos) << text;
  EXPECT_NE(text.find("median 4h 05m (3 restores)"), std::string::npos) << text;
  EXPECT_NE(text.find("current streak:          2 passed"), std::string::npos) << text;
  const auto markdown = format_stats(stats(), StatsFormat::markdown);
  EXPECT_NE(markdown.find("| change failure rate | 44.4% (4 of 9 deploy runs) | low |"),
            std::string::npos)
      << markdown;
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

TEST(StatsEdgeTest, MarkdownIsATableOfMetricValueAndBand) {
  const auto markdown = format_stats(Stats{.window_days = 7}, StatsFormat::markdown);
  EXPECT_TRUE(markdown.starts_with("| metric | value | DORA band |\n|---|---|---|\n")) << markdown;
  EXPECT_NE(markdown.find("| runs (last 7 days) | 0 |  |\n"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| deploys per week | 0.00 (0 good deploys) | low |\n"),
            std::string::npos)
      << markdown;
  EXPECT_EQ(std::count(markdown.begin(), markdown.end(), '\n'), 9);
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
