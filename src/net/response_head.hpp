#pragma once
// How the server frames a handler's Response on the wire: the status line and
// header block (the body is written after it, separately).

#include <automock/http.hpp>
#include <string>
#include <string_view>

namespace automock::net {

enum class Persistence { keep_alive, close };

// How a client tells where a body ends: its Content-Length computed from the
// body, the Content-Length the handler set (a stream relayed with its
// length), the chunked coding, or the connection's close (HTTP/1.0 streams).
enum class BodyEnd { length, given_length, chunked, close };

struct Framing {
  int version_minor = 1;  // of the request being answered
  bool head_request = false;
  Persistence persistence = Persistence::keep_alive;
  BodyEnd body_end = BodyEnd::length;
};

// Whether the body of `response` is sent: never for HEAD, 1xx, 204 and 304.
bool sends_body(const Response& response, const Framing& framing);

// The status line and header block, ending with the empty line. Drops the
// hop-by-hop fields a handler may have copied (Connection, Keep-Alive,
// Transfer-Encoding, ...) and fields whose name or value holds CR or LF; sets
// Content-Length from the body (a HEAD answer with an empty body keeps the
// handler's Content-Length), or as framing.body_end says, adds Date when
// absent and Connection as needed.
std::string serialize_head(const Response& response, const Framing& framing);

// "OK" for 200, "Not Found" for 404; "Unknown" for codes without a phrase.
std::string_view reason_phrase(int status);

// A plain-text response for a request the server answers itself (400, 413...).
Response plain_response(int status, std::string_view message);

}  // namespace automock::net
