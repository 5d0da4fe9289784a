#pragma once
// The text of an unmatched-request error: the request, the nearest recorded
// exchanges with what differs, a curl command and how to record it.

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <automock/http.hpp>
#include <automock/match.hpp>
#include <automock/mode.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace automock {

struct UnmatchedSetting {
  std::filesystem::path directory;
  Mode mode;
  std::string base_url;  // for the curl command; a placeholder when empty
  std::uint64_t max_fixture_bytes = k_default_max_fixture_bytes;  // larger ones are no candidates
  // The configured routes: the curl command of a request keyed under a route
  // targets that route's upstream.
  std::vector<Route> routes;
};

// `request` must already be normalized and redacted (secrets never reach a
// log through this text).
std::string unmatched_report(const Request& request, const MatchContext& context,
                             const UnmatchedSetting& setting);

}  // namespace automock
