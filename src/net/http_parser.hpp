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
#include <string_view>

#include "net/message_parser.hpp"

namespace automock::net {

struct ParsedRequest {
  // The body is decoded; Transfer-Encoding is removed from the headers.
  Request request;
  int version_minor = 1;  // HTTP/1.<version_minor>
  bool keep_alive = true;
  bool expects_continue = false;  // "Expect: 100-continue" on HTTP/1.1
};

class RequestParser : public MessageParser {
 public:
  explicit RequestParser(ParseLimits limits = {});

  // Consumes a prefix of `input` and returns its length. Bytes that were not
  // consumed (an incomplete line) must be presented again, followed by more
  // bytes. Consumes nothing once done or failed.
  size_t feed(std::string_view input);

  // The request being parsed; complete when state() is done, its head
  // complete when state() is body.
  const ParsedRequest& request() const { return parsed_; }
  // Moves the complete request out and resets the parser for the next one.
  ParsedRequest take_request();

 private:
  size_t feed_head(std::string_view input);
  size_t feed_body(std::string_view input);
  void on_request_line(std::string_view line);
  void on_header(std::string_view line);
  void on_head_complete();
  void prepare_body();
  void start_body(BodyDecoder decoder);
  void on_body_failed();

  ParsedRequest parsed_;
};

// Parses one request from the start of `bytes`, as a connection would feed
// them in one piece. `consumed` counts the bytes of that request (the rest
// belongs to the next, pipelined request).
struct ParseOutcome {
  RequestParser::State state = RequestParser::State::head;
  size_t consumed = 0;
  ParsedRequest request;  // when state is done
  ParseError error;       // when state is failed
};
ParseOutcome parse_request(std::string_view bytes, ParseLimits limits = {});

}  // namespace automock::net
