// The cobertura coverage report reader (see coverage_reader.hpp).
#include "coverage_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  automock::fuzz::read_and_total(data, size, automock::coverage::read_cobertura);
  return 0;
}
