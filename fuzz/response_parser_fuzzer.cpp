// libFuzzer target for the HTTP response parser: it must never crash, never
// consume more than it was given, keep a done body within the limit, fail
// with 502 and a reason, give the same result however the bytes are split,
// and hand its body listener pieces that add up to the body. The first byte picks the split, the
// second whether the request was HEAD and whether the connection then closes. Built as
// fuzz_response_parser with -DAUTOMOCK_FUZZ=ON (see fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "net/response_parser.hpp"

namespace {

using automock::fuzz::check;
using automock::net::ParseLimits;
using automock::net::ResponseParseOutcome;
using automock::net::ResponseParser;

constexpr ParseLimits k_limits{4096, 65536};

bool is_open(ResponseParser::State state) {
  return state == ResponseParser::State::head || state == ResponseParser::State::body;
}

ResponseParseOutcome parse_in_two(std::string_view bytes, size_t cut, std::string_view method,
                                  bool eof) {
  ResponseParser parser{k_limits};
  std::string pieces;
  parser.listen_to_body([&pieces](std::string_view piece) { pieces += piece; });
  parser.start(method);  // keeps the listener
  ResponseParseOutcome outcome;
  std::string pending{bytes.substr(0, cut)};
  const size_t used = parser.feed(pending);
  pending.erase(0, used);
  outcome.consumed = used;
  if (is_open(parser.state())) {
    pending.append(bytes.substr(cut));
    outcome.consumed += parser.feed(pending);
  }
  if (eof) parser.end_of_input();
  outcome.state = parser.state();
  if (outcome.state == ResponseParser::State::failed) outcome.error = parser.error();
  if (outcome.state == ResponseParser::State::done) {
    outcome.message = parser.take_response();
    check(pieces == outcome.message.response.body, "the body's pieces are not the body");
  }
  return outcome;
}

void check_outcome(const ResponseParseOutcome& outcome, size_t size, bool eof) {
  check(outcome.consumed <= size, "consumed more than it was given");
  if (eof) check(!is_open(outcome.state), "still open after end of input");
  if (outcome.state == ResponseParser::State::done) {
    check(outcome.message.response.body.size() <= k_limits.max_body_bytes, "body over limit");
  }
  if (outcome.state == ResponseParser::State::failed) {
    check(outcome.error.status == 502 && !outcome.error.reason.empty(), "failure without reason");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string_view bytes{reinterpret_cast<const char*>(data) + 2, size - 2};
  const std::string_view method = (data[1] & 1) != 0 ? "HEAD" : "GET";
  const bool eof = (data[1] & 2) != 0;
  const auto whole = automock::net::parse_response(bytes, method, eof, k_limits);
  check_outcome(whole, bytes.size(), eof);
  const auto split = parse_in_two(bytes, data[0] % (bytes.size() + 1), method, eof);
  check(split.state == whole.state, "split changed the state");
  check(split.consumed == whole.consumed, "split changed what was consumed");
  check(split.message.response == whole.message.response, "split changed the response");
  check(split.message.keep_alive == whole.message.keep_alive, "split changed keep-alive");
  check(split.error.reason == whole.error.reason, "split changed the reason");
  return 0;
}
