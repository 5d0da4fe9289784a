// The replay server and requests that name their origin: an absolute-form
// request is answered with what was recorded for that host, never with
// another host's recording of the same path.
#include <gtest/gtest.h>

#include "net/raw_socket.hpp"
#include "net/replay_fixture.hpp"

namespace automock::test_support {
namespace {

std::string get_over(uint16_t port, const std::string& target, const std::string& host) {
  RawSocket socket{port};
  socket.send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  return socket.read_response();
}

TEST(ReplayServerOriginTest, AnAbsoluteFormRequestGetsTheRecordingOfItsOwnHost) {
  ReplayFixture fixture{{"http://localhost:8001/v1/x", "http://localhost:8002/v1/x"}};
  // In the other order than recorded: shared keys would answer 8001's first.
  const auto second = get_over(fixture.port(), "http://LOCALHOST:8002/v1/x", "localhost:8002");
  const auto first = get_over(fixture.port(), "http://localhost:8001/v1/x", "localhost:8001");
  EXPECT_TRUE(first.ends_with("recorded http://localhost:8001/v1/x")) << first;
  EXPECT_TRUE(second.ends_with("recorded http://localhost:8002/v1/x")) << second;
  const auto relative = get_over(fixture.port(), "/v1/x", "127.0.0.1");
  EXPECT_TRUE(relative.starts_with("HTTP/1.1 404 ")) << relative;
  EXPECT_NE(relative.find("X-Automock: miss"), std::string::npos) << relative;
}

}  // namespace
}  // namespace automock::test_support
