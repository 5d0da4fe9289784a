// Replays a committed fixture through an installed automock: the embedded
// replay server answers over loopback HTTP, and the in-process transport
// answers without a socket.
#include <automock/gtest.hpp>
#include <automock/transport.hpp>

namespace {

class ConsumerTest : public automock::testing::CassetteTest {};

automock::Request list_todos() {
  return {.method = "GET",
          .target = "/v1/todos",
          .headers = {{"Accept", "application/json"}, {"Authorization", "Bearer any-token"}},
          .body = {}};
}

TEST_F(ConsumerTest, ReplaysOverTheEmbeddedServer) {
  automock::HttpTransport http{base_url()};
  const auto response = http.send(list_todos());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.get("X-Automock"), std::nullopt);
  EXPECT_NE(response.body.find("\"over http\""), std::string::npos);

  const auto in_process = transport().send(list_todos());
  EXPECT_EQ(in_process.body, response.body);
}

}  // namespace
