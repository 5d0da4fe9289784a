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
//   recording that cannot be     500, JSON {"error", "fixture"},
//   read (FixtureError)          X-Automock: bad-fixture
//   path no route serves         404, JSON {"error", "prefixes"}, X-Automock: no-route
//   absolute-form request for    421, JSON {"error", "origin", "upstream"},
//   another host than upstream   X-Automock: misdirected
//   request a browser page may   403, JSON {"error"}, X-Automock: forbidden
//   have sent (BrowserGuard)
//   forward proxy request that   400, JSON {"error"}, X-Automock: not-proxied
//   names no host
//   request this proxy already   508, JSON {"error", "via"}, X-Automock: loop
//   forwarded (its Via mark)
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
  // Why the request was not served as recorded (the "error" of a JSON fault
  // answer, or why it was not matched); "" when it was.
  std::string reason;
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

// The answer for an absolute-form request naming `origin`, which is not the
// origin of `upstream`, the one this reverse proxy forwards to.
FrontAnswer misdirected(std::string_view origin, std::string_view upstream);

// The answer for a request refused for `reason` (see BrowserGuard).
FrontAnswer forbidden(std::string_view reason);

// The answer for a request to a recording forward proxy whose target is a
// path, not an absolute URL (nothing says where to forward it).
FrontAnswer not_proxied();

// The answer for a request that carries this proxy's own Via mark `via`.
FrontAnswer loop_detected(std::string_view via);

// Whether `response` is another automock proxy's loop_detected() answer: it is
// relayed as it came, never recorded.
bool is_loop_answer(const Response& response);

}  // namespace automock::net
