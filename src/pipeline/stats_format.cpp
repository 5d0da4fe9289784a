#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/enum_names.hpp"
#include "pipeline/dora_bands.hpp"
#include "pipeline/stats.hpp"

namespace automock::pipeline {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::string printf_string(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// 850 ms, 12.3 s, 4m 05s, 2h 05m, 3d 04h.
std::string human(milliseconds duration) {
  const long long ms = duration.count();
  char text[64];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%lld ms", ms);
  } else if (ms < 60'000) {
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000.0);
  } else if (ms < 3'600'000) {
    std::snprintf(text, sizeof text, "%lldm %02llds", ms / 60'000, ms / 1000 % 60);
  } else if (ms < 86'400'000) {
    std::snprintf(text, sizeof text, "%lldh %02lldm", ms / 3'600'000, ms / 60'000 % 60);
  } else {
    std::snprintf(text, sizeof text, "%lldd %02lldh", ms / 86'400'000, ms / 3'600'000 % 24);
  }
  return text;
}

std::string human(const std::optional<milliseconds>& duration) {
  return duration ? human(*duration) : "-";
}

struct Row {
  std::string metric;
  std::string value;
  std::string band;  // DORA band of one of the four keys; empty otherwise
};

// The DORA band of each key with a figure.
struct Bands {
  Band deploy_frequency;
  std::optional<Band> lead_time;
  std::optional<Band> change_failure_rate;
  std::optional<Band> time_to_restore;
};

Bands bands_of(const Stats& stats) {
  Bands bands{deploy_frequency_band(stats.deploys_per_week), std::nullopt, std::nullopt,
              std::nullopt};
  if (stats.median_lead_time) bands.lead_time = lead_time_band(*stats.median_lead_time);
  if (stats.change_failure_rate) {
    bands.change_failure_rate = change_failure_rate_band(*stats.change_failure_rate);
  }
  if (stats.median_time_to_restore) {
    bands.time_to_restore = time_to_restore_band(*stats.median_time_to_restore);
  }
  return bands;
}

std::string band_name(const std::optional<Band>& band) {
  return band ? std::string{to_string(*band)} : std::string{};
}

std::string lead_time_value(const Stats& stats) {
  std::string value = "median " + human(stats.median_lead_time) + " (" +
                      std::to_string(stats.lead_times) + " deploys";
  if (stats.deploys_without_commit_time > 0) {
    value += "; " + std::to_string(stats.deploys_without_commit_time) +
             " without a commit time, skipped";
  }
  return value + ")";
}

std::vector<Row> rows(const Stats& stats) {
  const std::string cfr = stats.change_failure_rate
                              ? printf_string("%.1f%%", *stats.change_failure_rate * 100.0) + " (" +
                                    std::to_string(stats.deploy_runs - stats.good_deploys) +
                                    " of " + std::to_string(stats.deploy_runs) + " deploy runs)"
                              : "- (no deploys)";
  const std::string streak = stats.streak ? std::to_string(stats.streak->runs) + " " +
                                                std::string{to_string(stats.streak->result)}
                                          : "-";
  const Bands bands = bands_of(stats);
  return {
      {"runs (last " + std::to_string(stats.window_days) + " days)", std::to_string(stats.runs),
       ""},
      {"deploys per week",
       printf_string("%.2f", stats.deploys_per_week) + " (" + std::to_string(stats.good_deploys) +
           " good deploys)",
       band_name(bands.deploy_frequency)},
      {"lead time", lead_time_value(stats), band_name(bands.lead_time)},
      {"change failure rate", cfr, band_name(bands.change_failure_rate)},
      {"pipeline duration",
       "median " + human(stats.median_duration) + ", p90 " + human(stats.p90_duration), ""},
      {"time to restore",
       "median " + human(stats.median_time_to_restore) + " (" + std::to_string(stats.restores) +
           " restores)",
       band_name(bands.time_to_restore)},
      {"current streak", streak, ""},
  };
}

json optional_ms(const std::optional<milliseconds>& duration) {
  return duration ? json(duration->count()) : json(nullptr);
}

json optional_band(const std::optional<Band>& band) {
  return band ? json(to_string(*band)) : json(nullptr);
}

json bands_json(const Stats& stats) {
  const Bands bands = bands_of(stats);
  return {{"deploy_frequency", to_string(bands.deploy_frequency)},
          {"lead_time", optional_band(bands.lead_time)},
          {"change_failure_rate", optional_band(bands.change_failure_rate)},
          {"time_to_restore", optional_band(bands.time_to_restore)}};
}

std::string as_json(const Stats& stats) {
  json streak = nullptr;
  if (stats.streak) {
    streak = {{"result", to_string(stats.streak->result)}, {"runs", stats.streak->runs}};
  }
  const json object = {
      {"window_days", stats.window_days},
      {"runs", stats.runs},
      {"deploy_runs", stats.deploy_runs},
      {"good_deploys", stats.good_deploys},
      {"deploys_per_week", stats.deploys_per_week},
      {"change_failure_rate",
       stats.change_failure_rate ? json(*stats.change_failure_rate) : json(nullptr)},
      {"duration_ms",
       {{"median", optional_ms(stats.median_duration)}, {"p90", optional_ms(stats.p90_duration)}}},
      {"time_to_restore_ms",
       {{"median", optional_ms(stats.median_time_to_restore)}, {"restores", stats.restores}}},
      {"lead_time_ms",
       {{"median", optional_ms(stats.median_lead_time)},
        {"deploys", stats.lead_times},
        {"without_commit_time", stats.deploys_without_commit_time}}},
      {"streak", streak},
      {"bands", bands_json(stats)}};
  return object.dump(2) + "\n";
}

std::string as_text(const Stats& stats) {
  std::string text;
  for (const auto& row : rows(stats)) {
    text += row.metric + ":" + std::string(24 - std::min<std::size_t>(row.metric.size(), 23), ' ') +
            row.value + (row.band.empty() ? "" : "  [" + row.band + "]") + "\n";
  }
  return text;
}

std::string as_markdown(const Stats& stats) {
  std::string text = "| metric | value | DORA band |\n|---|---|---|\n";
  for (const auto& row : rows(stats)) {
    text += "| " + row.metric + " | " + row.value + " | " + row.band + " |\n";
  }
  return text;
}

}  // namespace

std::optional<StatsFormat> parse_stats_format(std::string_view text) {
  static constexpr EnumNames<StatsFormat, 3> k_stats_format_names{
      {{StatsFormat::text, "text"},
       {StatsFormat::json, "json"},
       {StatsFormat::markdown, "markdown"}}};
  return value_of(k_stats_format_names, text);
}

std::string format_stats(const Stats& stats, StatsFormat format) {
  using Formatter = std::string (*)(const Stats&);
  static constexpr std::pair<StatsFormat, Formatter> k_formatters[] = {
      {StatsFormat::text, as_text},
      {StatsFormat::json, as_json},
      {StatsFormat::markdown, as_markdown}};
  for (const auto& [candidate, formatted] : k_formatters) {
    if (candidate == format) return formatted(stats);
  }
  return as_text(stats);
}

}  // namespace automock::pipeline
