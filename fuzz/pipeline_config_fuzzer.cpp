// pipeline.json: bad input may only throw automock::Error.
#include <automock/error.hpp>

#include "fuzz_support.hpp"
#include "pipeline/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    automock::pipeline::parse_pipeline(automock::fuzz::as_text(data, size),
                                       "/fuzz/base/pipeline.json");
  } catch (const automock::Error&) {
  }
  return 0;
}
