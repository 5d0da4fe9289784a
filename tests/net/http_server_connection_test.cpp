// An HttpServer's connections: keep-alive, HTTP/1.0 and pipelining, Expect:
// 100-continue, requests refused before the handler, the idle timeout and stop().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>

#include "net/http_server.hpp"
#include "net/http_server_fixture.hpp"
#include "net/raw_socket.hpp"

namespace automock::net {
namespace {

using test_support::body_of;
using test_support::RawSocket;
using test_support::status_of;
using Clock = std::chrono::steady_clock;

// Keep-alive, HTTP/1.0 and pipelining.

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  RawSocket socket{port()};
  for (int i = 0; i < 3; ++i) {
    socket.send(get("/" + std::to_string(i)));
    const auto response = socket.read_response();
    EXPECT_EQ(status_of(response), 200);
    EXPECT_EQ(body_of(response), "GET /" + std::to_string(i) + " ");
  }
}

TEST_F(HttpServerTest, Http10ConnectionClosesUnlessKeepAliveIsAsked) {
  start();
  RawSocket closing{port()};
  closing.send("GET /a HTTP/1.0\r\n\r\n");
  const auto response = read_to_close(closing);
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);

  RawSocket kept{port()};
  kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_NE(kept.read_response().find("Connection: keep-alive\r\n"), std::string::npos);
  kept.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(body_of(kept.read_response()), "GET /c ");
}

TEST_F(HttpServerEdgeTest, Http10KeepAliveIsConfirmedAndTheConnectionServesAgain) {
  start(Handler{[](const Request& request) { return text(request.target); }});
  RawSocket socket{port()};
  socket.send(get("/1", "Connection: keep-alive\r\n", "HTTP/1.0"));
  const auto first = socket.read_response();
  EXPECT_NE(first.find("Connection: keep-alive\r\n"), std::string::npos) << first;
  socket.send(get("/2", "Connection: keep-alive\r\n", "HTTP/1.0"));
  EXPECT_EQ(body_of(socket.read_response()), "/2");
}

TEST_F(HttpServerEdgeTest, ARequestAskingToCloseIsAnsweredAndClosed) {
  start(Handler{[](const Request&) { return text("bye"); }});
  RawSocket socket{port()};
  socket.send(get("/", "Connection: close\r\n"));
  const auto response = read_to_close(socket);
  EXPECT_EQ(body_of(response), "bye");
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawSocket socket{port()};
  socket.send(get("/1") + "POST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get("/3"));
  EXPECT_EQ(body_of(socket.read_response()), "GET /1 ");
  EXPECT_EQ(body_of(socket.read_response()), "POST /2 abc");
  EXPECT_EQ(body_of(socket.read_response()), "GET /3 ");
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
  const auto rest = read_to_close(socket);
  EXPECT_EQ(status_of(rest), 400) << rest;
  EXPECT_EQ(rest.find("/never"), std::string::npos) << rest;
  EXPECT_EQ(calls, 1);
}

// Expect: 100-continue.

TEST_F(HttpServerTest, ExpectContinueGetsInterimResponseBeforeTheBody) {
  start();
  RawSocket socket{port()};
  socket.send("PUT /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(status_of(socket.read_response()), 100);
  socket.send("data");
  EXPECT_EQ(body_of(socket.read_response()), "PUT /e data");
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
  const auto response = read_to_close(socket);
  EXPECT_EQ(status_of(response), 413) << response;
  EXPECT_EQ(response.find("100 Continue"), std::string::npos) << response;
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

// Requests refused before the handler.

struct BadRequestCase {
  const char* name;
  const char* bytes;
};

void PrintTo(const BadRequestCase& bad, std::ostream* out) {
  *out << bad.name;
}

class HttpServerBadRequestTest : public HttpServerTest,
                                 public testing::WithParamInterface<BadRequestCase> {};

TEST_P(HttpServerBadRequestTest, AnswersBadRequestAndCloses) {
  std::atomic<int> calls{0};
  start([&calls](const Request& request) {
    ++calls;
    return echo(request);
  });
  RawSocket socket{port()};
  socket.send(GetParam().bytes);
  const auto response = read_to_close(socket);
  EXPECT_EQ(status_of(response), 400) << response;
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(calls, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, HttpServerBadRequestTest,
    testing::Values(BadRequestCase{"GarbageRequestLine", "\x16\x03\x01 garbage\r\n\r\n"},
                    BadRequestCase{"BadHeader", "GET / HTTP/1.1\r\nNo colon here\r\n\r\n"},
                    BadRequestCase{"BadChunkSize",
                                   "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n"},
                    BadRequestCase{"ContentLengthNotANumber",
                                   "POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n"}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

TEST_F(HttpServerTest, BodyOverLimitIsRefusedWith413) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  start(echo, options);
  RawSocket socket{port()};
  socket.send("POST / HTTP/1.1\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'x'));
  EXPECT_EQ(status_of(read_to_close(socket)), 413);
}

TEST_F(HttpServerTest, HugeHeadersAreRefusedWith431) {
  start();
  RawSocket socket{port()};
  socket.send(get("/", "X-Huge: " + std::string(100 << 10, 'h') + "\r\n"));
  EXPECT_EQ(status_of(socket.read_until_closed()), 431);
}

// The idle timeout and stop().

TEST_F(HttpServerTest, IdleConnectionIsClosedAfterTheTimeout) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::seconds{1};
  start(echo, options);
  RawSocket socket{port()};
  socket.send(get("/"));
  EXPECT_EQ(status_of(socket.read_response()), 200);
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  socket.read_until_closed(&closed);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed);
  EXPECT_GE(waited, std::chrono::milliseconds{900});
  EXPECT_LT(waited, std::chrono::seconds{3});
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

bool accepts_connections(uint16_t port) {
  try {
    RawSocket probe{port};
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

TEST_F(HttpServerTest, StopFinishesInFlightRequestsThenCloses) {
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  HttpServerOptions options;
  options.blocking_workers = 1;
  start(
      [&](const Request& request) {
        entered.set_value();
        released.wait();
        return echo(request);
      },
      options);
  RawSocket idle{port()};
  RawSocket busy{port()};
  busy.send(get("/slow"));
  entered.get_future().wait();
  std::thread stopper{[this] { server_->stop(); }};
  while (accepts_connections(port())) std::this_thread::yield();
  release.set_value();
  bool closed = false;
  const auto response = busy.read_until_closed(&closed);
  stopper.join();
  EXPECT_EQ(body_of(response), "GET /slow ");
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(closed);
  idle.read_until_closed(&closed);
  EXPECT_TRUE(closed);
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
  const auto response = read_to_close(socket);
  stopper.join();
  EXPECT_EQ(body_of(response), "held");
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos) << response;
}

TEST_F(HttpServerEdgeTest, StopTwiceIsHarmless) {
  start(Handler{[](const Request&) { return text("x"); }});
  server_->stop();
  server_->stop();
  EXPECT_THROW(RawSocket{port()}, std::runtime_error);
}

}  // namespace
}  // namespace automock::net
