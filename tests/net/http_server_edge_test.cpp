// HttpServer promises at their edges: delayed responses against the idle
// timeout and stop(), Expect: 100-continue when the body is refused or
// already there, a malformed request behind a good pipelined one, and what
// the handler is given.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "net/http_server.hpp"
#include "net/raw_socket.hpp"

namespace automock::net {
namespace {

using test_support::body_of;
using test_support::RawSocket;
using test_support::status_of;
using Clock = std::chrono::steady_clock;

std::string get(std::string_view target, std::string_view version = "HTTP/1.1",
                std::string_view extra = "") {
  return "GET " + std::string{target} + " " + std::string{version} + "\r\nHost: t\r\n" +
         std::string{extra} + "\r\n";
}

Response text(std::string body) {
  return Response{200, {{"Content-Type", "text/plain"}}, std::move(body)};
}

class HttpServerEdgeTest : public testing::Test {
 protected:
  void start(DelayingHandler handler, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  void start(Handler handler, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerEdgeTest, AHandlerThrowingANonStandardExceptionGets500) {
  start(Handler{[](const Request&) -> Response { throw 42; }});
  RawSocket socket{port()};
  socket.send(get("/"));
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 500);
  EXPECT_EQ(body_of(response), "handler failed\n");
}

TEST_F(HttpServerEdgeTest, AnAsynchronousHandlerAnswersFromAnotherThread) {
  std::vector<std::thread> threads;
  server_ = std::make_unique<HttpServer>(
      AsyncHandler{[&threads](Request request, const asio::any_io_executor&, Respond respond) {
        threads.emplace_back([request = std::move(request), respond = std::move(respond)] {
          respond({text("later " + request.target), {}});
        });
      }},
      HttpServerOptions{.threads = 1});
  RawSocket socket{port()};
  socket.send(get("/one"));
  EXPECT_EQ(body_of(socket.read_response()), "later /one");
  socket.send(get("/two"));
  EXPECT_EQ(body_of(socket.read_response()), "later /two");
  server_->stop();
  for (auto& thread : threads) thread.join();
}

TEST_F(HttpServerEdgeTest, AnAsynchronousHandlerThrowingBeforeRespondingGets500) {
  server_ = std::make_unique<HttpServer>(
      AsyncHandler{[](Request, const asio::any_io_executor&, Respond) -> void {
        throw std::runtime_error("no upstream");
      }},
      HttpServerOptions{.threads = 1});
  RawSocket socket{port()};
  socket.send(get("/"));
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 500);
  EXPECT_EQ(body_of(response), "handler failed: no upstream\n");
}

TEST_F(HttpServerEdgeTest, AnAsynchronousHandlerThrowingANonStandardExceptionGets500) {
  server_ = std::make_unique<HttpServer>(
      AsyncHandler{[](Request, const asio::any_io_executor&, Respond) -> void { throw 42; }},
      HttpServerOptions{.threads = 1});
  RawSocket socket{port()};
  socket.send(get("/"));
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 500);
  EXPECT_EQ(body_of(response), "handler failed\n");
}

TEST_F(HttpServerEdgeTest, ADelayedResponseOutlivesTheIdleTimeout) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::seconds{1};
  start(DelayingHandler{[](const Request&) {
          return DelayedResponse{text("late"), std::chrono::milliseconds{1400}};
        }},
        options);
  RawSocket socket{port()};
  const auto started = Clock::now();
  socket.send(get("/slow"));
  const auto response = socket.read_response();
  EXPECT_EQ(body_of(response), "late") << response;
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds{1400});
}

TEST_F(HttpServerEdgeTest, StopWaitsForADelayedResponseAndMarksItClosing) {
  std::promise<void> called;
  start(DelayingHandler{[&called](const Request&) {
    called.set_value();
    return DelayedResponse{text("held"), std::chrono::milliseconds{300}};
  }});
  RawSocket socket{port()};
  socket.send(get("/held"));
  called.get_future().wait();
  std::thread stopper{[this] { server_->stop(); }};
  bool closed = false;
  const auto response = socket.read_until_closed(&closed);
  stopper.join();
  EXPECT_EQ(body_of(response), "held");
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos) << response;
  EXPECT_TRUE(closed);
}

TEST_F(HttpServerEdgeTest, StopTwiceIsHarmless) {
  start(Handler{[](const Request&) { return text("x"); }});
  server_->stop();
  server_->stop();
  EXPECT_THROW(RawSocket{port()}, std::runtime_error);
}

