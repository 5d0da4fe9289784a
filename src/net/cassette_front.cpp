#include "net/cassette_front.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace automock::net {

namespace {

using Source = ProxyExchange::Source;

// By TransportError::Cause, in the enum's order.
constexpr std::array<std::string_view, 7> k_cause_names = {
    "connect", "dns", "timeout", "reset", "tls", "protocol", "other"};
static_assert(static_cast<size_t>(TransportError::Cause::other) + 1 == k_cause_names.size());

std::string_view cause_name(TransportError::Cause cause) {
  return k_cause_names[static_cast<size_t>(cause)];
}

constexpr std::string_view k_loop_marker = "loop";

FrontAnswer json_answer(int status, std::string_view marker, const nlohmann::json& body) {
  return {.response =
              Response{status,
                       {{"Content-Type", "application/json"}, {"X-Automock", std::string{marker}}},
                       // Messages may quote bytes that are not UTF-8: replaced, never thrown.
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"},
          .reason = body.at("error").get<std::string>()};
}

FrontAnswer miss(const UnmatchedRequest& request) {
  return {
      .response = Response{404,
                           {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "miss"}},
                           request.what()},
      .reason = "no recorded exchange matches"};
}

FrontAnswer unrecordable(const InputError& error, std::string_view upstream) {
  return json_answer(502, "unrecordable",
                     {{"error", std::string{"the exchange cannot be recorded: "} + error.what()},
                      {"upstream", upstream}});
}

// A recording on disk that cannot be read: the cassette's fault, not the
// upstream's; 500 names the file and the field.
FrontAnswer bad_fixture(const FixtureError& error) {
  return json_answer(500, "bad-fixture",
                     {{"error", std::string{"a recording cannot be read: "} + error.what()},
                      {"fixture", error.path()}});
}

}  // namespace

FrontAnswer served(CassetteAnswer answer) {
  const auto source = [&] {
    switch (answer.source) {
      case CassetteAnswer::Source::recorded:
        return Source::recorded;
      case CassetteAnswer::Source::replayed:
        return Source::replayed;
      case CassetteAnswer::Source::refused:
        return Source::refused;
      case CassetteAnswer::Source::forwarded:
        break;
    }
    return Source::forwarded;
  }();
  return {std::move(answer.response), source, std::move(answer.exchange),
          std::move(answer.refusal)};
}

FrontAnswer guarded(std::string_view upstream, const std::function<FrontAnswer()>& attempt) {
  try {
    return attempt();
  } catch (const UnmatchedRequest& request) {
    return miss(request);
  } catch (const TransportError& error) {
    return upstream_fault(error, upstream);
  } catch (const FixtureError& error) {
    return bad_fixture(error);
  } catch (const InputError& error) {
    return unrecordable(error, upstream);
  } catch (const Error& error) {
    return json_answer(500, "error", {{"error", error.what()}});
  }
}

FrontAnswer upstream_fault(const TransportError& error, std::string_view upstream) {
  const int status = error.cause() == TransportError::Cause::timeout ? 504 : 502;
  return json_answer(
      status, "upstream-error",
      {{"error", error.what()}, {"upstream", upstream}, {"cause", cause_name(error.cause())}});
}

FrontAnswer no_route(std::string_view path, const std::vector<Route>& routes) {
  auto prefixes = nlohmann::json::array();
  for (const auto& route : routes) prefixes.push_back(route.prefix);
  return json_answer(404, "no-route",
                     {{"error", "no route serves " + std::string{path}}, {"prefixes", prefixes}});
}

FrontAnswer misdirected(std::string_view origin, std::string_view upstream) {
  const std::string error = "this is a reverse proxy for " + std::string{upstream} +
                            ", not a forward proxy: the request for " + std::string{origin} +
                            " was not forwarded. Send it as a path (GET /x, not GET " +
                            std::string{origin} +
                            "/x), or record that host with its own `automock record --upstream " +
                            std::string{origin} + "`";
  return json_answer(421, "misdirected",
                     {{"error", error}, {"origin", origin}, {"upstream", upstream}});
}

FrontAnswer forbidden(std::string_view reason) {
  return json_answer(403, "forbidden", {{"error", reason}});
}

FrontAnswer not_proxied() {
  return json_answer(400, "not-proxied",
                     {{"error",
                       "this is a forward proxy: send absolute URLs (http://host/path) or "
                       "CONNECT host:port, as HTTP_PROXY and HTTPS_PROXY make clients do"}});
}

FrontAnswer loop_detected(std::string_view via) {
  return json_answer(508, k_loop_marker,
                     {{"error",
                       "loop detected: this request already went through this proxy (its Via "
                       "mark is there), so the upstream leads back to the proxy"},
                      {"via", via}});
}

bool is_loop_answer(const Response& response) {
  return response.status == 508 && response.headers.get("X-Automock") == k_loop_marker;
}

}  // namespace automock::net
