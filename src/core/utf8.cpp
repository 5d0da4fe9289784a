#include "core/text.hpp"

namespace automock {

namespace {
bool is_continuation(unsigned char byte) {
  return (byte & 0xc0) == 0x80;
}

// The length of the sequence that starts with `lead`, 0 when no valid
// sequence starts with it (continuation bytes, 0xc0, 0xc1, 0xf5..0xff).
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// The range allowed for the second byte after `lead`: it rules out overlong
// forms (e0, f0), UTF-16 surrogates (ed) and code points above U+10FFFF (f4).
bool second_byte_allowed(unsigned char lead, unsigned char second) {
  switch (lead) {
    case 0xe0:
      return second >= 0xa0 && second <= 0xbf;
    case 0xed:
      return second >= 0x80 && second <= 0x9f;
    case 0xf0:
      return second >= 0x90 && second <= 0xbf;
    case 0xf4:
      return second >= 0x80 && second <= 0x8f;
    default:
      return is_continuation(second);
  }
}
}  // namespace

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = sequence_length(lead);
    if (length == 0 || i + length > text.size()) return false;
    if (length > 1) {
      if (!second_byte_allowed(lead, static_cast<unsigned char>(text[i + 1]))) return false;
      for (size_t j = 2; j < length; ++j) {
        if (!is_continuation(static_cast<unsigned char>(text[i + j]))) return false;
      }
    }
    i += length;
  }
  return true;
}

}  // namespace automock
