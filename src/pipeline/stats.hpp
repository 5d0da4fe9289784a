#pragma once
// What continuous-deployment teams track, computed from the run history.
// docs/pipeline.md defines each figure.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/history.hpp"

namespace automock::pipeline {

struct StatsOptions {
  std::chrono::system_clock::time_point now;
  int window_days = 28;  // runs started in (now - window, now] are counted
};

struct Streak {
  RunResult result = RunResult::passed;  // passed or failed
  int runs = 0;
};

struct Stats {
  int window_days = 0;
  int runs = 0;          // in the window
  int deploy_runs = 0;   // runs that started a deploy
  int good_deploys = 0;  // deploy runs that passed without rollback
  double deploys_per_week = 0;
  std::optional<double> change_failure_rate;  // failed changes / deploy runs
  std::optional<std::chrono::milliseconds> median_duration;
  std::optional<std::chrono::milliseconds> p90_duration;
  int restores = 0;  // failed deploys followed by a good one
  std::optional<std::chrono::milliseconds> median_time_to_restore;
  // Lead time for changes: from a good deploy's committed_at to the end of
  // its run (started_at + duration); median over the window's good deploys
  // that recorded a commit time (a commit dated after the deploy counts as
  // zero). Lines without one are counted, not guessed.
  int lead_times = 0;
  int deploys_without_commit_time = 0;
  std::optional<std::chrono::milliseconds> median_lead_time;
  std::optional<Streak> streak;  // over the whole history, interrupted runs skipped
};

// Pure: the same records and options always give the same figures.
Stats compute_stats(const std::vector<RunRecord>& history, const StatsOptions& options);

// text and markdown show each of the four keys with its DORA band
// (pipeline/dora_bands.hpp); json adds a "bands" object, null where a key has
// no figure.
enum class StatsFormat { text, json, markdown };
std::optional<StatsFormat> parse_stats_format(std::string_view text);
std::string format_stats(const Stats& stats, StatsFormat format);

}  // namespace automock::pipeline
