// Load tests (ctest -L load): many connections at once.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "net/http_server.hpp"
#include "net/raw_socket.hpp"
#include "net/replay_fixture.hpp"

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
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

struct Tally {
  int served = 0;   // 200
  int refused = 0;  // connect failed, 503 or closed without an answer
  int hanging = 0;  // neither answered nor closed: must not happen
};

// Opens every socket first, then connects them all and sends a request on
// each: the client side allocates no descriptor while the server accepts.
// `while_open` runs once every request is sent and none is read yet.
Tally open_and_request(
    uint16_t port, int connections, const std::function<void()>& while_open = [] {}) {
  Tally tally;
  std::vector<std::unique_ptr<RawSocket>> sockets;
  for (int i = 0; i < connections; ++i) sockets.push_back(std::make_unique<RawSocket>());
  std::vector<RawSocket*> connected;
  for (auto& socket : sockets) {
    if (socket->connect(port)) {
      connected.push_back(socket.get());
    } else {
      ++tally.refused;
    }
  }
  for (RawSocket* socket : connected) {
    try {
      socket->send(get());
    } catch (const std::runtime_error&) {
      // Refused: the read below sees the connection closed.
    }
  }
  while_open();
  for (RawSocket* socket : connected) {
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

// The server answers 200 again once it has seen the earlier clients go
// (which it learns asynchronously).
void expect_healthy(uint16_t port) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{3};
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    RawSocket after{port};
    after.send(get());
    status = status_of(after.read_response());
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_EQ(status, 200);
}

TEST(HttpServerLoadTest, ThousandConcurrentConnectionsAreAllServed) {
  HttpServer server{ok, HttpServerOptions{}};
  const auto tally = open_and_request(server.port(), 1000);
  EXPECT_EQ(tally.served, 1000);
  expect_healthy(server.port());
}

TEST(HttpServerLoadTest, ReplayServerAnswersThousandConcurrentClientsAndStillServesAnother) {
  test_support::ReplayFixture replay{{"/"}};
  int normal_status = 0;
  const auto tally = open_and_request(replay.port(), 1000, [&] {
    RawSocket normal{replay.port()};
    normal.send(get());
    normal_status = status_of(normal.read_response());
  });
  EXPECT_EQ(normal_status, 200) << "a client arriving amid 1000 open connections";
  EXPECT_EQ(tally.served + tally.refused, 1000);
  EXPECT_EQ(tally.hanging, 0);
  RecordProperty("served", tally.served);
  EXPECT_EQ(tally.served, 1000);
  expect_healthy(replay.port());
}

TEST(HttpServerLoadTest, OutOfDescriptorsConnectionsAreRefusedCleanly) {
  // The clients share this process's descriptor table: 450 of 700 for them
  // leaves the server about 240 before accept() fails.
  rlimit limit{};
  limit.rlim_cur = limit.rlim_max = 700;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  HttpServer server{ok, HttpServerOptions{}};
  const auto tally = open_and_request(server.port(), 450);
  RecordProperty("served", tally.served);
  RecordProperty("refused", tally.refused);
  EXPECT_EQ(tally.served + tally.refused, 450);
  EXPECT_EQ(tally.hanging, 0);
  EXPECT_GT(tally.served, 0);
  EXPECT_GT(tally.refused, 0);
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
