#include <atomic>
#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <cmath>

#include "net/base_url.hpp"
#include "net/browser_guard.hpp"
#include "net/cassette_front.hpp"
#include "net/content_decoding.hpp"
#include "net/http_server.hpp"
#include "net/replay_admin.hpp"

namespace automock {

namespace {

std::chrono::steady_clock::duration recorded_delay(const net::FrontAnswer& answer) {
  if (answer.source != ProxyExchange::Source::replayed || !answer.exchange) return {};
  const double ms = answer.exchange->latency_ms;
  if (!std::isfinite(ms) || ms <= 0) return {};
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::milli>{ms});
}

}  // namespace

// What the server answers from; replaced as a whole by ReplayServer::serve().
struct ServedCassette {
  std::shared_ptr<Cassette> cassette;
  std::shared_ptr<Transport> upstream;

  // The upstream's base URL for fault answers ("" when it does not say).
  const std::string& upstream_url() const {
    static const std::string none;
    const auto* http = dynamic_cast<const HttpTransport*>(upstream.get());
    return http != nullptr ? http->base_url() : none;
  }
};

struct ReplayServer::Impl {
  std::atomic<std::shared_ptr<const ServedCassette>> served;
  ServerOptions options;
  net::BrowserGuard guard;
  std::unique_ptr<net::HttpServer> server;

  explicit Impl(ServerOptions server_options)
      : options(std::move(server_options)), guard(options.host, options.allowed_hosts) {}

  net::DelayedResponse answer(Request request) {
    if (auto refused = guard.refusal(request)) return {net::forbidden(*refused).response, {}};
    // Keyed decoded, as the capture proxy recorded it; capped as bodies are.
    net::decode_content(request, net::HttpServerOptions{}.max_body_bytes);
    const auto target = served.load();
    auto& cassette = *target->cassette;
    if (auto admin = net::answer_admin(request, cassette)) return {std::move(*admin), {}};
    auto answer = net::guarded(target->upstream_url(), [&] {
      return net::served(CassetteEngine{cassette}.answer(request, target->upstream.get()));
    });
    const auto delay = options.latency == Latency::recorded ? recorded_delay(answer)
                                                            : std::chrono::steady_clock::duration{};
    return {std::move(answer.response), delay};
  }
};

ReplayServer::ReplayServer(std::shared_ptr<Cassette> cassette, ServerOptions options,
                           std::shared_ptr<Transport> upstream)
    : impl_(std::make_unique<Impl>(options)) {
  const bool forwards = upstream != nullptr;
  serve(std::move(cassette), std::move(upstream));
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  if (forwards) server_options.blocking_workers = 16;
  impl_->server = std::make_unique<net::HttpServer>(
      net::DelayingHandler{
          [impl = impl_.get()](const Request& request) { return impl->answer(request); }},
      server_options);
}

ReplayServer::~ReplayServer() {
  stop();
}

void ReplayServer::serve(std::shared_ptr<Cassette> cassette, std::shared_ptr<Transport> upstream) {
  impl_->served.store(std::make_shared<const ServedCassette>(
      ServedCassette{std::move(cassette), std::move(upstream)}));
}

uint16_t ReplayServer::port() const {
  return impl_->server->port();
}

std::string ReplayServer::base_url() const {
  return net::listening_url(impl_->options.host, port());
}

void ReplayServer::stop() {
  impl_->server->stop();
}

}  // namespace automock
