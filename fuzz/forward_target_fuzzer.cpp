// libFuzzer target for what a forward proxy reads from a client before any
// upstream is chosen: the request line (absolute-form targets and CONNECT
// authorities) and --resolve entries. Nothing may crash; whatever is
// accepted must be in normal form (parsing it again gives it back), and an
// accepted CONNECT authority must make an https origin. Built as
// fuzz_forward_target with -DAUTOMOCK_FUZZ=ON (see fuzz/CMakeLists.txt).
#include <arpa/inet.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/origin.hpp"
#include "net/http_parser.hpp"

namespace {

using automock::Authority;

void check(bool condition) {
  if (!condition) std::abort();
}

bool is_lower(std::string_view text) {
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

void check_authority(std::string_view target) {
  const auto authority = automock::parse_connect_authority(target);
  if (!authority) return;
  check(!authority->host.empty() && authority->port > 0 && is_lower(authority->host));
  const auto again = automock::parse_connect_authority(authority->text());
  check(again && again->host == authority->host && again->port == authority->port);
  check(automock::origin_of("https://" + authority->text()).has_value());
}

void check_origin(std::string_view target) {
  const auto origin = automock::origin_of(target);
  if (!origin) return;
  check(automock::origin_of(*origin) == origin);
}

void check_resolve_entry(std::string_view entry) {
  const auto parsed = automock::parse_resolve_entry(entry);
  if (!parsed) return;
  const auto authority = automock::parse_connect_authority(parsed->first);
  check(authority && authority->text() == parsed->first);
  std::array<unsigned char, 16> bytes{};
  check(inet_pton(AF_INET, parsed->second.c_str(), bytes.data()) == 1 ||
        inet_pton(AF_INET6, parsed->second.c_str(), bytes.data()) == 1);
}

// The input as the target of a request line, as a client sends it.
void check_request_line(std::string_view target) {
  automock::net::RequestParser parser{{4096, 0}};
  const std::string request = "CONNECT " + std::string{target} + " HTTP/1.1\r\n\r\n";
  parser.feed(request);
  if (parser.state() != automock::net::RequestParser::State::done) return;
  const auto parsed = parser.take_request();
  check_authority(parsed.request.target);
  check_origin(parsed.request.target);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  check_authority(input);
  check_origin(input);
  check_resolve_entry(input);
  check_request_line(input);
  return 0;
}
