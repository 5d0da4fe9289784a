// GET /__automock/requests: the replay server's journal of the requests it
// answered, as a suite in another language reads it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <nlohmann/json.hpp>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using nlohmann::json;

class ReplayJournalTest : public testing::Test {
 protected:
  void start(size_t journal_size = 10'000) {
    a_ = test::write_fixture(dir_.path(), {test::get("/a"), test::json_response("1")})
             .filename()
             .string();
    b_ = test::write_fixture(dir_.path(), {test::get("/b"), test::json_response("2")})
             .filename()
             .string();
    cassette_ = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
    server_ = std::make_unique<ReplayServer>(
        cassette_, ServerOptions{.threads = 2, .journal_size = journal_size});
  }
  httplib::Client client() const { return httplib::Client{"127.0.0.1", server_->port()}; }
  json journal() const { return json::parse(client().Get("/__automock/requests")->body); }

  test::TempDir dir_;
  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  std::string a_;
  std::string b_;
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

TEST_F(ReplayJournalTest, ListsExactlyTheRequestsSentWithTheirFixturesAndCounts) {
  start();
  cassette_->faults().add({{FaultMatch{.path = "/b", .call = 2}, Fault{.status = 503}}});
  auto http = client();
  http.Get("/a");
  http.Get("/b");
  http.Get("/a?x=1");  // a miss: the query differs
  http.Get("/b");      // the fault
  http.Get("/a");
  http.Get("/__automock/health");  // admin requests are not journaled
  const auto listed = journal();
  const auto entry = [](std::string target, int status, std::string answered) {
    return json{{"method", "GET"}, {"target", target}, {"status", status}, {"answered", answered}};
  };
  auto expected = json::array({entry("/a", 200, "replayed"), entry("/b", 200, "replayed"),
                               entry("/a?x=1", 404, "miss"), entry("/b", 503, "fault"),
                               entry("/a", 200, "replayed")});
  expected[0]["fixture"] = expected[4]["fixture"] = a_;
  expected[1]["fixture"] = b_;
  EXPECT_EQ(listed["requests"], expected);
  EXPECT_EQ(listed["dropped"], 0);
  EXPECT_EQ(listed["fixture_calls"], (json{{a_, 2}, {b_, 1}}));
  EXPECT_EQ(listed["answered"], (json{{"replayed", 3}, {"miss", 1}, {"fault", 1}}));
}

TEST_F(ReplayJournalTest, ResetClearsTheJournal) {
  start();
  auto http = client();
  http.Get("/a");
  ASSERT_TRUE(http.Post("/__automock/reset", httplib::Headers{{"X-Automock-Admin", "1"}}, "", ""));
  http.Get("/b");
  const auto listed = journal();
  ASSERT_EQ(listed["requests"].size(), 1u);
  EXPECT_EQ(listed["requests"][0]["target"], "/b");
  EXPECT_EQ(listed["fixture_calls"], (json{{b_, 1}}));
}

TEST_F(ReplayJournalTest, StaysWithinItsBoundAndCountsWhatItDropped) {
  start(50);
  auto http = client();
  for (int i = 0; i < 300; ++i) http.Get(i % 2 == 0 ? "/a" : "/b");
  const auto listed = journal();
  EXPECT_EQ(listed["requests"].size(), 50u);
  EXPECT_EQ(listed["dropped"], 250);
  EXPECT_EQ(listed["fixture_calls"], (json{{a_, 150}, {b_, 150}}));
}

}  // namespace
}  // namespace automock
