#include "net/http_parser.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

RequestParser::RequestParser(ParseLimits limits) : MessageParser(limits) {}

size_t RequestParser::feed(std::string_view input) {
  return feed_parts(
      input, [this](auto rest) { return feed_head(rest); },
      [this](auto rest) { return feed_body(rest); });
}

ParsedRequest RequestParser::take_request() {
  ParsedRequest request = std::move(parsed_);
  *this = RequestParser{limits_};
  return request;
}

size_t RequestParser::feed_head(std::string_view input) {
  return feed_head_line(
      input, limits_.max_header_bytes, head_, [this](auto line) { on_request_line(line); },
      [this](auto line) { on_header(line); },
      [this] { fail(431, "request header fields too large"); });
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
  head_.start_line_seen = true;
}

void RequestParser::on_header(std::string_view line) {
  if (line.empty()) return on_head_complete();
  const FieldLine field = parse_field_line(line);
  if (!field.malformed.empty()) return fail(400, std::string{field.malformed});
  parsed_.request.headers.add(std::string{field.name}, std::string{field.value});
}

void RequestParser::on_head_complete() {
  const auto& headers = parsed_.request.headers;
  parsed_.keep_alive = connection_persists(parsed_.version_minor, headers);
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
  if (std::any_of(lengths.begin(), lengths.end(), [&](auto& v) { return v != lengths.front(); })) {
    return fail(400, "conflicting Content-Length values");
  }
  const auto length = parse_decimal(lengths.front());
  if (!length) return fail(400, "invalid Content-Length: " + lengths.front());
  start_body(BodyDecoder::fixed(*length, limits_));
}

void RequestParser::start_body(BodyDecoder decoder) {
  body_ = std::move(decoder);
  state_ = State::body;
  feed_body({});
}

// Feeds the body decoder and takes its outcome: the body, or the status and
// reason to answer with.
size_t RequestParser::feed_body(std::string_view input) {
  const size_t used = body_.feed(input);
  follow_body([this](std::string body) { parsed_.request.body = std::move(body); },
              [this] { on_body_failed(); });
  return used;
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
      return fail(400, body_.reason());
  }
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
