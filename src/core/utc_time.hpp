#pragma once
// ISO 8601 UTC timestamps ("2026-11-26T10:44:15Z"), as written in fixtures:
// whole seconds, or with the microseconds when they are not zero
// ("2026-11-26T10:44:15.250000Z"), which orders a cassette's exchanges.

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

// format_utc_seconds(), followed by ".ffffff" (microseconds) before the Z
// when `time` is not a whole second. Throws like format_utc_seconds().
std::string format_utc_micros(std::chrono::system_clock::time_point time);

// parse_utc_seconds(), also accepting a fraction of 1 to 9 digits before the
// Z ("...:15.25Z"), kept to the clock's precision.
std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text);

}  // namespace automock
