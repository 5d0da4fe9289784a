#pragma once
// What the request parser and the response parser share: a message read as a
// head, line by line, then a body, within limits, and the error that stopped
// it, and the shapes of their results. A parser supplies the hooks below;
// this class drives them. Thread-safety: none; one parser per connection.

#include <automock/http.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/body_decoder.hpp"
#include "net/http_syntax.hpp"
#include "net/parse_limits.hpp"

namespace automock::net {

// What a message's head says about its connection.
struct ConnectionUse {
  int version_minor = 1;  // HTTP/1.<version_minor>
  // The connection may carry another message afterwards (each parser's
  // header says when).
  bool keep_alive = true;
};

class MessageParser {
 public:
  enum class State { head, body, done, failed };

  // Consumes a prefix of `input` and returns its length. Bytes that were not
  // consumed (an incomplete line) must be presented again, followed by more
  // bytes. Consumes nothing once done or failed, so bytes after the message
  // stay with the caller.
  size_t feed(std::string_view input);

  State state() const { return state_; }
  // Whether no byte of this message (interim heads included) was consumed yet.
  bool at_start() const { return state_ == State::head && head_.bytes == 0; }
  // Valid when state() is failed.
  const ParseError& error() const { return error_; }
  // Hears each piece of body as it is decoded (BodyDecoder::listen), from
  // the next body on (ResponseParser::start() keeps the listener).
  void listen_to_body(BodyDecoder::PieceListener listener) { body_listener_ = std::move(listener); }

 protected:
  // A malformed message fails with `bad_message_status` (400 for a request,
  // 502 for an upstream response).
  MessageParser(ParseLimits limits, int bad_message_status)
      : limits_(limits), bad_message_status_(bad_message_status) {}
  ~MessageParser() = default;
  MessageParser(const MessageParser&) = default;
  MessageParser& operator=(const MessageParser&) = default;
  MessageParser(MessageParser&&) = default;
  MessageParser& operator=(MessageParser&&) = default;

  // Reads the body with `decoder` from here on (it may be done already).
  void start_body(BodyDecoder decoder);
  // Reads a body of the length the Content-Length values give, or fails when
  // they disagree or are not a length.
  void start_body_of_length(const std::vector<std::string>& lengths);
  // Follows the body decoder: on_body once it is done, on_body_failed once it
  // failed.
  void follow_body();
  void fail(int status, std::string reason);
  void fail(std::string reason) { fail(bad_message_status_, std::move(reason)); }

  ParseLimits limits_;
  State state_ = State::head;
  ParseError error_;
  BodyDecoder body_;
  BodyDecoder::PieceListener body_listener_;
  HeadProgress head_;

 private:
  // The hooks. The start line (until it sets head_.start_line_seen).
  virtual void on_start_line(std::string_view line) = 0;
  // Where header fields go.
  virtual Headers& fields() = 0;
  // After the empty line that ends the head: sets the state to done or
  // starts the body, or fails.
  virtual void on_head_complete() = 0;
  virtual void on_head_too_large() = 0;
  virtual void on_body(std::string body) = 0;
  virtual void on_body_failed() = 0;

  size_t feed_head(std::string_view input);
  size_t feed_body(std::string_view input);
  void on_field_line(std::string_view line);

  int bad_message_status_;
};

// One message parsed from the start of some bytes fed in one piece.
// `consumed` counts the bytes of that message (the rest belongs to the next).
template <typename Parsed>
struct ParseOutcome {
  MessageParser::State state = MessageParser::State::head;
  size_t consumed = 0;
  Parsed message;    // when state is done
  ParseError error;  // when state is failed
};

}  // namespace automock::net
