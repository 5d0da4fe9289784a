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

}  // namespace automock::cli
