#include "core/utc_time.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <cstdio>

namespace automock {

namespace {
constexpr std::string_view k_pattern = "dddd-dd-ddTdd:dd:ddZ";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool matches_pattern(std::string_view text) {
  if (text.size() != k_pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool ok = k_pattern[i] == 'd' ? is_digit(text[i]) : text[i] == k_pattern[i];
    if (!ok) return false;
  }
  return true;
}

int number_at(std::string_view text, size_t offset, size_t length) {
  int value = 0;
  for (size_t i = offset; i < offset + length; ++i) value = value * 10 + (text[i] - '0');
  return value;
}
}  // namespace

std::string format_utc_seconds(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(time);
  const auto day = floor<days>(seconds);
  const year_month_day date{day};
  const hh_mm_ss clock{seconds - day};
  const int year_number = static_cast<int>(date.year());
  if (year_number < 0 || year_number > 9999) {
    throw InputError("time outside the years 0000..9999 cannot be written as a timestamp");
  }
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", year_number,
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

std::optional<std::chrono::system_clock::time_point> parse_utc_seconds(std::string_view text) {
  using namespace std::chrono;
  if (!matches_pattern(text)) return std::nullopt;
  const year_month_day date{year{number_at(text, 0, 4)},
                            month{static_cast<unsigned>(number_at(text, 5, 2))},
                            day{static_cast<unsigned>(number_at(text, 8, 2))}};
  const int hour = number_at(text, 11, 2);
  const int minute = number_at(text, 14, 2);
  const int second = number_at(text, 17, 2);
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const sys_seconds time = sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  if (time < ceil<seconds>(system_clock::time_point::min()) ||
      time > floor<seconds>(system_clock::time_point::max())) {
    return std::nullopt;  // converting would overflow the clock's count
  }
  return time_point_cast<system_clock::duration>(time);
}

std::string format_utc_micros(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto text = format_utc_seconds(time);
  const auto micros = duration_cast<microseconds>(time - floor<seconds>(time)).count();
  if (micros == 0) return text;
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%06d", static_cast<int>(micros));
  text.insert(text.size() - 1, fraction);
  return text;
}

std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text) {
  using namespace std::chrono;
  constexpr size_t k_max_fraction_digits = 9;
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return parse_utc_seconds(text);
  if (!text.ends_with('Z')) return std::nullopt;
  const auto digits = text.substr(dot + 1, text.size() - dot - 2);
  if (digits.empty() || digits.size() > k_max_fraction_digits ||
      !std::all_of(digits.begin(), digits.end(), is_digit)) {
    return std::nullopt;
  }
  const auto whole = parse_utc_seconds(std::string{text.substr(0, dot)} + "Z");
  if (!whole) return std::nullopt;
  int64_t nanos = 0;
  for (size_t i = 0; i < k_max_fraction_digits; ++i) {
    nanos = nanos * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  }
  if (*whole > system_clock::time_point::max() - seconds{1}) return whole;
  return *whole + duration_cast<system_clock::duration>(nanoseconds{nanos});
}

}  // namespace automock
