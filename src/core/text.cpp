#include "core/text.hpp"

namespace automock {

namespace {
constexpr std::string_view k_blanks = " \t";
constexpr char k_case_bit = 'a' - 'A';

char raised(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - k_case_bit) : c;
}
}  // namespace

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(k_blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(k_blanks) - first + 1);
}

char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + k_case_bit) : c;
}

std::string to_lower(std::string_view text) {
  std::string out{text};
  for (char& c : out) c = to_lower(c);
  return out;
}

std::string_view escape_of(char c, std::span<const Escape> escapes) {
  for (const auto& escape : escapes) {
    if (escape.character == c) return escape.escaped;
  }
  return {};
}

std::string escape_chars(std::string_view text, std::span<const Escape> escapes) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto escaped = escape_of(c, escapes);
    if (escaped.empty()) {
      out += c;
    } else {
      out += escaped;
    }
  }
  return out;
}

std::string to_upper(std::string_view text) {
  std::string out{text};
  for (char& c : out) c = raised(c);
  return out;
}

std::optional<unsigned> hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return std::nullopt;
}

bool glob_matches(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace automock
