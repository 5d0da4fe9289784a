#include "net/http_parser.hpp"

#include <algorithm>
#include <utility>

namespace automock::net {

namespace {

// A chunk-size line longer than this is an attack, not a chunk size.
constexpr size_t k_max_chunk_line = 1024;
// 15 hex digits keep a chunk size far below SIZE_MAX.
constexpr size_t k_max_chunk_size_digits = 15;

bool is_token_char(char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

std::string_view trim_whitespace(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Whether the comma-separated list `list` holds `token` (case-insensitive).
bool list_contains(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (iequals(trim_whitespace(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<size_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

std::optional<size_t> parse_hex(std::string_view text) {
  if (text.empty() || text.size() > k_max_chunk_size_digits) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    size_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<size_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<size_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<size_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * 16 + digit;
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

}  // namespace

RequestParser::RequestParser(ParseLimits limits) : limits_(limits) {}

size_t RequestParser::feed(std::string_view input) {
  size_t total = 0;
  while (state_ == State::head || state_ == State::body) {
    const std::string_view rest = input.substr(total);
    size_t used = 0;
    if (step_ == Step::fixed_body) {
      used = feed_fixed_body(rest);
    } else if (step_ == Step::chunk_data) {
      used = feed_chunk_data(rest);
    } else {
      used = feed_line(rest);
    }
    if (used == 0) break;
    total += used;
  }
  return total;
}

ParsedRequest RequestParser::take_request() {
  ParsedRequest request = std::move(parsed_);
  *this = RequestParser{limits_};
  return request;
}

size_t RequestParser::pending_line_limit() const {
  switch (step_) {
    case Step::request_line:
    case Step::header:
      return limits_.max_header_bytes - head_bytes_;
    case Step::trailer:
      return limits_.max_header_bytes - trailer_bytes_;
    default:
      return k_max_chunk_line;
  }
}

size_t RequestParser::feed_line(std::string_view input) {
  const auto newline = input.find('\n');
  const size_t used = newline == std::string_view::npos ? input.size() : newline + 1;
  if (used > pending_line_limit()) {
    fail_line_too_long();
    return 0;
  }
  if (newline == std::string_view::npos) return 0;
  if (step_ == Step::request_line || step_ == Step::header) head_bytes_ += used;
  if (step_ == Step::trailer) trailer_bytes_ += used;
  std::string_view line = input.substr(0, newline);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  on_line(line);
  return used;
}

void RequestParser::on_line(std::string_view line) {
  switch (step_) {
    case Step::request_line:
      return on_request_line(line);
    case Step::header:
      return on_header(line);
    case Step::chunk_size:
      return on_chunk_size(line);
    case Step::chunk_end:
      return on_chunk_end(line);
    case Step::trailer:
      return on_trailer(line);
    case Step::fixed_body:
    case Step::chunk_data:
      break;
  }
}

void RequestParser::on_request_line(std::string_view line) {
  if (line.empty()) return;  // RFC 9112 2.2: ignore empty lines before a request
  const auto first_space = line.find(' ');
  const auto second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return fail(400, "malformed request line");
  }
  const auto method = line.substr(0, first_space);
  const auto target = line.substr(first_space + 1, second_space - first_space - 1);
  const auto version = line.substr(second_space + 1);
  if (!is_token(method)) return fail(400, "invalid method");
  if (target.empty() ||
      std::any_of(target.begin(), target.end(), [](char c) { return c == ' ' || is_control(c); })) {
    return fail(400, "invalid request target");
  }
  if (version == "HTTP/1.1") {
    parsed_.version_minor = 1;
  } else if (version == "HTTP/1.0") {
    parsed_.version_minor = 0;
  } else if (version.size() == 8 && version.starts_with("HTTP/") && version[6] == '.') {
    return fail(505, "HTTP version not supported");
  } else {
    return fail(400, "malformed HTTP version");
  }
  parsed_.request.method = std::string{method};
  parsed_.request.target = std::string{target};
  step_ = Step::header;
}

void RequestParser::on_header(std::string_view line) {
  if (line.empty()) return on_head_complete();
  if (line.front() == ' ' || line.front() == '\t') return fail(400, "obsolete header line folding");
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return fail(400, "header field without a colon");
  const auto name = line.substr(0, colon);
  if (!is_token(name)) return fail(400, "invalid header field name");
  const auto value = trim_whitespace(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && is_control(c); })) {
    return fail(400, "invalid character in header field value");
  }
  parsed_.request.headers.add(std::string{name}, std::string{value});
}

void RequestParser::on_head_complete() {
  const auto& headers = parsed_.request.headers;
  const std::string connection = headers.get("Connection").value_or("");
  if (parsed_.version_minor == 1) {
    parsed_.keep_alive = !list_contains(connection, "close");
  } else {
    parsed_.keep_alive =
        list_contains(connection, "keep-alive") && !list_contains(connection, "close");
  }
  parsed_.expects_continue =
      parsed_.version_minor == 1 && iequals(headers.get("Expect").value_or(""), "100-continue");
  prepare_body();
}

// Chooses how the body is framed (RFC 9112 6.3): done, body or failed.
void RequestParser::prepare_body() {
  auto& headers = parsed_.request.headers;
  const auto codings = values_of(headers, "Transfer-Encoding");
  const auto lengths = values_of(headers, "Content-Length");
  if (!codings.empty()) {
    if (parsed_.version_minor == 0) return fail(400, "Transfer-Encoding in HTTP/1.0");
    if (!lengths.empty()) return fail(400, "both Transfer-Encoding and Content-Length");
    if (codings.size() != 1 || !iequals(trim_whitespace(codings.front()), "chunked")) {
      return fail(501, "transfer coding not implemented: " + codings.back());
    }
    headers.remove("Transfer-Encoding");
    step_ = Step::chunk_size;
    state_ = State::body;
    return;
  }
  if (lengths.empty()) {
    state_ = State::done;
    return;
  }
  if (std::any_of(lengths.begin(), lengths.end(), [&](auto& v) { return v != lengths.front(); })) {
    return fail(400, "conflicting Content-Length values");
  }
  const auto length = parse_decimal(lengths.front());
  if (!length) return fail(400, "invalid Content-Length: " + lengths.front());
  if (*length > limits_.max_body_bytes) return fail(413, "request body too large");
  if (*length == 0) {
    state_ = State::done;
    return;
  }
  parsed_.request.body.reserve(*length);
  body_remaining_ = *length;
  step_ = Step::fixed_body;
  state_ = State::body;
}

size_t RequestParser::feed_fixed_body(std::string_view input) {
  const size_t used = std::min(input.size(), body_remaining_);
  parsed_.request.body.append(input.substr(0, used));
  body_remaining_ -= used;
  if (body_remaining_ == 0) state_ = State::done;
  return used;
}

void RequestParser::on_chunk_size(std::string_view line) {
  const auto size = parse_hex(trim_whitespace(line.substr(0, line.find(';'))));
  if (!size) return fail(400, "invalid chunk size");
  if (*size > limits_.max_body_bytes - parsed_.request.body.size()) {
    return fail(413, "request body too large");
  }
  if (*size == 0) {
    step_ = Step::trailer;
    return;
  }
  body_remaining_ = *size;
  step_ = Step::chunk_data;
}

size_t RequestParser::feed_chunk_data(std::string_view input) {
  const size_t used = std::min(input.size(), body_remaining_);
  parsed_.request.body.append(input.substr(0, used));
  body_remaining_ -= used;
  if (body_remaining_ == 0) step_ = Step::chunk_end;
  return used;
}

void RequestParser::on_chunk_end(std::string_view line) {
  if (!line.empty()) return fail(400, "chunk data longer than its size");
  step_ = Step::chunk_size;
}

void RequestParser::on_trailer(std::string_view line) {
  if (line.empty()) {
    state_ = State::done;
    return;
  }
  if (line.find(':') == std::string_view::npos) fail(400, "malformed trailer field");
}

void RequestParser::fail_line_too_long() {
  if (step_ == Step::chunk_size || step_ == Step::chunk_end) {
    return fail(400, "chunk size line too long");
  }
  fail(431, "request header fields too large");
}

void RequestParser::fail(int status, std::string reason) {
  state_ = State::failed;
  error_ = ParseError{status, std::move(reason)};
}

ParseOutcome parse_request(std::string_view bytes, ParseLimits limits) {
  RequestParser parser{limits};
  ParseOutcome outcome;
  outcome.consumed = parser.feed(bytes);
  outcome.state = parser.state();
  if (outcome.state == RequestParser::State::failed) outcome.error = parser.error();
  if (outcome.state == RequestParser::State::done) outcome.request = parser.take_request();
  return outcome;
}

}  // namespace automock::net
