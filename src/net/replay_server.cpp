#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <cmath>

#include "net/http_server.hpp"
#include "net/replay_admin.hpp"

namespace automock {

namespace {

Response miss_response(const UnmatchedRequest& miss) {
  return Response{
      404, {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "miss"}}, miss.what()};
}

Response error_response(int status, std::string_view what, const Error& error) {
  return Response{status,
                  {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "error"}},
                  std::string{"automock: "} + std::string{what} + error.what() + "\n"};
}

std::chrono::steady_clock::duration recorded_delay(const Cassette::Answer& answer) {
  if (answer.source != Cassette::Answer::Source::replayed || !answer.exchange) return {};
  const double ms = answer.exchange->latency_ms;
  if (!std::isfinite(ms) || ms <= 0) return {};
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::milli>{ms});
}

}  // namespace

struct ReplayServer::Impl {
  std::shared_ptr<Cassette> cassette;
  std::shared_ptr<Transport> upstream;
  ServerOptions options;
  std::unique_ptr<net::HttpServer> server;

  Transport& upstream_for(const std::string&) const {
    if (!upstream) {
      throw InputError("cassette " + cassette->directory().string() + " is in mode '" +
                       std::string{to_string(cassette->mode())} +
                       "' but has no upstream to forward to");
    }
    return *upstream;
  }

  net::DelayedResponse answer(const Request& request) {
    if (auto admin = net::answer_admin(request, *cassette)) return {std::move(*admin), {}};
    try {
      auto answer = cassette->answer(
          request, [this](const std::string& route) -> Transport& { return upstream_for(route); });
      const auto delay = options.latency == Latency::recorded
                             ? recorded_delay(answer)
                             : std::chrono::steady_clock::duration{};
      return {std::move(answer.response), delay};
    } catch (const UnmatchedRequest& miss) {
      return {miss_response(miss), {}};
    } catch (const TransportError& error) {
      return {error_response(502, "upstream failed: ", error), {}};
    } catch (const Error& error) {
      return {error_response(500, "", error), {}};
    }
  }
};

ReplayServer::ReplayServer(std::shared_ptr<Cassette> cassette, ServerOptions options,
                           std::shared_ptr<Transport> upstream)
    : impl_(std::make_unique<Impl>()) {
  impl_->cassette = std::move(cassette);
  impl_->upstream = std::move(upstream);
  impl_->options = options;
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  if (impl_->upstream) server_options.blocking_workers = 16;
  impl_->server = std::make_unique<net::HttpServer>(
      net::DelayingHandler{
          [impl = impl_.get()](const Request& request) { return impl->answer(request); }},
      server_options);
}

ReplayServer::~ReplayServer() {
  stop();
}

uint16_t ReplayServer::port() const {
  return impl_->server->port();
}

std::string ReplayServer::base_url() const {
  // A wildcard address is reached through loopback; IPv6 needs brackets.
  std::string host = impl_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port());
}

void ReplayServer::stop() {
  impl_->server->stop();
}

}  // namespace automock
