#pragma once
// The limits and the error type shared by the HTTP/1.x request and response
// parsers.

#include <cstddef>
#include <string>

namespace automock::net {

struct ParseLimits {
  size_t max_header_bytes = 64 << 10;  // start line plus header fields
  size_t max_body_bytes = 64 << 20;    // decoded body
};

// Why a message could not be parsed. For a request, the status to answer it
// with: 400 (malformed), 413 (body too large), 431 (headers too large),
// 501 (transfer coding not implemented). For a response, always 502.
struct ParseError {
  int status = 400;
  std::string reason;
};

}  // namespace automock::net
