#include "pipeline/stats.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <cmath>

namespace automock::pipeline {

namespace {

using std::chrono::milliseconds;

// Nearest rank: the ceil(p/100 * n)-th smallest value.
milliseconds percentile(std::vector<milliseconds> values, int p) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(
      std::ceil(static_cast<double>(p) / 100.0 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

std::chrono::system_clock::time_point end_of(const RunRecord& run) {
  return run.started_at + run.duration;
}

std::vector<RunRecord> by_start(std::vector<RunRecord> runs) {
  std::stable_sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.started_at < b.started_at;
  });
  return runs;
}

void add_durations(const std::vector<RunRecord>& window, Stats& stats) {
  std::vector<milliseconds> durations;
  for (const auto& run : window) {
    if (run.result != RunResult::interrupted) durations.push_back(run.duration);
  }
  if (durations.empty()) return;
  stats.median_duration = percentile(durations, 50);
  stats.p90_duration = percentile(durations, 90);
}

// An incident opens at the start of a failed change (unless one is open) and
// closes at the end of the next good deploy.
void add_restores(const std::vector<RunRecord>& window, Stats& stats) {
  std::vector<milliseconds> restores;
  std::optional<std::chrono::system_clock::time_point> open_since;
  for (const auto& run : window) {
    if (!run.deploy_started()) continue;
    if (run.failed_change()) {
      if (!open_since) open_since = run.started_at;
    } else if (open_since) {
      restores.push_back(std::chrono::duration_cast<milliseconds>(end_of(run) - *open_since));
      open_since.reset();
    }
  }
  stats.restores = static_cast<int>(restores.size());
  if (!restores.empty()) stats.median_time_to_restore = percentile(restores, 50);
}

void add_lead_times(const std::vector<RunRecord>& window, Stats& stats) {
  std::vector<milliseconds> lead_times;
  for (const auto& run : window) {
    if (!run.deploy_started() || run.failed_change()) continue;
    if (!run.committed_at) {
      ++stats.deploys_without_commit_time;
      continue;
    }
    // A commit dated after its deploy (a skewed clock) counts as no wait.
    const auto lead_time =
        std::chrono::duration_cast<milliseconds>(end_of(run) - *run.committed_at);
    lead_times.push_back(std::max(lead_time, milliseconds{0}));
  }
  stats.lead_times = static_cast<int>(lead_times.size());
  if (!lead_times.empty()) stats.median_lead_time = percentile(lead_times, 50);
}

std::optional<Streak> current_streak(const std::vector<RunRecord>& runs) {
  std::optional<Streak> streak;
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    if (run->result == RunResult::interrupted) continue;
    if (!streak) streak = Streak{run->result, 0};
    if (run->result != streak->result) break;
    ++streak->runs;
  }
  return streak;
}

}  // namespace

Stats compute_stats(const std::vector<RunRecord>& history, const StatsOptions& options) {
  if (options.window_days < 1) throw InputError("the stats window must be at least one day");
  const auto runs = by_start(history);
  const auto window_start = options.now - std::chrono::days{options.window_days};
  std::vector<RunRecord> window;
  for (const auto& run : runs) {
    if (run.started_at > window_start && run.started_at <= options.now) window.push_back(run);
  }
  Stats stats;
  stats.window_days = options.window_days;
  stats.runs = static_cast<int>(window.size());
  int failed_changes = 0;
  for (const auto& run : window) {
    if (!run.deploy_started()) continue;
    ++stats.deploy_runs;
    if (run.failed_change()) {
      ++failed_changes;
    } else {
      ++stats.good_deploys;
    }
  }
  stats.deploys_per_week = stats.good_deploys * 7.0 / options.window_days;
  if (stats.deploy_runs > 0) {
    stats.change_failure_rate = static_cast<double>(failed_changes) / stats.deploy_runs;
  }
  add_durations(window, stats);
  add_restores(window, stats);
  add_lead_times(window, stats);
  stats.streak = current_streak(runs);
  return stats;
}

}  // namespace automock::pipeline
