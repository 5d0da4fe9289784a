#pragma once
// An incremental HTTP/1.x request parser. It never touches a socket: it is fed
// bytes and says how many it consumed, so it can be tested and fuzzed as a
// pure function over bytes (see parse_request).
//
// Accepted: "METHOD SP target SP HTTP/1.0|HTTP/1.1" request lines, header
// fields "name: value" (token names, no obs-fold, no control characters),
// Content-Length bodies and chunked bodies (decoded; trailers are read and
// dropped). Line ends are CRLF; a bare LF is tolerated. Empty lines before a
// request line are skipped. Anything else fails with a status and a reason.
//
// Thread-safety: none; one parser per connection.

#include <automock/http.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "net/message_parser.hpp"

namespace automock::net {

// keep_alive: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with
// "Connection: keep-alive".
struct ParsedRequest : ConnectionUse {
  // The body is decoded; Transfer-Encoding is removed from the headers.
  Request request;
  bool expects_continue = false;  // "Expect: 100-continue" on HTTP/1.1
};

class RequestParser final : public MessageParser {
 public:
  explicit RequestParser(ParseLimits limits = {});

  // The request being parsed; complete when state() is done, its head
  // complete when state() is body.
  const ParsedRequest& request() const { return parsed_; }
  // Moves the complete request out and resets the parser for the next one.
  ParsedRequest take_request();

 private:
  void on_start_line(std::string_view line) override;
  Headers& fields() override { return parsed_.request.headers; }
  void on_head_complete() override;
  void on_head_too_large() override;
  void on_body(std::string body) override { parsed_.request.body = std::move(body); }
  void on_body_failed() override;
  void prepare_body();

  ParsedRequest parsed_;
};

// Parses one request from the start of `bytes`, as a connection would feed
// them in one piece (the rest belongs to the next, pipelined request).
using RequestParseOutcome = ParseOutcome<ParsedRequest>;
RequestParseOutcome parse_request(std::string_view bytes, ParseLimits limits = {});

}  // namespace automock::net
