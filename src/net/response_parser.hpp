#pragma once
// An incremental HTTP/1.x response parser for the upstream client. Like the
// request parser it never touches a socket: it is fed bytes, says how many it
// consumed and is told when the peer closed the connection, so it can be
// tested and fuzzed as a pure function over bytes (see parse_response).
//
// Accepted (RFC 9112): "HTTP/1.0|HTTP/1.1 SP 3DIGIT [SP reason]" status lines
// with a status of 100 to 599, header fields as the request parser accepts
// them. Interim 1xx responses are read and skipped; 101 (Switching Protocols)
// fails. The body is framed as RFC 9112 6.3 says: none for a response to
// HEAD and for 1xx, 204 and 304; chunked when chunked is the final transfer
// coding (it wins over Content-Length, which is then removed); read until the
// connection closes for any other transfer coding or when there is neither
// Transfer-Encoding nor Content-Length; otherwise Content-Length bytes.
// Content-Encoding is not decoded. Every failure has status 502 and a reason.
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
// "Connection: keep-alive"; never after a body read until close or a
// Transfer-Encoding in HTTP/1.0.
struct ParsedResponse : ConnectionUse {
  // Status, headers and the body. A chunked body is decoded and "chunked" is
  // removed from Transfer-Encoding (the field goes when no coding is left);
  // Content-Length is kept as received, unless Transfer-Encoding overrode it.
  Response response;
};

class ResponseParser final : public MessageParser {
 public:
  // How the body of the final response is delimited.
  enum class Framing { none, length, chunked, until_close };

  explicit ResponseParser(ParseLimits limits = {});

  // Starts parsing the response to a request with this method: the response
  // to HEAD has no body whatever its headers say. Resets everything but the
  // body listener. A parser that was never started parses the response to a
  // GET.
  void start(std::string_view request_method);
  // The peer closed the connection. A body read until close becomes done; a
  // response with no byte consumed yet, an incomplete head or an incomplete
  // framed body fails. Does nothing once done or failed.
  void end_of_input();

  // Moves the complete response out (state done); start() the next one.
  ParsedResponse take_response() { return std::move(parsed_); }

  // Whether the head of the final response was parsed; then head() holds its
  // status and headers (as take_response() will give them) and framing() says
  // how its body is delimited.
  bool head_complete() const { return head_complete_; }
  const Response& head() const { return parsed_.response; }
  Framing framing() const { return framing_; }
  // Moves out the response with the body decoded so far, for a body that is
  // given up on before it ends; start() the next one.
  ParsedResponse take_partial_response();

 private:
  void on_start_line(std::string_view line) override;
  Headers& fields() override { return parsed_.response.headers; }
  void on_head_complete() override;
  void on_head_too_large() override { fail("upstream response head too large"); }
  void on_body(std::string body) override { parsed_.response.body = std::move(body); }
  void on_body_failed() override;
  bool has_body() const;
  void prepare_body();
  void prepare_coded_body(const std::string& codings);
  void read_until_close();

  bool head_request_ = false;
  bool head_complete_ = false;
  Framing framing_ = Framing::none;
  ParsedResponse parsed_;
};

// Parses one response to `request_method` from the start of `bytes`, fed in
// one piece; with `eof` the connection then closes (end_of_input()).
using ResponseParseOutcome = ParseOutcome<ParsedResponse>;
ResponseParseOutcome parse_response(std::string_view bytes, std::string_view request_method,
                                    bool eof = false, ParseLimits limits = {});

}  // namespace automock::net
