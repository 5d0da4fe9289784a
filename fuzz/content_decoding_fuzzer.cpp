// Content-Encoding decoder: whatever the body, decode_content may only throw
// ContentDecodingError, and a body it decodes is within the limit, has no
// Content-Encoding left and a Content-Length that matches it. The first input
// byte picks the coding list, the rest is the body.
#include <array>
#include <string>

#include "fuzz_support.hpp"
#include "net/content_decoding.hpp"

namespace {

constexpr size_t k_limit = 1 << 20;
constexpr std::array<const char*, 8> k_codings{"gzip",          "deflate",     "br",
                                               "gzip, br",      "br, deflate", "x-gzip, identity",
                                               "deflate, gzip", "zstd"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using automock::fuzz::check;
  if (size == 0) return 0;
  const std::string coding = k_codings[data[0] % k_codings.size()];
  automock::Response response;
  response.headers = {{"Content-Encoding", coding}, {"Content-Length", std::to_string(size - 1)}};
  response.body = std::string(automock::fuzz::as_text(data + 1, size - 1));
  const automock::Response original = response;
  try {
    automock::net::decode_content(response, k_limit);
  } catch (const automock::net::ContentDecodingError&) {
    check(response == original, "a failed decoding leaves the response unchanged");
    return 0;
  }
  if (coding == "zstd") {
    check(response == original, "an unknown coding leaves the response unchanged");
    return 0;
  }
  check(response.body.size() <= k_limit, "the decoded body is within the limit");
  check(!response.headers.contains("Content-Encoding"), "Content-Encoding is removed");
  check(response.headers.get("Content-Length") == std::to_string(response.body.size()),
        "Content-Length is the decoded size");
  return 0;
}
