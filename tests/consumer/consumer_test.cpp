// Replays a committed fixture through an installed automock: the embedded
// replay server answers over loopback HTTP, and the in-process transport
// answers without a socket.
#include <automock/gtest.hpp>
#include <automock/transport.hpp>
#include <cstdlib>
#include <filesystem>

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

// automock_add_replay_test set both variables for every discovered test.
TEST_F(ConsumerTest, RunsInReplayModeFromTheFixturesGivenToCMake) {
  ASSERT_NE(std::getenv("AUTOMOCK_MODE"), nullptr);
  EXPECT_STREQ(std::getenv("AUTOMOCK_MODE"), "replay");
  EXPECT_EQ(cassette().mode(), automock::Mode::replay);
  EXPECT_EQ(automock::testing::fixture_root().filename(), "fixtures");
  EXPECT_TRUE(std::filesystem::is_directory(automock::testing::fixture_root() / "ConsumerTest"));
}

}  // namespace
