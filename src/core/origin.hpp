#pragma once
// The origin of an absolute URL, as the route line of the canonical request
// holds it for requests that name their origin (docs/canonical-request.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace automock {

// "scheme://host[:port]" of an absolute http or https URL: scheme and host
// lowercased (an IPv6 host keeps its brackets), the scheme's default port
// (80, 443) left out, user info dropped. nullopt for anything else: a path,
// another scheme, a host that is not a DNS name (letters, digits, '-', '_',
// '.'), an IPv4 address or a bracketed IPv6 address, or a port that is not a
// number up to 65535.
std::optional<std::string> origin_of(std::string_view url);

// The target of a CONNECT request ("host:port", RFC 9110 9.3.6).
struct Authority {
  std::string host;  // lowercased; an IPv6 address keeps its brackets
  uint16_t port = 0;

  // "host:port", the form of HttpOptions::resolve's keys.
  std::string text() const { return host + ":" + std::to_string(port); }
};

// A CONNECT target: a DNS name (letters, digits, '-', '_', '.'), an IPv4
// address or a bracketed IPv6 address, then ':' and a port from 1 to 65535.
// nullopt for anything else (no port, user info, a path, other bytes).
std::optional<Authority> parse_connect_authority(std::string_view target);

// One --resolve entry, as curl's: "HOST:PORT:ADDRESS" (an IPv6 host or
// address in brackets) -> {"host:port" (Authority::text()), "address"
// (without brackets)}. nullopt when the host and port are not a CONNECT
// target or the address is not an IPv4 or IPv6 address.
std::optional<std::pair<std::string, std::string>> parse_resolve_entry(std::string_view entry);

// Whether a route line names an origin ("https://api.test") rather than a
// configured route (route names never hold "://").
bool is_origin_route(std::string_view route);

}  // namespace automock
