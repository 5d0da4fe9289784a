// automock.json: bad input may only throw automock::Error; a config that
// parses answers route and context lookups without failing.
#include <automock/config.hpp>
#include <automock/error.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using automock::fuzz::check;
  try {
    const auto config = automock::parse_config(automock::fuzz::as_text(data, size), "fuzz.json");
    for (const auto& route : config.routes) {
      config.route_for_path(route.prefix);
      config.context_for(route.name);
    }
    config.context_for("");
    check(config == automock::parse_config(automock::fuzz::as_text(data, size), "fuzz.json"),
          "parsing is pure");
  } catch (const automock::Error&) {
  }
  return 0;
}
