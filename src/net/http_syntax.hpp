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

// How far a parser has read a message head: its bytes so far and whether
// the start line (request or status line) was among them.
struct HeadProgress {
  size_t bytes = 0;
  bool start_line_seen = false;
};

// One step of reading a message head of at most `max_bytes`: splits the next
// line off `input`, counts it in `head` and hands its text to `on_start_line`
// until the start line was seen, then to `on_header`. Returns the bytes
// consumed: 0 for an incomplete line, and for a line past the limit after
// calling `on_too_long`.
template <typename OnStartLine, typename OnHeader, typename OnTooLong>
size_t feed_head_line(std::string_view input, size_t max_bytes, HeadProgress& head,
                      OnStartLine&& on_start_line, OnHeader&& on_header, OnTooLong&& on_too_long) {
  const Line line = next_line(input, max_bytes - head.bytes);
  if (line.status == Line::Status::too_long) {
    on_too_long();
    return 0;
  }
  if (line.status == Line::Status::incomplete) return 0;
  head.bytes += line.size;
  if (head.start_line_seen) {
    on_header(line.text);
  } else {
    on_start_line(line.text);
  }
  return line.size;
}

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
