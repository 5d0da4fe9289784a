#pragma once
// The replay server's admin endpoints under /__automock/ (see
// include/automock/server.hpp). Thread-safe as the cassette is.

#include <automock/cassette.hpp>
#include <automock/http.hpp>
#include <optional>
#include <string_view>

namespace automock::net {

inline constexpr std::string_view k_admin_prefix = "/__automock/";

// The answer to an admin request, or nullopt when `request` is not one
// (its path does not start with k_admin_prefix).
std::optional<Response> answer_admin(const Request& request, Cassette& cassette);

}  // namespace automock::net
