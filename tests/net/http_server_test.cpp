#include "net/http_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <automock/error.hpp>
#include <future>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "net/raw_socket.hpp"

namespace automock::net {
namespace {

using test_support::body_of;
using test_support::RawSocket;
using test_support::status_of;

// Answers "METHOD target body" so tests can see what the handler got.
Response echo(const Request& request) {
  Response response;
  response.headers.add("Content-Type", "text/plain");
  response.body = request.method + " " + request.target + " " + request.body;
  return response;
}

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string{target} + " HTTP/1.1\r\nHost: test\r\n" + std::string{extra_headers} +
         "\r\n";
}

class HttpServerTest : public testing::Test {
 protected:
  void start(Handler handler = echo, HttpServerOptions options = {}) {
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(std::move(handler), options);
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, MethodsReachTheHandlerWithTargetHeadersAndBody) {
  start([](const Request& request) {
    Response response = echo(request);
    response.headers.add("X-Seen", request.headers.get("X-Test").value_or("none"));
    return response;
  });
  httplib::Client client{"127.0.0.1", port()};
  const httplib::Headers headers = {{"X-Test", "yes"}};
  auto result = client.Get("/g?q=1", headers);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "GET /g?q=1 ");
  EXPECT_EQ(result->get_header_value("X-Seen"), "yes");
  EXPECT_EQ(client.Post("/p", headers, "post-body", "text/plain")->body, "POST /p post-body");
  EXPECT_EQ(client.Put("/u", "put-body", "text/plain")->body, "PUT /u put-body");
  EXPECT_EQ(client.Patch("/a", "patch-body", "text/plain")->body, "PATCH /a patch-body");
  EXPECT_EQ(client.Delete("/d")->body, "DELETE /d ");
  EXPECT_EQ(client.Options("/o")->body, "OPTIONS /o ");
  auto head = client.Head("/h");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), "8");
  EXPECT_TRUE(head->body.empty());
}

TEST_F(HttpServerTest, HeadResponseHasContentLengthButNoBody) {
  start();
  RawSocket socket{port()};
  socket.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n" + get("/next"));
  const auto head = socket.read_response(true);
  EXPECT_NE(head.find("Content-Length: 8\r\n"), std::string::npos) << head;
  EXPECT_EQ(body_of(head), "");
  EXPECT_EQ(body_of(socket.read_response()), "GET /next ");
}

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
  bool closed = false;
  const auto response = closing.read_until_closed(&closed);
  EXPECT_TRUE(closed);
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);

  RawSocket kept{port()};
  kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_NE(kept.read_response().find("Connection: keep-alive\r\n"), std::string::npos);
  kept.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(body_of(kept.read_response()), "GET /c ");
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawSocket socket{port()};
  socket.send(get("/1") + "POST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get("/3"));
  EXPECT_EQ(body_of(socket.read_response()), "GET /1 ");
  EXPECT_EQ(body_of(socket.read_response()), "POST /2 abc");
  EXPECT_EQ(body_of(socket.read_response()), "GET /3 ");
}

TEST_F(HttpServerTest, ChunkedRequestBodyIsDecodedBeforeTheHandler) {
  start();
  RawSocket socket{port()};
  socket.send(
      "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n");
  EXPECT_EQ(body_of(socket.read_response()), "POST /c wikipedia");
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimResponseBeforeTheBody) {
  start();
  RawSocket socket{port()};
  socket.send("PUT /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(status_of(socket.read_response()), 100);
  socket.send("data");
  EXPECT_EQ(body_of(socket.read_response()), "PUT /e data");
}

TEST_F(HttpServerTest, ServerSetsFramingHeadersAndDropsHopByHopOnes) {
  start([](const Request&) {
    Response response;
    response.headers = {{"Transfer-Encoding", "chunked"},
                        {"Connection", "keep-alive"},
                        {"Content-Length", "999"},
                        {"X-Kept", "1"}};
    response.body = "hello";
    return response;
  });
  RawSocket socket{port()};
  socket.send(get("/"));
  const auto response = socket.read_response();
  EXPECT_NE(response.find("Content-Length: 5\r\n"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(response.find("X-Kept: 1\r\n"), std::string::npos);
  EXPECT_EQ(response.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(response.find("Connection"), std::string::npos);
  EXPECT_EQ(body_of(response), "hello");
}

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
  bool closed = false;
  const auto response = socket.read_until_closed(&closed);
  EXPECT_EQ(status_of(response), 400) << response;
  EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(closed);
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
  bool closed = false;
  EXPECT_EQ(status_of(socket.read_until_closed(&closed)), 413);
  EXPECT_TRUE(closed);
}

TEST_F(HttpServerTest, HugeHeadersAreRefusedWith431) {
  start();
  RawSocket socket{port()};
  socket.send(get("/", "X-Huge: " + std::string(100 << 10, 'h') + "\r\n"));
  EXPECT_EQ(status_of(socket.read_until_closed()), 431);
}

TEST_F(HttpServerTest, HandlerThatThrowsGives500WithTheMessage) {
  start([](const Request&) -> Response { throw std::runtime_error("boom in handler"); });
  RawSocket socket{port()};
  socket.send(get("/"));
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 500);
  EXPECT_NE(body_of(response).find("boom in handler"), std::string::npos);
  socket.send(get("/again"));
  EXPECT_EQ(status_of(socket.read_response()), 500);
}

TEST_F(HttpServerTest, ClientDisconnectingMidRequestDoesNotDisturbOthers) {
  start();
  RawSocket steady{port()};
  steady.send(get("/before"));
  EXPECT_EQ(status_of(steady.read_response()), 200);
  for (int i = 0; i < 10; ++i) {
    RawSocket partial{port()};
    partial.send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc");
    RawSocket unread{port()};
    unread.send(get("/unread"));
  }
  steady.send(get("/after"));
  EXPECT_EQ(body_of(steady.read_response()), "GET /after ");
}

TEST_F(HttpServerTest, TwoHundredConcurrentKeepAliveConnectionsAreAllServed) {
  start();
  std::vector<std::unique_ptr<RawSocket>> sockets;
  for (int i = 0; i < 200; ++i) sockets.push_back(std::make_unique<RawSocket>(port()));
  for (int round = 0; round < 2; ++round) {
    for (auto& socket : sockets) socket->send(get("/r"));
    int served = 0;
    for (auto& socket : sockets) served += status_of(socket->read_response()) == 200 ? 1 : 0;
    EXPECT_EQ(served, 200);
  }
}

TEST_F(HttpServerTest, BlockingWorkersRunTheHandler) {
  HttpServerOptions options;
  options.blocking_workers = 2;
  start(echo, options);
  RawSocket socket{port()};
  socket.send(get("/1") + get("/2"));
  EXPECT_EQ(body_of(socket.read_response()), "GET /1 ");
  EXPECT_EQ(body_of(socket.read_response()), "GET /2 ");
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

TEST_F(HttpServerTest, BindingAPortInUseThrowsIoError) {
  start();
  HttpServerOptions options;
  options.port = port();
  EXPECT_THROW(HttpServer(echo, options), IoError);
}

}  // namespace
}  // namespace automock::net
