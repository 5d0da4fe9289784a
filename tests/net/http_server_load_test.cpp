// Load tests (ctest -L load): many connections at once.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "net/http_server.hpp"
#include "net/raw_socket.hpp"

namespace automock::net {
namespace {

using test_support::RawSocket;
using test_support::status_of;

Response ok(const Request&) {
  Response response;
  response.body = "ok";
  return response;
}

std::string get() {
  return "GET / HTTP/1.1\r\nHost: load\r\n\r\n";
}

struct Tally {
  int served = 0;   // 200
  int refused = 0;  // connect failed, 503 or closed without an answer
  int hanging = 0;  // neither answered nor closed: must not happen
};

Tally open_and_request(uint16_t port, int connections) {
  Tally tally;
  std::vector<std::unique_ptr<RawSocket>> sockets;
  for (int i = 0; i < connections; ++i) {
    try {
      sockets.push_back(std::make_unique<RawSocket>(port));
    } catch (const std::runtime_error&) {
      ++tally.refused;
    }
  }
  for (auto& socket : sockets) {
    try {
      socket->send(get());
    } catch (const std::runtime_error&) {
      // Refused: the read below sees the connection closed.
    }
  }
  for (auto& socket : sockets) {
    const int status = status_of(socket->read_response());
    if (status == 200) {
      ++tally.served;
    } else if (socket->timed_out()) {
      ++tally.hanging;
    } else {
      ++tally.refused;
    }
  }
  return tally;
}

void expect_healthy(uint16_t port) {
  RawSocket after{port};
  after.send(get());
  EXPECT_EQ(status_of(after.read_response()), 200);
}

TEST(HttpServerLoadTest, ThousandConcurrentConnectionsAreAllServed) {
  HttpServer server{ok, HttpServerOptions{}};
  const auto tally = open_and_request(server.port(), 1000);
  EXPECT_EQ(tally.served, 1000);
  expect_healthy(server.port());
}

TEST(HttpServerLoadTest, OutOfDescriptorsConnectionsAreRefusedCleanly) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max = 700;  // this process's clients and server share it
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  HttpServer server{ok, HttpServerOptions{}};
  const auto tally = open_and_request(server.port(), 1000);
  RecordProperty("served", tally.served);
  RecordProperty("refused", tally.refused);
  EXPECT_EQ(tally.served + tally.refused, 1000);
  EXPECT_EQ(tally.hanging, 0);
  EXPECT_GT(tally.served, 0);
  expect_healthy(server.port());
}

TEST(HttpServerLoadTest, ManyShortLivedConnectionsLeaveTheServerHealthy) {
  HttpServer server{ok, HttpServerOptions{}};
  int served = 0;
  for (int i = 0; i < 2000; ++i) {
    RawSocket socket{server.port()};
    socket.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    served += status_of(socket.read_response()) == 200 ? 1 : 0;
  }
  EXPECT_EQ(served, 2000);
}

}  // namespace
}  // namespace automock::net
