#pragma once
// "--listen HOST:PORT" for the servers the CLI starts.

#include <cstdint>
#include <string>
#include <string_view>

namespace automock::cli {

struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
};

// "127.0.0.1:8080", ":8080" (loopback), "8080", "[::1]:8080". Throws
// InputError naming the option for anything else.
ListenAddress parse_listen_address(std::string_view text);

// The help of --allow-host (record and serve).
inline constexpr std::string_view k_allow_host_help =
    "also accept requests whose Host or Origin names NAME (a host name or address, no port; "
    "repeatable), for deliberate remote use";

// The address a server listens on, for its banner: the host as given (a
// wildcard stays one), IPv6 in brackets, and the bound `port`
// ("http://0.0.0.0:8080").
std::string bound_url(const ListenAddress& address, uint16_t port);

// "" when `address` is loopback; else the warning a server listening there
// prints on stderr: other machines can reach it, and requests naming it by a
// remote name or address need --allow-host.
std::string exposure_warning(const ListenAddress& address, uint16_t port);

}  // namespace automock::cli
