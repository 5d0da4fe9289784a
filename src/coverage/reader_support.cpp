#include "coverage/reader_support.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <charconv>

namespace automock::coverage {

void Diagnostics::fail(const std::string& what) const {
  throw InputError(where() + what);
}

void Diagnostics::warn(const std::string& what) {
  if (++warnings_ <= k_max_warnings) report_.warn(where() + what);
}

void Diagnostics::flush() {
  if (warnings_ > k_max_warnings) {
    report_.warn(origin_ + ": " + std::to_string(warnings_ - k_max_warnings) + " more warnings");
  }
  warnings_ = 0;
}

std::string Diagnostics::where() const {
  return line > 0 ? origin_ + ":" + std::to_string(line) + ": " : origin_ + ": ";
}

namespace {

template <typename Number>
Number parse_number(std::string_view text, std::string_view what, const Diagnostics& diag) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
    diag.fail(std::string(what) + ": expected a non-negative integer, got '" + std::string(text) +
              "'");
  }
  return value;
}

}  // namespace

std::uint32_t parse_u32(std::string_view text, std::string_view what, const Diagnostics& diag) {
  return parse_number<std::uint32_t>(text, what, diag);
}

Count parse_count(std::string_view text, std::string_view what, const Diagnostics& diag) {
  // gcov writes huge counts as-is; anything past the saturation point saturates.
  if (text.size() > 19 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    return k_max_count;
  }
  return std::min(parse_number<Count>(text, what, diag), k_max_count);
}

std::uint32_t checked_line_number(std::uint64_t number, const Diagnostics& diag) {
  if (number == 0 || number > k_max_line_number) {
    diag.fail("line number " + std::to_string(number) + " out of range 1.." +
              std::to_string(k_max_line_number));
  }
  return static_cast<std::uint32_t>(number);
}

std::string_view FieldScanner::next(std::string_view record) {
  if (done_) diag_.fail(std::string(record) + ": missing field");
  const auto comma = text_.find(',');
  std::string_view field = text_.substr(0, comma);
  if (comma == std::string_view::npos) {
    done_ = true;
    text_ = {};
  } else {
    text_.remove_prefix(comma + 1);
  }
  return field;
}

std::uint32_t FieldScanner::line_number(std::string_view record) {
  const auto field = next(record);
  return checked_line_number(
      parse_number<std::uint64_t>(field, std::string(record) + " line", diag_), diag_);
}

Count FieldScanner::count(std::string_view record) {
  return parse_count(next(record), std::string(record) + " count", diag_);
}

}  // namespace automock::coverage
