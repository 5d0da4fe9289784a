// libFuzzer target for the HTTP request parser: it must never crash, never
// consume more than it was given, and give the same result however the bytes
// are split (the first byte picks the split). Built as fuzz_http_parser with
// -DAUTOMOCK_FUZZ=ON (see fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/http_parser.hpp"

namespace {

using automock::net::ParseLimits;
using automock::net::RequestParseOutcome;
using automock::net::RequestParser;

constexpr ParseLimits k_limits{4096, 65536};

RequestParseOutcome parse_in_two(std::string_view bytes, size_t cut) {
  RequestParser parser{k_limits};
  RequestParseOutcome outcome;
  std::string pending{bytes.substr(0, cut)};
  size_t used = parser.feed(pending);
  pending.erase(0, used);
  outcome.consumed = used;
  if (parser.state() == RequestParser::State::head ||
      parser.state() == RequestParser::State::body) {
    pending.append(bytes.substr(cut));
    outcome.consumed += parser.feed(pending);
  }
  outcome.state = parser.state();
  if (outcome.state == RequestParser::State::failed) outcome.error = parser.error();
  if (outcome.state == RequestParser::State::done) outcome.message = parser.take_request();
  return outcome;
}

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes{reinterpret_cast<const char*>(data) + 1, size - 1};
  const auto whole = automock::net::parse_request(bytes, k_limits);
  check(whole.consumed <= bytes.size());
  const auto split = parse_in_two(bytes, data[0] % (bytes.size() + 1));
  check(split.state == whole.state);
  check(split.consumed == whole.consumed);
  check(split.message.request == whole.message.request);
  check(split.error.status == whole.error.status);
  return 0;
}
