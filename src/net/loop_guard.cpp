#include "net/loop_guard.hpp"

#include <algorithm>
#include <asio/ip/address.hpp>
#include <random>
#include <vector>

#include "net/browser_guard.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

namespace {

std::string random_hex_id() {
  std::random_device device;
  const uint64_t value = (uint64_t{device()} << 32) | device();
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string hex(16, '0');
  for (size_t i = 0; i < hex.size(); ++i) hex[i] = k_digits[(value >> (60 - 4 * i)) & 0xf];
  return hex;
}

bool is_wildcard_host(std::string_view bare) {
  return bare.empty() || bare == "0.0.0.0" || bare == "::";
}

// The addresses a client naming `host` connects to, as far as they are known
// without DNS: localhost names both loopback addresses, a wildcard address
// its family's loopback, an address itself (normalised), any other name
// itself.
std::vector<std::string> addresses_named(std::string_view host) {
  const auto bare = bare_host_name(host);
  if (bare == "localhost" || bare.ends_with(".localhost")) return {"127.0.0.1", "::1"};
  if (bare == "0.0.0.0" || bare.empty()) return {"127.0.0.1"};
  if (bare == "::") return {"::1"};
  asio::error_code error;
  const auto address = asio::ip::make_address(bare, error);
  return {error ? bare : address.to_string()};
}

}  // namespace

ViaMark::ViaMark() : pseudonym_("automock-" + random_hex_id()), element_("1.1 " + pseudonym_) {}

bool ViaMark::marks(const Headers& headers) const {
  for (const auto& via : values_of(headers, "Via")) {
    if (via.find(pseudonym_) != std::string::npos) return true;
  }
  return false;
}

void ViaMark::add_to(Headers& headers) const {
  headers.add("Via", element_);
}

bool points_at_listener(const BaseUrl& upstream, std::string_view listen_host, uint16_t port) {
  if (upstream.port != std::to_string(port)) return false;
  const auto targets = addresses_named(upstream.host);
  // A wildcard listener is reached through every loopback address.
  if (is_wildcard_host(bare_host_name(listen_host))) {
    return std::ranges::any_of(targets,
                               [](const std::string& target) { return is_loopback_host(target); });
  }
  const auto listening = addresses_named(listen_host);
  return std::ranges::find_first_of(targets, listening) != targets.end();
}

}  // namespace automock::net
