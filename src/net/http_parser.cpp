#include "net/http_parser.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

RequestParser::RequestParser(ParseLimits limits) : MessageParser(limits, 400) {}

ParsedRequest RequestParser::take_request() {
  ParsedRequest request = std::move(parsed_);
  *this = RequestParser{limits_};
  return request;
}

void RequestParser::on_start_line(std::string_view line) {
  if (line.empty()) return;  // RFC 9112 2.2: ignore empty lines before a request
  const auto first_space = line.find(' ');
  const auto second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return fail("malformed request line");
  }
  const auto method = line.substr(0, first_space);
  const auto target = line.substr(first_space + 1, second_space - first_space - 1);
  const auto version = line.substr(second_space + 1);
  if (!is_token(method)) return fail("invalid method");
  if (target.empty() ||
      std::any_of(target.begin(), target.end(), [](char c) { return c == ' ' || is_control(c); })) {
    return fail("invalid request target");
  }
  if (version == "HTTP/1.1") {
    parsed_.version_minor = 1;
  } else if (version == "HTTP/1.0") {
    parsed_.version_minor = 0;
  } else if (version.size() == 8 && version.starts_with("HTTP/") && version[6] == '.') {
    return fail(505, "HTTP version not supported");
  } else {
    return fail("malformed HTTP version");
  }
  parsed_.request.method = std::string{method};
  parsed_.request.target = std::string{target};
  head_.start_line_seen = true;
}

void RequestParser::on_head_complete() {
  const auto& headers = parsed_.request.headers;
  parsed_.keep_alive = connection_persists(parsed_.version_minor, headers);
  parsed_.expects_continue =
      parsed_.version_minor == 1 && iequals(headers.get("Expect").value_or(""), "100-continue");
  prepare_body();
}

void RequestParser::on_head_too_large() {
  fail(431, "request header fields too large");
}

// Chooses how the body is framed (RFC 9112 6.3): done, body or failed.
void RequestParser::prepare_body() {
  auto& headers = parsed_.request.headers;
  const auto codings = values_of(headers, "Transfer-Encoding");
  const auto lengths = values_of(headers, "Content-Length");
  if (!codings.empty()) {
    if (parsed_.version_minor == 0) return fail("Transfer-Encoding in HTTP/1.0");
    if (!lengths.empty()) return fail("both Transfer-Encoding and Content-Length");
    if (codings.size() != 1 || !iequals(trim(codings.front()), "chunked")) {
      return fail(501, "transfer coding not implemented: " + codings.back());
    }
    headers.remove("Transfer-Encoding");
    return start_body(BodyDecoder::chunked(limits_));
  }
  if (lengths.empty()) {
    state_ = State::done;
    return;
  }
  start_body_of_length(lengths);
}

void RequestParser::on_body_failed() {
  switch (body_.failure()) {
    case BodyDecoder::Failure::body_too_large:
      return fail(413, "request body too large");
    case BodyDecoder::Failure::trailer_too_large:
      return fail(431, "request header fields too large");
    case BodyDecoder::Failure::malformed:
    case BodyDecoder::Failure::cut_short:
    case BodyDecoder::Failure::none:
      return fail(body_.reason());
  }
}

RequestParseOutcome parse_request(std::string_view bytes, ParseLimits limits) {
  RequestParser parser{limits};
  RequestParseOutcome outcome;
  outcome.consumed = parser.feed(bytes);
  outcome.state = parser.state();
  if (outcome.state == RequestParser::State::failed) outcome.error = parser.error();
  if (outcome.state == RequestParser::State::done) outcome.message = parser.take_request();
  return outcome;
}

}  // namespace automock::net
