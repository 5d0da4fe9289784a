#pragma once
// Decodes one HTTP/1.x message body from the bytes that follow its head, as
// they arrive (RFC 9112 6, 7.1): exactly Content-Length bytes, the chunked
// transfer coding (chunk extensions and trailer fields are read and dropped),
// or every byte until the connection ends. Shared by the request and the
// response parser; it never touches a socket.
//
// Thread-safety: none; one decoder per message.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "net/parse_limits.hpp"

namespace automock::net {

class BodyDecoder {
 public:
  enum class State { reading, done, failed };
  // Why decoding failed; each parser words it for its own peer.
  enum class Failure {
    none,
    malformed,          // reason() says how
    body_too_large,     // the decoded body would exceed max_body_bytes
    trailer_too_large,  // the trailer section exceeds max_header_bytes
    cut_short,          // the input ended before the body did
  };

  // An empty body, already done.
  BodyDecoder() = default;
  // Exactly `length` bytes; fails at once when that exceeds max_body_bytes.
  static BodyDecoder fixed(size_t length, ParseLimits limits);
  // The chunked transfer coding.
  static BodyDecoder chunked(ParseLimits limits);
  // Every byte until end_of_input().
  static BodyDecoder until_close(ParseLimits limits);

  // Consumes a prefix of `input` and returns its length. Bytes that were not
  // consumed (an incomplete chunk line) must be presented again, followed by
  // more bytes. Consumes nothing once done or failed.
  size_t feed(std::string_view input);
  // The input ended: a body read until close is done, any other body still
  // being read fails (cut_short).
  void end_of_input();

  // Called with each piece of decoded body as feed() decodes it: a whole
  // chunk of a chunked body (once its last byte arrived), else the body bytes
  // of one feed() call. The pieces add up to the body.
  using PieceListener = std::function<void(std::string_view piece)>;
  void listen(PieceListener listener) { listener_ = std::move(listener); }

  State state() const { return state_; }
  Failure failure() const { return failure_; }
  // Valid when failure() is malformed.
  const std::string& reason() const { return reason_; }
  // Moves the decoded body out (state done).
  std::string take_body() { return std::move(body_); }

 private:
  enum class Step { fixed, until_close, chunk_size, chunk_data, chunk_end, trailer };

  BodyDecoder(Step step, ParseLimits limits);

  size_t feed_data(std::string_view input);
  size_t feed_line(std::string_view input);
  size_t line_limit() const;
  void on_line(std::string_view line);
  void on_chunk_size(std::string_view line);
  void on_chunk_end(std::string_view line);
  void on_trailer(std::string_view line);
  void tell_piece(std::string_view piece);
  void fail(Failure failure, std::string reason = {});

  ParseLimits limits_;
  State state_ = State::done;
  Step step_ = Step::fixed;
  Failure failure_ = Failure::none;
  std::string reason_;
  std::string body_;
  size_t remaining_ = 0;    // of the fixed body or of the current chunk
  size_t chunk_start_ = 0;  // where the current chunk starts in body_
  PieceListener listener_;
  size_t trailer_bytes_ = 0;
};

}  // namespace automock::net
