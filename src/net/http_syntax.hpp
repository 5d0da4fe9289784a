#pragma once
// The lexical rules of HTTP/1.x messages (RFC 9110, RFC 9112) shared by the
// request parser and the response parser: tokens, lines, header fields,
// numbers and connection persistence. Pure functions, safe from any thread.

#include <automock/http.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::net {

// Whether `text` is a non-empty token (RFC 9110 5.6.2).
bool is_token(std::string_view text);
// Whether `c` is a control character (below 0x20, or DEL).
bool is_control(char c);
// `text` without leading and trailing spaces and tabs.
std::string_view trim_whitespace(std::string_view text);
// Whether the comma-separated list `list` holds `token` (case-insensitive).
bool list_contains(std::string_view list, std::string_view token);
// The last element of the comma-separated list `list`, trimmed.
std::string_view last_list_element(std::string_view list);
// A decimal number of at most 18 digits, or nullopt.
std::optional<size_t> parse_decimal(std::string_view text);
// A hexadecimal number of at most 15 digits, or nullopt.
std::optional<size_t> parse_hex(std::string_view text);
// Every value of the fields named `name`, in order.
std::vector<std::string> values_of(const Headers& headers, std::string_view name);

// The next line at the start of some input. Line ends are CRLF or a bare LF.
struct Line {
  enum class Status { complete, incomplete, too_long };
  Status status = Status::incomplete;
  std::string_view text;  // without its line end; when complete
  size_t size = 0;        // bytes of the line with its line end; when complete
};
// Splits the next line off `input`. A line (with its line end) longer than
// `max_size` is too_long, even before its line end has arrived.
Line next_line(std::string_view input, size_t max_size);

// A header field line "name: value" split into its parts (RFC 9112 5).
struct FieldLine {
  std::string_view name;
  std::string_view value;      // trimmed
  std::string_view malformed;  // why the line is not a field line; empty if it is
};
// Rejects obs-fold, names that are not tokens and control characters in values.
FieldLine parse_field_line(std::string_view line);

// Whether the connection may carry another message after one of version
// HTTP/1.<version_minor> with these headers (RFC 9112 9.3).
bool connection_persists(int version_minor, const Headers& headers);

}  // namespace automock::net
