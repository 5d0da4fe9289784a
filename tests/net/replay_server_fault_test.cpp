// The replay server under hostile clients: slow, oversized, vanishing.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>

#include "net/raw_socket.hpp"
#include "net/replay_fixture.hpp"

namespace automock {
namespace {

using test_support::body_of;
using test_support::RawSocket;
using test_support::ReplayFixture;
using test_support::status_of;

std::string raw_get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

void expect_served(uint16_t port, const std::string& target) {
  RawSocket socket{port};
  socket.send(raw_get(target));
  const auto response = socket.read_response();
  EXPECT_EQ(status_of(response), 200);
  EXPECT_EQ(body_of(response), "recorded " + target);
}

TEST(ReplayServerFaultTest, ClientSendingOneBytePer100msIsServedWithoutHoldingUpOthers) {
  ReplayFixture replay{{"/slow", "/fast"}};
  const std::string request = "GET /slow HTTP/1.1\r\n\r\n";
  std::latch started{1};
  std::atomic<bool> slow_done{false};
  std::string slow_response;
  std::thread slow{[&] {
    RawSocket socket{replay.port()};
    for (size_t i = 0; i < request.size(); ++i) {
      socket.send(request.substr(i, 1));
      if (i == 2) started.count_down();
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    slow_response = socket.read_response();
    slow_done = true;
  }};
  started.wait();
  for (int i = 0; i < 5; ++i) expect_served(replay.port(), "/fast");
  EXPECT_FALSE(slow_done) << "the fast requests waited for the slow client";
  slow.join();
  EXPECT_EQ(status_of(slow_response), 200);
  EXPECT_EQ(body_of(slow_response), "recorded /slow");
}

TEST(ReplayServerFaultTest, HugeHeadersAreRefusedWith431AndTheServerGoesOn) {
  ReplayFixture replay{{"/a"}};
  RawSocket huge{replay.port()};
  huge.send(raw_get("/a", "X-Huge: " + std::string(256 << 10, 'h') + "\r\n"));
  EXPECT_EQ(status_of(huge.read_until_closed()), 431);
  RawSocket many{replay.port()};
  std::string fields;
  for (int i = 0; i < 5000; ++i) fields += "X-Field-" + std::to_string(i) + ": v\r\n";
  many.send(raw_get("/a", fields));
  EXPECT_EQ(status_of(many.read_until_closed()), 431);
  expect_served(replay.port(), "/a");
}

TEST(ReplayServerFaultTest, ClientsDisconnectingMidRequestLeaveNoTrace) {
  ReplayFixture replay{{"/a"}};
  RawSocket steady{replay.port()};
  steady.send(raw_get("/a"));
  EXPECT_EQ(status_of(steady.read_response()), 200);
  for (int i = 0; i < 20; ++i) {
    RawSocket mid_head{replay.port()};
    mid_head.send("GET /a HTTP/1.1\r\nHost: 127.0");
    RawSocket mid_body{replay.port()};
    mid_body.send("POST /a HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc");
    RawSocket unread{replay.port()};
    unread.send(raw_get("/a"));
  }
  steady.send(raw_get("/a"));
  EXPECT_EQ(body_of(steady.read_response()), "recorded /a");
  EXPECT_TRUE(replay.cassette().misses().empty()) << "a half request never reached the cassette";
}

}  // namespace
}  // namespace automock
