#pragma once
// automock.json: fixture root, upstream routes, match rules and redaction.
// Unknown keys are errors; a ConfigError names the file and the JSON path.

#include <automock/fault.hpp>
#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <automock/mode.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// A path prefix served by a named upstream. The prefix is stripped before
// forwarding: with prefix "/todo", "/todo/v1/x" goes to "<upstream>/v1/x" and
// is keyed with path "/v1/x" and route name "todo".
struct Route {
  std::string name;
  std::string prefix;
  std::string upstream;  // base URL, http or https
  MatchRules match;      // added to the global rules for this route
  friend bool operator==(const Route&, const Route&) = default;
};

enum class ExpiryAction { warn, error };

struct Config {
  std::filesystem::path fixtures = "fixtures";
  std::vector<Route> routes;
  MatchRules match;
  RedactRules redact;
  std::optional<Mode> mode;                         // "mode"
  std::optional<int64_t> max_age_seconds;           // "expiry": {"max_age_days": N}
  ExpiryAction expiry_action = ExpiryAction::warn;  // "expiry": {"action": "warn"|"error"}
  bool strict_sequences = false;                    // "strict_sequences"
  // "max_fixture_bytes": larger fixture files are refused by every reader.
  std::uint64_t max_fixture_bytes = k_default_max_fixture_bytes;
  std::vector<FaultRule> faults;  // "faults" (include/automock/fault.hpp)

  // The route whose prefix is the longest match for `path` (on a segment
  // boundary), or nullptr.
  const Route* route_for_path(std::string_view path) const;
  // Global rules merged with the route's; route name "" when there are no routes.
  // An origin ("https://api.test", a request that named its own) gets the
  // global rules with that route line. Throws InputError for a name that no
  // route has ("" is always the global rules).
  MatchContext context_for(std::string_view route_name) const;

  friend bool operator==(const Config&, const Config&) = default;
};

// Throws ConfigError(origin, JSON path, what was expected) for text that is
// not JSON (naming line and column), unknown keys and invalid values.
Config parse_config(std::string_view json_text, const std::string& origin);
// parse_config() of the file's content, with a relative "fixtures" made
// relative to the file's directory. Throws IoError naming an unreadable file.
Config load_config(const std::filesystem::path& file);

}  // namespace automock
