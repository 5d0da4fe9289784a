#pragma once
// DORA's performance bands for the four keys, from the 2023 Accelerate State
// of DevOps report's table of software delivery performance levels, with the
// gaps between its ranges closed so every value has exactly one band.
// docs/pipeline.md lists the thresholds and where they come from.

#include <chrono>
#include <string_view>

namespace automock::pipeline {

enum class Band { elite, high, medium, low };

std::string_view to_string(Band band);

// Good deploys per week: elite >= 7 (daily or on demand), high >= 1 (weekly),
// medium >= 7/30 (monthly), low below.
Band deploy_frequency_band(double deploys_per_week);
// Commit to the end of its deploy: elite < 1 day, high < 1 week,
// medium < 30 days, low from 30 days.
Band lead_time_band(std::chrono::milliseconds lead_time);
// Failed changes / deploy runs: elite <= 5%, high <= 10%, medium <= 15%,
// low above.
Band change_failure_rate_band(double rate);
// Failed deploy to the end of the next good one: elite < 1 hour,
// high < 1 day, medium < 1 week, low from 1 week.
Band time_to_restore_band(std::chrono::milliseconds time_to_restore);

}  // namespace automock::pipeline
