#include "net/http_syntax.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace automock::net {

namespace {

// 15 hex digits keep a chunk size far below SIZE_MAX.
constexpr size_t k_max_hex_digits = 15;
// 18 decimal digits keep a length far below SIZE_MAX.
constexpr size_t k_max_decimal_digits = 18;

bool is_token_char(char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

std::optional<size_t> hex_digit(char c) {
  if (c >= '0' && c <= '9') return static_cast<size_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<size_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<size_t>(c - 'A' + 10);
  return std::nullopt;
}

}  // namespace

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

bool list_contains(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (iequals(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view last_list_element(std::string_view list) {
  const auto comma = list.rfind(',');
  return trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
}

std::optional<size_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > k_max_decimal_digits) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

std::optional<size_t> parse_hex(std::string_view text) {
  if (text.empty() || text.size() > k_max_hex_digits) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    const auto digit = hex_digit(c);
    if (!digit) return std::nullopt;
    value = value * 16 + *digit;
  }
  return value;
}

std::vector<std::string> values_of(const Headers& headers, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [field_name, value] : headers) {
    if (iequals(field_name, name)) values.push_back(value);
  }
  return values;
}

Line next_line(std::string_view input, size_t max_size) {
  const auto newline = input.find('\n');
  const size_t size = newline == std::string_view::npos ? input.size() : newline + 1;
  if (size > max_size) return Line{Line::Status::too_long};
  if (newline == std::string_view::npos) return Line{Line::Status::incomplete};
  std::string_view text = input.substr(0, newline);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return Line{Line::Status::complete, text, size};
}

FieldLine parse_field_line(std::string_view line) {
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    return FieldLine{.malformed = "obsolete header line folding"};
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return FieldLine{.malformed = "header field without a colon"};
  const auto name = line.substr(0, colon);
  if (!is_token(name)) return FieldLine{.malformed = "invalid header field name"};
  const auto value = trim(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && is_control(c); })) {
    return FieldLine{.malformed = "invalid character in header field value"};
  }
  return FieldLine{name, value, {}};
}

bool connection_persists(int version_minor, const Headers& headers) {
  const std::string connection = headers.get("Connection").value_or("");
  if (list_contains(connection, "close")) return false;
  return version_minor == 1 || list_contains(connection, "keep-alive");
}

}  // namespace automock::net
