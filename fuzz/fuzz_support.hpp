#pragma once
// Shared by the fuzz targets: a check that aborts (so libFuzzer reports the
// input) and the bytes as text. Every target lets only automock::Error out of
// the code under test as an answer to bad input; any other exception escapes
// LLVMFuzzerTestOneInput and libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace automock::fuzz {

inline void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz property failed: %s\n", what);
  std::abort();
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace automock::fuzz
