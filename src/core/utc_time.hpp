#pragma once
// ISO 8601 UTC timestamps with whole seconds ("2026-11-26T10:44:15Z"), as
// written in fixtures.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace automock {

// Formats `time` truncated to seconds. Throws InputError for years outside
// 0000..9999.
std::string format_utc_seconds(std::chrono::system_clock::time_point time);

// Parses exactly "YYYY-MM-DDTHH:MM:SSZ" (a valid date, hours 00..23, minutes
// and seconds 00..59) that the system clock can hold (with libstdc++'s
// nanosecond clock, 1677-09-22 to 2262-04-11); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc_seconds(std::string_view text);

}  // namespace automock
