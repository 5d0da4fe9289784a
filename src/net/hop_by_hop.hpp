#pragma once
// Hop-by-hop header fields (RFC 9110 7.6.1): they describe one connection, so
// a proxy drops them in both directions instead of forwarding them.

#include <automock/http.hpp>
#include <string_view>

namespace automock::net {

// True for Connection, Keep-Alive, Proxy-Connection, Proxy-Authenticate,
// Proxy-Authorization, TE, Trailer, Transfer-Encoding and Upgrade (any case).
bool is_hop_by_hop(std::string_view name);

// Removes every hop-by-hop field and every field a Connection header names.
void remove_hop_by_hop(Headers& headers);

}  // namespace automock::net