TEST_F(HttpServerEdgeTest, AnExpectedBodyOverTheLimitIsRefusedWithoutAnInterimResponse) {
  HttpServerOptions options;
  options.max_body_bytes = 16;
  std::atomic<int> calls{0};
  start(Handler{[&calls](const Request&) {
          ++calls;
          return text("x");
        }},
        options);
  RawSocket socket{port()};
  socket.send("PUT /big HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n");
  bool closed = false;
  const auto response = socket.read_until_closed(&closed);
  EXPECT_EQ(status_of(response), 413) << response;
  EXPECT_EQ(response.find("100 Continue"), std::string::npos) << response;
  EXPECT_TRUE(closed);
  EXPECT_EQ(calls, 0);
}

TEST_F(HttpServerEdgeTest, ABodySentWithTheHeadGetsNoInterimResponse) {
  start(Handler{[](const Request& request) { return text(request.body); }});
  RawSocket socket{port()};
  socket.send("PUT /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata");
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 200) << response;
  EXPECT_EQ(body_of(response), "data");
}

TEST_F(HttpServerEdgeTest, Http10ExpectContinueGetsNoInterimResponse) {
  start(Handler{[](const Request& request) { return text(request.body); }});
  RawSocket socket{port()};
  socket.send("PUT /e HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  socket.send("data");
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 200) << response;
  EXPECT_EQ(body_of(response), "data");
}

TEST_F(HttpServerEdgeTest, AMalformedRequestBehindAGoodOneIsAnsweredInOrderThenCloses) {
  std::atomic<int> calls{0};
  start(Handler{[&calls](const Request& request) {
    ++calls;
    return text(request.target);
  }});
  RawSocket socket{port()};
  socket.send(get("/first") + "NOT HTTP\r\n\r\n" + get("/never"));
  EXPECT_EQ(body_of(socket.read_response()), "/first");
  bool closed = false;
  const auto rest = socket.read_until_closed(&closed);
  EXPECT_EQ(status_of(rest), 400) << rest;
  EXPECT_EQ(rest.find("/never"), std::string::npos) << rest;
  EXPECT_TRUE(closed);
  EXPECT_EQ(calls, 1);
}

TEST_F(HttpServerEdgeTest, ARequestAskingToCloseIsAnsweredAndClosed) {
  start(Handler{[](const Request&) { return text("bye"); }});
  RawSocket socket{port()};
  socket.send(get("/", "HTTP/1.1", "Connection: close\r\n"));
  bool closed = false;
  const auto response = socket.read_until_closed(&closed);
  EXPECT_EQ(body_of(response), "bye");
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST_F(HttpServerEdgeTest, Http10KeepAliveIsConfirmedAndTheConnectionServesAgain) {
  start(Handler{[](const Request& request) { return text(request.target); }});
  RawSocket socket{port()};
  socket.send(get("/1", "HTTP/1.0", "Connection: keep-alive\r\n"));
  const auto first = socket.read_response();
  EXPECT_NE(first.find("Connection: keep-alive\r\n"), std::string::npos) << first;
  socket.send(get("/2", "HTTP/1.0", "Connection: keep-alive\r\n"));
  EXPECT_EQ(body_of(socket.read_response()), "/2");
}

TEST_F(HttpServerEdgeTest, TheHandlerSeesADecodedBodyWithoutTransferEncoding) {
  std::promise<Request> seen;
  start(Handler{[&seen](const Request& request) {
    seen.set_value(request);
    return text("ok");
  }});
  RawSocket socket{port()};
  socket.send(
      "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-Kept: 1\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(socket.read_response()), 200);
  const auto request = seen.get_future().get();
  EXPECT_EQ(request.body, "abc");
  EXPECT_FALSE(request.headers.contains("Transfer-Encoding"));
  EXPECT_EQ(request.headers.get("X-Kept"), "1");
}

TEST_F(HttpServerEdgeTest, ABodilessStatusSendsNoBodyAndTheNextAnswerFollows) {
  start(Handler{[](const Request& request) {
    if (request.target == "/none") return Response{204, {}, "ignored body"};
    return text("next");
  }});
  RawSocket socket{port()};
  socket.send(get("/none") + get("/after"));
  const auto none = socket.read_response();
  EXPECT_EQ(status_of(none), 204);
  EXPECT_EQ(body_of(none), "");
  EXPECT_EQ(body_of(socket.read_response()), "next");
}

}  // namespace
}  // namespace automock::net
