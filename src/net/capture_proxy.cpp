// CaptureProxy: an HttpServer whose handler asks the cassette for an answer,
// with one HttpTransport per upstream, and turns every failure into a response.
#include <array>
#include <atomic>
#include <automock/cassette.hpp>
#include <automock/proxy.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "net/hop_by_hop.hpp"
#include "net/http_server.hpp"

namespace automock {

namespace {

namespace fs = std::filesystem;
using Source = ProxyExchange::Source;

std::string_view cause_name(TransportError::Cause cause) {
  switch (cause) {
    case TransportError::Cause::connect:
      return "connect";
    case TransportError::Cause::dns:
      return "dns";
    case TransportError::Cause::timeout:
      return "timeout";
    case TransportError::Cause::reset:
      return "reset";
    case TransportError::Cause::tls:
      return "tls";
    case TransportError::Cause::other:
      break;
  }
  return "other";
}

Response json_response(int status, std::string_view marker, const nlohmann::json& body) {
  return Response{status,
                  {{"Content-Type", "application/json"}, {"X-Automock", std::string{marker}}},
                  // Messages may quote bytes that are not UTF-8: replaced, never thrown.
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

// The request as it goes upstream: no hop-by-hop fields, no Host (the
// transport sets the upstream's), no Expect (this proxy already answered it).
Request forwardable(const Request& request) {
  Request out = request;
  net::remove_hop_by_hop(out.headers);
  out.headers.remove("Host");
  out.headers.remove("Expect");
  return out;
}

// The configured upstreams, one transport each, by route name ("" alone
// without routes).
std::map<std::string, std::unique_ptr<HttpTransport>> make_transports(const ProxyOptions& options) {
  std::map<std::string, std::unique_ptr<HttpTransport>> transports;
  if (!options.config.routes.empty() && !options.upstream.empty()) {
    throw InputError("give either an upstream URL or routes in the config, not both");
  }
  for (const auto& route : options.config.routes) {
    transports.emplace(route.name, std::make_unique<HttpTransport>(route.upstream, options.http));
  }
  if (!options.upstream.empty()) {
    transports.emplace("", std::make_unique<HttpTransport>(options.upstream, options.http));
  }
  return transports;
}

// The Cassette applies the CI guard before the directory is made, so a
// refused recorder leaves nothing on disk. A recorder starts by removing
// the temporary files of recorders that were killed mid-write.
std::shared_ptr<Cassette> open_cassette(const ProxyOptions& options) {
  CassetteOptions cassette_options;
  cassette_options.mode = options.mode;
  cassette_options.config = options.config;
  cassette_options.strict_sequences = options.config.strict_sequences;
  cassette_options.allow_network_in_ci = options.allow_network_in_ci;
  auto cassette = std::make_shared<Cassette>(options.cassette, cassette_options);
  if (cassette->mode() != Mode::replay) {
    fs::create_directories(options.cassette);
    remove_abandoned_temp_files(options.cassette);
  }
  return cassette;
}

}  // namespace

std::string_view to_string(ProxyExchange::Source source) {
  switch (source) {
    case Source::recorded:
      return "new";
    case Source::replayed:
      return "replayed";
    case Source::forwarded:
      return "forwarded";
    case Source::failed:
      break;
  }
  return "failed";
}

struct CaptureProxy::Impl {
  ProxyOptions options;
  std::shared_ptr<Cassette> cassette;
  std::map<std::string, std::unique_ptr<HttpTransport>> transports;
  std::unique_ptr<net::HttpServer> server;
  std::mutex report_mutex;                      // one on_exchange call at a time
  std::array<std::atomic<size_t>, 4> counts{};  // by Source

  struct Outcome {
    Response response;
    Source source = Source::failed;
    fs::path fixture;
  };

  Response handle(const Request& request);
  Outcome ask_cassette(const Request& request, const std::string& route);
  Transport& upstream_for(const std::string& route);
  std::string upstream_url(const std::string& route) const;
  Response no_route(const Request& request) const;
  void report(const Request& request, const Outcome& outcome, double elapsed_ms,
              const std::string& route);
};

Response CaptureProxy::Impl::handle(const Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const auto route = cassette->normalize(request).context.route;
  Outcome outcome = !transports.empty() && !transports.contains(route)
                        ? Outcome{no_route(request)}
                        : ask_cassette(forwardable(request), route);
  net::remove_hop_by_hop(outcome.response.headers);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - started;
  report(request, outcome, elapsed.count(), route);
  return std::move(outcome.response);
}

CaptureProxy::Impl::Outcome CaptureProxy::Impl::ask_cassette(const Request& request,
                                                             const std::string& route) {
  try {
    auto answer = cassette->answer(
        request, [this](const std::string& name) -> Transport& { return upstream_for(name); });
    Outcome outcome{std::move(answer.response)};
    outcome.source = answer.source == Cassette::Answer::Source::recorded   ? Source::recorded
                     : answer.source == Cassette::Answer::Source::replayed ? Source::replayed
                                                                           : Source::forwarded;
    if (answer.exchange) outcome.fixture = cassette->file_of(*answer.exchange).filename();
    return outcome;
  } catch (const UnmatchedRequest& miss) {
    return Outcome{Response{
        404, {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "miss"}}, miss.what()}};
  } catch (const TransportError& error) {
    const int status = error.cause() == TransportError::Cause::timeout ? 504 : 502;
    return Outcome{json_response(status, "upstream-error",
                                 {{"error", error.what()},
                                  {"upstream", upstream_url(route)},
                                  {"cause", cause_name(error.cause())}})};
  } catch (const InputError& error) {
    return Outcome{
        json_response(502, "unrecordable",
                      {{"error", std::string{"the exchange cannot be recorded: "} + error.what()},
                       {"upstream", upstream_url(route)}})};
  } catch (const Error& error) {
    return Outcome{json_response(500, "error", {{"error", error.what()}})};
  }
}

Transport& CaptureProxy::Impl::upstream_for(const std::string& route) {
  const auto found = transports.find(route);
  if (found == transports.end()) {
    throw InputError("mode '" + std::string{to_string(cassette->mode())} +
                     "' forwards, but no upstream is configured");
  }
  return *found->second;
}

std::string CaptureProxy::Impl::upstream_url(const std::string& route) const {
  const auto found = transports.find(route);
  return found == transports.end() ? "" : found->second->base_url();
}

Response CaptureProxy::Impl::no_route(const Request& request) const {
  auto prefixes = nlohmann::json::array();
  for (const auto& route : options.config.routes) prefixes.push_back(route.prefix);
  return json_response(
      404, "no-route",
      {{"error", "no route serves " + std::string{request.path()}}, {"prefixes", prefixes}});
}

void CaptureProxy::Impl::report(const Request& request, const Outcome& outcome, double elapsed_ms,
                                const std::string& route) {
  ++counts[static_cast<size_t>(outcome.source)];
  if (!options.on_exchange) return;
  const auto& redact = options.config.context_for(route).redact;
  ProxyExchange exchange{
      .method = request.method,
      .target = redact_request(Request{.method = request.method, .target = request.target}, redact)
                    .target,
      .status = outcome.response.status,
      .elapsed_ms = elapsed_ms,
      .fixture = outcome.fixture,
      .source = outcome.source};
  std::lock_guard lock{report_mutex};
  options.on_exchange(exchange);
}

CaptureProxy::CaptureProxy(ProxyOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->transports = make_transports(options);
  impl_->cassette = open_cassette(options);
  if (impl_->transports.empty() && impl_->cassette->mode() != Mode::replay) {
    throw InputError("mode '" + std::string{to_string(impl_->cassette->mode())} +
                     "' needs an upstream URL or routes in the config");
  }
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.blocking_workers = options.workers;
  impl_->options = std::move(options);
  impl_->server = std::make_unique<net::HttpServer>(
      [impl = impl_.get()](const Request& request) { return impl->handle(request); },
      server_options);
}

CaptureProxy::~CaptureProxy() {
  stop();
}

uint16_t CaptureProxy::port() const {
  return impl_->server->port();
}

std::string CaptureProxy::base_url() const {
  std::string host = impl_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port());
}

std::string CaptureProxy::upstream_description() const {
  const auto& routes = impl_->options.config.routes;
  if (routes.empty()) return impl_->options.upstream;
  std::string text;
  for (const auto& route : routes) {
    if (!text.empty()) text += ", ";
    text += route.prefix + " -> " + route.upstream;
  }
  return text;
}

Mode CaptureProxy::mode() const {
  return impl_->cassette->mode();
}

void CaptureProxy::stop() {
  impl_->server->stop();
}

ProxySummary CaptureProxy::summary() const {
  const auto& counts = impl_->counts;
  return ProxySummary{.recorded = counts[static_cast<size_t>(Source::recorded)],
                      .replayed = counts[static_cast<size_t>(Source::replayed)],
                      .forwarded = counts[static_cast<size_t>(Source::forwarded)],
                      .failed = counts[static_cast<size_t>(Source::failed)]};
}

}  // namespace automock
