#include "core/base64.hpp"

#include <array>
#include <automock/error.hpp>
#include <cstdint>

namespace automock {

namespace {
constexpr std::string_view k_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int k_invalid = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  table.fill(k_invalid);
  for (size_t i = 0; i < k_alphabet.size(); ++i) {
    table[static_cast<unsigned char>(k_alphabet[i])] = static_cast<int>(i);
  }
  return table;
}
constexpr std::array<int, 256> k_decode_table = make_decode_table();

[[noreturn]] void fail(size_t offset, const std::string& what) {
  throw InputError("invalid base64 at offset " + std::to_string(offset) + ": " + what);
}

// The six-bit value of text[offset], or throws.
uint32_t sextet(std::string_view text, size_t offset) {
  const int value = k_decode_table[static_cast<unsigned char>(text[offset])];
  if (value == k_invalid) {
    fail(offset, text[offset] == '=' ? "padding before the end" : "character outside the alphabet");
  }
  return static_cast<uint32_t>(value);
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t count = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t j = 0; j < 3; ++j) {
      const uint32_t byte = j < count ? static_cast<unsigned char>(bytes[i + j]) : 0;
      group = (group << 8) | byte;
    }
    for (size_t j = 0; j < 4; ++j) {
      text += j <= count ? k_alphabet[(group >> (18 - 6 * j)) & 0x3f] : '=';
    }
  }
  return text;
}

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) fail(text.size(), "length is not a multiple of 4");
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    size_t padding = 0;
    if (last) padding = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
    uint32_t group = 0;
    for (size_t j = 0; j < 4 - padding; ++j) group |= sextet(text, i + j) << (18 - 6 * j);
    if ((group & ((1u << (8 * padding)) - 1)) != 0) fail(i, "non-zero bits before the padding");
    for (size_t j = 0; j < 3 - padding; ++j) {
      bytes += static_cast<char>((group >> (16 - 8 * j)) & 0xff);
    }
  }
  return bytes;
}

}  // namespace automock
