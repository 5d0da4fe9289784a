#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>

#include "net/http_server.hpp"

namespace automock {

namespace {

Response miss_response(const UnmatchedRequest& miss) {
  return Response{
      404, {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "miss"}}, miss.what()};
}

Response error_response(const Error& error) {
  return Response{500,
                  {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "error"}},
                  std::string{"automock: "} + error.what() + "\n"};
}

}  // namespace

struct ReplayServer::Impl {
  std::shared_ptr<Cassette> cassette;
  std::shared_ptr<Transport> upstream;
  std::string host;
  std::unique_ptr<net::HttpServer> server;

  Response answer(const Request& request) {
    try {
      return cassette->handle(request, upstream.get());
    } catch (const UnmatchedRequest& miss) {
      return miss_response(miss);
    } catch (const TransportError& error) {
      return Response{502,
                      {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Automock", "error"}},
                      std::string{"automock: upstream failed: "} + error.what() + "\n"};
    } catch (const Error& error) {
      return error_response(error);
    }
  }
};

ReplayServer::ReplayServer(std::shared_ptr<Cassette> cassette, ServerOptions options,
                           std::shared_ptr<Transport> upstream)
    : impl_(std::make_unique<Impl>()) {
  impl_->cassette = std::move(cassette);
  impl_->upstream = std::move(upstream);
  impl_->host = options.host;
  net::HttpServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  if (impl_->upstream) server_options.blocking_workers = 16;
  impl_->server = std::make_unique<net::HttpServer>(
      [impl = impl_.get()](const Request& request) { return impl->answer(request); },
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
  std::string host = impl_->host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port());
}

void ReplayServer::stop() {
  impl_->server->stop();
}

}  // namespace automock
