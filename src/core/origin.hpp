#pragma once
// The origin of an absolute URL, as the route line of the canonical request
// holds it for requests that name their origin (docs/canonical-request.md).

#include <optional>
#include <string>
#include <string_view>

namespace automock {

// "scheme://host[:port]" of an absolute http or https URL: scheme and host
// lowercased (an IPv6 host keeps its brackets), the scheme's default port
// (80, 443) left out, user info dropped. nullopt for anything else: a path,
// another scheme, an empty host or a port that is not a number up to 65535.
std::optional<std::string> origin_of(std::string_view url);

// Whether a route line names an origin ("https://api.test") rather than a
// configured route (route names never hold "://").
bool is_origin_route(std::string_view route);

}  // namespace automock
