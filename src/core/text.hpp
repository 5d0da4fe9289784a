#pragma once
// Text helpers shared by every part of automock. All are pure functions of
// their arguments, safe from any thread.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace automock {

// `text` without its leading and trailing spaces and tabs (HTTP's optional
// whitespace, RFC 9110 section 5.6.3); a view into `text`.
std::string_view trim(std::string_view text);

// `c` lowered when it is an ASCII letter A-Z, else `c` itself.
char to_lower(char c);

// `text` with ASCII letters A-Z lowered; every other byte is kept as is.
std::string to_lower(std::string_view text);

// `text` with ASCII letters a-z raised; every other byte is kept as is.
std::string to_upper(std::string_view text);

// One character and the text that stands for it once escaped.
struct Escape {
  char character;
  std::string_view escaped;
};

// What `c` becomes under `escapes`; empty when `escapes` does not list it.
std::string_view escape_of(char c, std::span<const Escape> escapes);

// `text` with every character `escapes` lists replaced by its escaped form,
// in one pass (a replacement is never escaped again); the rest is kept.
std::string escape_chars(std::string_view text, std::span<const Escape> escapes);

// True when `text` is valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The value of one hexadecimal digit (either case), or nullopt.
std::optional<unsigned> hex_digit_value(char c);

// Whether `text` matches `pattern`, where '*' matches any run of
// characters ('/' included) and '?' one character; case-sensitive.
bool glob_matches(std::string_view pattern, std::string_view text);

}  // namespace automock
