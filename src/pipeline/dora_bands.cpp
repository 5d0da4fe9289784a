#include "pipeline/dora_bands.hpp"

#include "core/enum_names.hpp"

namespace automock::pipeline {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;

constexpr double k_daily_per_week = 7.0;
constexpr double k_weekly_per_week = 1.0;
constexpr double k_monthly_per_week = 7.0 / 30.0;
constexpr double k_elite_failure_rate = 0.05;
constexpr double k_high_failure_rate = 0.10;
constexpr double k_medium_failure_rate = 0.15;

// The band of a duration below which each better band starts.
Band duration_band(milliseconds value, milliseconds elite_below, milliseconds high_below,
                   milliseconds medium_below) {
  if (value < elite_below) return Band::elite;
  if (value < high_below) return Band::high;
  return value < medium_below ? Band::medium : Band::low;
}

}  // namespace

std::string_view to_string(Band band) {
  static constexpr EnumNames<Band, 4> k_band_names{
      {{Band::elite, "elite"}, {Band::high, "high"}, {Band::medium, "medium"}, {Band::low, "low"}}};
  return name_of(k_band_names, band);
}

Band deploy_frequency_band(double deploys_per_week) {
  if (deploys_per_week >= k_daily_per_week) return Band::elite;
  if (deploys_per_week >= k_weekly_per_week) return Band::high;
  return deploys_per_week >= k_monthly_per_week ? Band::medium : Band::low;
}

Band lead_time_band(milliseconds lead_time) {
  return duration_band(lead_time, days{1}, days{7}, days{30});
}

Band change_failure_rate_band(double rate) {
  if (rate <= k_elite_failure_rate) return Band::elite;
  if (rate <= k_high_failure_rate) return Band::high;
  return rate <= k_medium_failure_rate ? Band::medium : Band::low;
}

Band time_to_restore_band(milliseconds time_to_restore) {
  return duration_band(time_to_restore, hours{1}, days{1}, days{7});
}

}  // namespace automock::pipeline
