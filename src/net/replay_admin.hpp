#pragma once
// The replay server's admin endpoints under /__automock/ (see
// include/automock/server.hpp). Thread-safe as the cassette and the journal are.

#include <automock/cassette.hpp>
#include <automock/http.hpp>
#include <optional>
#include <string_view>

#include "net/request_journal.hpp"

namespace automock::net {

inline constexpr std::string_view k_admin_prefix = "/__automock/";
// A request other than GET and HEAD needs this header (any value) or
// "Content-Type: application/json", else 403 and nothing changes.
inline constexpr std::string_view k_admin_header = "X-Automock-Admin";

// What the admin endpoints read and change.
struct AdminState {
  Cassette& cassette;
  RequestJournal& journal;
};

// The answer to an admin request, or nullopt when `request` is not one
// (its path does not start with k_admin_prefix).
std::optional<Response> answer_admin(const Request& request, AdminState state);

}  // namespace automock::net
