// coverage.json: bad input may only throw automock::Error.
#include <automock/error.hpp>

#include "coverage/config.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    automock::coverage::parse_gate_config(automock::fuzz::as_text(data, size), "coverage.json",
                                          "/fuzz/base");
  } catch (const automock::Error&) {
  }
  return 0;
}
