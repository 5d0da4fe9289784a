#pragma once
// Methods a client may send again when a pooled keep-alive connection turned
// out to be closed (RFC 9110 9.2.2), shared by the HTTP clients.

#include <string_view>

namespace automock::net {

inline bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
         method == "DELETE";
}

}  // namespace automock::net
