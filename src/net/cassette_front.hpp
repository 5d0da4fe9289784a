#pragma once
// The HTTP face of a cassette, shared by the capture proxy and the replay
// server: how a cassette's answer and every failure become the response a
// client gets and the source reported for it. Both servers give the same
// status, headers and body for the same fault (see include/automock/proxy.hpp):
//   unmatched request            404, text report, X-Automock: miss
//   upstream fault               502 (504 on a timeout), JSON {"error",
//                                "upstream", "cause"}, X-Automock: upstream-error
//   exchange that cannot be kept 502, JSON {"error", "upstream"},
//                                X-Automock: unrecordable
//   path no route serves         404, JSON {"error", "prefixes"}, X-Automock: no-route
//   any other automock::Error    500, JSON {"error"}, X-Automock: error

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/proxy.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/cassette_engine.hpp"

namespace automock::net {

// What a server answers for one request, and where the answer came from.
struct FrontAnswer {
  Response response;
  ProxyExchange::Source source = ProxyExchange::Source::failed;
  // The exchange replayed or recorded; nullptr otherwise.
  std::shared_ptr<const Exchange> exchange;
};

// The cassette's answer as it is served.
FrontAnswer served(CassetteAnswer answer);

// Runs `attempt`; an automock::Error it throws becomes its fault answer.
// `upstream` is the base URL the request was meant for ("" when none).
FrontAnswer guarded(std::string_view upstream, const std::function<FrontAnswer()>& attempt);

// The answer for an upstream that failed (504 on a timeout, else 502).
FrontAnswer upstream_fault(const TransportError& error, std::string_view upstream);

// The answer for a path that none of `routes` serves.
FrontAnswer no_route(std::string_view path, const std::vector<Route>& routes);

}  // namespace automock::net
