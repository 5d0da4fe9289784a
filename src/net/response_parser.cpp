#include "net/response_parser.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

namespace {

// Every failure answers the downstream client with Bad Gateway.
constexpr int k_bad_gateway = 502;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The codings of every Transfer-Encoding field as one list.
std::string joined(const std::vector<std::string>& codings) {
  std::string list;
  for (const auto& coding : codings) {
    if (!list.empty()) list += ", ";
    list += coding;
  }
  return list;
}

}  // namespace

ResponseParser::ResponseParser(ParseLimits limits) : MessageParser(limits, k_bad_gateway) {}

void ResponseParser::start(std::string_view request_method) {
  auto listener = std::move(body_listener_);
  *this = ResponseParser{limits_};
  body_listener_ = std::move(listener);
  head_request_ = iequals(request_method, "HEAD");
}

ParsedResponse ResponseParser::take_partial_response() {
  if (state_ == State::body) parsed_.response.body = body_.take_body();
  return std::move(parsed_);
}

void ResponseParser::end_of_input() {
  if (state_ == State::head) {
    return fail(at_start() ? "upstream response cut short: connection closed before a response"
                           : "upstream response cut short: connection closed in the head");
  }
  if (state_ == State::body) {
    body_.end_of_input();
    follow_body();
  }
}

// "HTTP/1.x SP 3DIGIT SP reason", where the reason (and the SP before it)
// may be missing (RFC 9112 4).
void ResponseParser::on_start_line(std::string_view line) {
  const auto version = line.substr(0, 8);
  if (version == "HTTP/1.1") {
    parsed_.version_minor = 1;
  } else if (version == "HTTP/1.0") {
    parsed_.version_minor = 0;
  } else if (version.starts_with("HTTP/")) {
    return fail("unsupported HTTP version in status line");
  } else {
    return fail("malformed status line");
  }
  const auto code = line.substr(8, 4);
  if (code.size() < 4 || code[0] != ' ' || !std::all_of(code.begin() + 1, code.end(), is_digit)) {
    return fail("malformed status line");
  }
  const auto rest = line.substr(12);
  if (!rest.empty() && rest.front() != ' ') return fail("malformed status line");
  if (std::any_of(rest.begin(), rest.end(), [](char c) { return c != '\t' && is_control(c); })) {
    return fail("invalid character in status reason");
  }
  const int status = (code[1] - '0') * 100 + (code[2] - '0') * 10 + (code[3] - '0');
  if (status < 100 || status > 599) return fail("status code out of range");
  if (status == 101) return fail("upgrade not supported");
  parsed_.response.status = status;
  head_.start_line_seen = true;
}

void ResponseParser::on_head_complete() {
  if (parsed_.response.status < 200) {  // interim: the final response follows
    parsed_ = ParsedResponse{};
    head_.start_line_seen = false;
    return;
  }
  parsed_.keep_alive = connection_persists(parsed_.version_minor, parsed_.response.headers);
  head_complete_ = true;
  if (!has_body()) {
    state_ = State::done;
    return;
  }
  prepare_body();
}

bool ResponseParser::has_body() const {
  const int status = parsed_.response.status;
  return !head_request_ && status != 204 && status != 304;
}

// Chooses how the body is framed (RFC 9112 6.3).
void ResponseParser::prepare_body() {
  auto& headers = parsed_.response.headers;
  const auto codings = values_of(headers, "Transfer-Encoding");
  if (!codings.empty()) return prepare_coded_body(joined(codings));
  const auto lengths = values_of(headers, "Content-Length");
  if (lengths.empty()) return read_until_close();
  framing_ = Framing::length;
  start_body_of_length(lengths);
}

// Transfer-Encoding overrides Content-Length, which an intermediary must
// remove (RFC 9112 6.3). Transfer-Encoding in HTTP/1.0 means the connection
// closes after this response (RFC 9112 6.1).
void ResponseParser::prepare_coded_body(const std::string& codings) {
  auto& headers = parsed_.response.headers;
  headers.remove("Content-Length");
  if (parsed_.version_minor == 0) parsed_.keep_alive = false;
  if (!iequals(last_list_element(codings), "chunked")) {
    return read_until_close();
  }
  const auto last_comma = codings.rfind(',');
  if (last_comma == std::string::npos) {
    headers.remove("Transfer-Encoding");
  } else {
    headers.set("Transfer-Encoding", std::string{trim(codings.substr(0, last_comma))});
  }
  framing_ = Framing::chunked;
  start_body(BodyDecoder::chunked(limits_));
}

// Without framing, only the end of the connection ends the body.
void ResponseParser::read_until_close() {
  parsed_.keep_alive = false;
  framing_ = Framing::until_close;
  start_body(BodyDecoder::until_close(limits_));
}

void ResponseParser::on_body_failed() {
  switch (body_.failure()) {
    case BodyDecoder::Failure::body_too_large:
      return fail("upstream response body too large");
    case BodyDecoder::Failure::trailer_too_large:
      return fail("upstream response trailer fields too large");
    case BodyDecoder::Failure::cut_short:
      return fail("upstream response cut short: connection closed in the body");
    case BodyDecoder::Failure::malformed:
    case BodyDecoder::Failure::none:
      return fail(body_.reason());
  }
}

ResponseParseOutcome parse_response(std::string_view bytes, std::string_view request_method,
                                    bool eof, ParseLimits limits) {
  ResponseParser parser{limits};
  parser.start(request_method);
  ResponseParseOutcome outcome;
  outcome.consumed = parser.feed(bytes);
  if (eof) parser.end_of_input();
  outcome.state = parser.state();
  if (outcome.state == ResponseParser::State::failed) outcome.error = parser.error();
  if (outcome.state == ResponseParser::State::done) outcome.message = parser.take_response();
  return outcome;
}

}  // namespace automock::net
