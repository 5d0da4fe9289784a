#pragma once
// Hop-by-hop header fields (RFC 9110 7.6.1): they describe one connection, so
// a proxy drops them in both directions instead of forwarding them.

#include <automock/http.hpp>

namespace automock::net {

// Removes Connection, Keep-Alive, Proxy-Connection, Proxy-Authenticate,
// Proxy-Authorization, TE, Trailer, Transfer-Encoding, Upgrade and every
// field that a Connection header names.
void remove_hop_by_hop(Headers& headers);

}  // namespace automock::net
