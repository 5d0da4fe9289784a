// What an HttpServer gives its handler and sends back, handlers that throw or
// answer later, and many connections at once.
#include "net/http_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <automock/error.hpp>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server_fixture.hpp"
#include "net/raw_socket.hpp"

namespace automock::net {
namespace {

using test_support::body_of;
using test_support::RawSocket;
using test_support::status_of;

// What the handler is given and what it answers.

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

TEST_F(HttpServerTest, ChunkedRequestBodyIsDecodedBeforeTheHandler) {
  start();
  RawSocket socket{port()};
  socket.send(
      "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n");
  EXPECT_EQ(body_of(socket.read_response()), "POST /c wikipedia");
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

// Handlers that throw or answer later.

// Expects `answer` to be the 500 of a handler that failed, with `body`.
void expect_handler_failed(const std::string& answer, std::string_view body) {
  EXPECT_EQ(status_of(answer), 500) << answer;
  EXPECT_EQ(body_of(answer), body);
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

TEST_F(HttpServerEdgeTest, AHandlerThrowingANonStandardExceptionGets500) {
  start(Handler{[](const Request&) -> Response { throw 42; }});
  expect_handler_failed(answer_to(get("/")), "handler failed\n");
}

TEST_F(HttpServerEdgeTest, AnAsynchronousHandlerAnswersFromAnotherThread) {
  std::vector<std::thread> threads;
  start(AsyncHandler{[&threads](Request request, const asio::any_io_executor&, Respond respond) {
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
  start(AsyncHandler{[](Request, const asio::any_io_executor&, Respond) -> void {
          throw std::runtime_error("no upstream");
        }},
        HttpServerOptions{.threads = 1});
  expect_handler_failed(answer_to(get("/")), "handler failed: no upstream\n");
}

TEST_F(HttpServerEdgeTest, AnAsynchronousHandlerThrowingANonStandardExceptionGets500) {
  start(AsyncHandler{[](Request, const asio::any_io_executor&, Respond) -> void { throw 42; }},
        HttpServerOptions{.threads = 1});
  expect_handler_failed(answer_to(get("/")), "handler failed\n");
}

// Many connections and workers.

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

TEST_F(HttpServerTest, BindingAPortInUseThrowsIoError) {
  start();
  HttpServerOptions options;
  options.port = port();
  EXPECT_THROW(HttpServer(echo, options), IoError);
}

}  // namespace
}  // namespace automock::net
