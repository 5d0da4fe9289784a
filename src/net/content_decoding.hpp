#pragma once
// Content-Encoding (RFC 9110 8.4): undoing the codings an upstream applied to
// a response body, so that fixtures hold bodies as the application sees them.

#include <automock/error.hpp>
#include <automock/http.hpp>
#include <cstddef>
#include <string>

namespace automock::net {

// Thrown for a body that claims a coding it does not hold (corrupt or truncated data), that
// decodes past the limit, or that zlib cannot start decoding. An upstream's answer that cannot be
// decoded is a protocol failure of the transport, hence the base class.
class ContentDecodingError : public TransportError {
 public:
  explicit ContentDecodingError(const std::string& what)
      : TransportError(TransportError::Cause::protocol, what) {}
};

// Decodes response.body in place as its Content-Encoding header says, last coding applied first
// ("gzip, br" = br undone, then gzip), and removes the header. Several Content-Encoding fields
// count as one list, in order. Codings (names compare case-insensitively): gzip and x-gzip (one
// or more concatenated members), deflate (the zlib wrapper, and raw deflate as real servers send
// too), br, identity (nothing to do). When any coding is unknown (e.g. "zstd", "compress") the
// body and the header are left exactly as they are. No Content-Encoding: nothing happens.
// Also sets Content-Length to the decoded size when that header is present.
// An empty body (HEAD and 204 answers carry Content-Encoding without one) stays empty; only the
// Content-Encoding header goes, and Content-Length is left alone.
//
// Throws ContentDecodingError naming the coding and what went wrong ("gzip body is truncated",
// "br body is corrupt: ...", "deflate body has trailing data", "gzip body is too large: decoded
// body exceeds N bytes"); the output of every decoding step is held to max_decoded_bytes, and
// decoding stops there, so a decompression bomb allocates little more than that. On a throw the
// response is left unchanged. Throws std::bad_alloc when a decoder cannot get memory.
// Thread-safety: touches nothing but `response`.
void decode_content(Response& response, size_t max_decoded_bytes);

// The same for a request a client sent with a compressed body, so that it is
// keyed, redacted, stored (and forwarded) decoded and replays whatever the
// compressor's timestamp. A body that does not decode, or decodes past the
// limit, is kept as sent with its header; nothing is thrown.
void decode_content(Request& request, size_t max_decoded_bytes);

}  // namespace automock::net
