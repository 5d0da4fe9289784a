#pragma once
// An HttpServer on 127.0.0.1 that each test starts with its own handler, and
// the requests and handlers the HttpServer tests share.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "net/http_server.hpp"
#include "net/raw_socket.hpp"

namespace automock::net {

// Answers "METHOD target body" so tests can see what the handler got.
inline Response echo(const Request& request) {
  Response response;
  response.headers.add("Content-Type", "text/plain");
  response.body = request.method + " " + request.target + " " + request.body;
  return response;
}

// A 200 text/plain answer with `body`.
inline Response text(std::string body) {
  return Response{200, {{"Content-Type", "text/plain"}}, std::move(body)};
}

// The bytes of a GET of `target` with a Host field and `extra_headers` (each
// ending in CRLF).
inline std::string get(std::string_view target, std::string_view extra_headers = "",
                       std::string_view version = "HTTP/1.1") {
  return "GET " + std::string{target} + " " + std::string{version} + "\r\nHost: test\r\n" +
         std::string{extra_headers} + "\r\n";
}

// What the server still sends on `socket` until it closes the connection; a
// failure when it keeps the connection open.
inline std::string read_to_close(test_support::RawSocket& socket) {
  bool closed = false;
  auto rest = socket.read_until_closed(&closed);
  EXPECT_TRUE(closed) << rest;
  return rest;
}

// Starts the server with two io threads unless the options say otherwise.
class HttpServerTest : public testing::Test {
 protected:
  void start(Handler handler = echo, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  void start(DelayingHandler handler, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  void start(AsyncHandler handler, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  uint16_t port() const { return server_->port(); }
  // Sends `request` on a new connection and returns the raw answer.
  std::string answer_to(std::string_view request) const {
    test_support::RawSocket socket{port()};
    socket.send(request);
    return socket.read_response();
  }

  std::unique_ptr<HttpServer> server_;
};

// The same fixture under the suite name its later tests were written with.
class HttpServerEdgeTest : public HttpServerTest {};

}  // namespace automock::net
