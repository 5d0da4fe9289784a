#pragma once
// What the request parser and the response parser share: a message read as a
// head, line by line, then a body, within limits, and the error that stopped
// it. Thread-safety: none; one parser per connection.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "net/body_decoder.hpp"
#include "net/http_syntax.hpp"
#include "net/parse_limits.hpp"

namespace automock::net {

class MessageParser {
 public:
  enum class State { head, body, done, failed };

  State state() const { return state_; }
  // Whether no byte of this message (interim heads included) was consumed yet.
  bool at_start() const { return state_ == State::head && head_.bytes == 0; }
  // Valid when state() is failed.
  const ParseError& error() const { return error_; }

 protected:
  explicit MessageParser(ParseLimits limits) : limits_(limits) {}

  // Hands what is left of `input` to `feed_head` or `feed_body`, as the state
  // says, while a head or a body is being read and they consume something.
  // Returns the bytes consumed.
  template <typename FeedHead, typename FeedBody>
  size_t feed_parts(std::string_view input, FeedHead&& feed_head, FeedBody&& feed_body) {
    size_t total = 0;
    while (state_ == State::head || state_ == State::body) {
      const std::string_view rest = input.substr(total);
      const size_t used = state_ == State::head ? feed_head(rest) : feed_body(rest);
      if (used == 0) break;
      total += used;
    }
    return total;
  }

  // Follows the body decoder: once it is done, hands the body to `on_body`
  // and the message is done; once it failed, calls `on_failed`.
  template <typename OnBody, typename OnFailed>
  void follow_body(OnBody&& on_body, OnFailed&& on_failed) {
    switch (body_.state()) {
      case BodyDecoder::State::reading:
        return;
      case BodyDecoder::State::done:
        on_body(body_.take_body());
        state_ = State::done;
        return;
      case BodyDecoder::State::failed:
        return on_failed();
    }
  }

  void fail(int status, std::string reason) {
    state_ = State::failed;
    error_ = ParseError{status, std::move(reason)};
  }

  ParseLimits limits_;
  State state_ = State::head;
  ParseError error_;
  BodyDecoder body_;
  HeadProgress head_;
};

}  // namespace automock::net
