#include "net/message_parser.hpp"

#include <algorithm>
#include <utility>

namespace automock::net {

size_t MessageParser::feed(std::string_view input) {
  size_t total = 0;
  while (state_ == State::head || state_ == State::body) {
    const std::string_view rest = input.substr(total);
    const size_t used = state_ == State::head ? feed_head(rest) : feed_body(rest);
    if (used == 0) break;
    total += used;
  }
  return total;
}

size_t MessageParser::feed_head(std::string_view input) {
  return feed_head_line(
      input, limits_.max_header_bytes, head_, [this](auto line) { on_start_line(line); },
      [this](auto line) { on_field_line(line); }, [this] { on_head_too_large(); });
}

void MessageParser::on_field_line(std::string_view line) {
  if (line.empty()) return on_head_complete();
  const FieldLine field = parse_field_line(line);
  if (!field.malformed.empty()) return fail(std::string{field.malformed});
  fields().add(std::string{field.name}, std::string{field.value});
}

void MessageParser::start_body(BodyDecoder decoder) {
  body_ = std::move(decoder);
  body_.listen(body_listener_);
  state_ = State::body;
  follow_body();
}

void MessageParser::start_body_of_length(const std::vector<std::string>& lengths) {
  if (std::any_of(lengths.begin(), lengths.end(), [&](auto& v) { return v != lengths.front(); })) {
    return fail("conflicting Content-Length values");
  }
  const auto length = parse_decimal(lengths.front());
  if (!length) return fail("invalid Content-Length: " + lengths.front());
  start_body(BodyDecoder::fixed(*length, limits_));
}

size_t MessageParser::feed_body(std::string_view input) {
  const size_t used = body_.feed(input);
  follow_body();
  return used;
}

void MessageParser::follow_body() {
  switch (body_.state()) {
    case BodyDecoder::State::reading:
      return;
    case BodyDecoder::State::done:
      on_body(body_.take_body());
      state_ = State::done;
      return;
    case BodyDecoder::State::failed:
      return on_body_failed();
  }
}

void MessageParser::fail(int status, std::string reason) {
  state_ = State::failed;
  error_ = ParseError{status, std::move(reason)};
}

}  // namespace automock::net
