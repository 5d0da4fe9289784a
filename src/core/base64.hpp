#pragma once
// Standard base64 (RFC 4648 section 4, with '=' padding), used for binary
// fixture bodies.

#include <string>
#include <string_view>

namespace automock {

// Encodes bytes; the result's length is a multiple of 4.
std::string base64_encode(std::string_view bytes);

// Decodes canonical padded base64: no white space, no missing or extra
// padding, unused bits zero. Throws InputError naming the offending offset.
std::string base64_decode(std::string_view text);

}  // namespace automock
