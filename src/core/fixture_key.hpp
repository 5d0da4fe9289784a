#pragma once
// The shape of a request key as written in fixtures: 16 lowercase hex digits.

#include <string_view>

namespace automock {

inline bool is_fixture_key(std::string_view key) {
  if (key.size() != 16) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace automock
