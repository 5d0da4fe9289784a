#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
using test::json_response;
using test::write_fixture;

Request get(std::string target) {
  return Request{.method = "GET", .target = std::move(target)};
}

class ReplayServerTest : public testing::Test {
 protected:
  void start(ServerOptions options = {}, CassetteOptions cassette_options = {}) {
    if (options.threads == 0) options.threads = 2;
    cassette_ = std::make_shared<Cassette>(dir_.path(), std::move(cassette_options));
    server_ = std::make_unique<ReplayServer>(cassette_, options);
  }
  httplib::Client client() const { return httplib::Client{"127.0.0.1", server_->port()}; }
  json admin_get(const std::string& name) const {
    auto result = client().Get("/__automock/" + name);
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    return json::parse(result->body);
  }

  test::TempDir dir_;
  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

TEST_F(ReplayServerTest, ReplaysTheRecordedResponse) {
  write_fixture(dir_.path(), {get("/v1/todos?done=false"), json_response(R"({"items":[]})")});
  start();
  auto result = client().Get("/v1/todos?done=false");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, R"({"items":[]})");
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
}

TEST_F(ReplayServerTest, IdenticalRequestsGetTheSequenceThenTheLastRepeats) {
  write_fixture(dir_.path(), {get("/n"), json_response("1"), 0});
  write_fixture(dir_.path(), {get("/n"), json_response("2"), 1});
  start();
  auto http = client();
  EXPECT_EQ(http.Get("/n")->body, "1");
  EXPECT_EQ(http.Get("/n")->body, "2");
  EXPECT_EQ(http.Get("/n")->body, "2");
}

TEST_F(ReplayServerTest, StrictSequencesAnswerAMissPastTheLastRecording) {
  write_fixture(dir_.path(), {get("/n"), json_response("1")});
  start({}, CassetteOptions{.strict_sequences = true});
  auto http = client();
  EXPECT_EQ(http.Get("/n")->status, 200);
  auto past = http.Get("/n");
  EXPECT_EQ(past->status, 404);
  EXPECT_NE(past->body.find("strict sequences"), std::string::npos);
}

TEST_F(ReplayServerTest, AMissIs404WithTheHeaderAndTheReport) {
  write_fixture(dir_.path(), {get("/v1/todos?done=false"), json_response("[]")});
  start();
  auto result = client().Get("/v1/todos?done=true");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("X-Automock"), "miss");
  EXPECT_NE(result->body.find("GET /v1/todos?done=true"), std::string::npos);
  EXPECT_NE(result->body.find("AUTOMOCK_MODE=new_episodes"), std::string::npos);
}

TEST_F(ReplayServerTest, HealthNamesTheCassetteModeAndCounts) {
  write_fixture(dir_.path(), {get("/a"), json_response("1")});
  write_fixture(dir_.path(), {get("/b"), json_response("2")});
  start();
  client().Get("/a");
  client().Get("/missing");
  const auto health = admin_get("health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["cassette"], dir_.path().string());
  EXPECT_EQ(health["mode"], "replay");
  EXPECT_EQ(health["exchanges"], 2);
  EXPECT_EQ(health["used"], 1);
  EXPECT_EQ(health["unused"], 1);
  EXPECT_EQ(health["misses"], 1);
}

TEST_F(ReplayServerTest, MissesListMethodTargetAndReport) {
  start();
  client().Post("/orders?x=1", R"({"a":1})", "application/json");
  const auto misses = admin_get("misses");
  ASSERT_EQ(misses.size(), 1u);
  EXPECT_EQ(misses[0]["method"], "POST");
  EXPECT_EQ(misses[0]["target"], "/orders?x=1");
  EXPECT_NE(misses[0]["report"].get<std::string>().find("curl"), std::string::npos);
}

TEST_F(ReplayServerTest, UnusedListsTheFilesNotPlayed) {
  write_fixture(dir_.path(), {get("/a"), json_response("1")});
  const auto b = write_fixture(dir_.path(), {get("/b"), json_response("2")});
  start();
  client().Get("/a");
  EXPECT_EQ(admin_get("unused"), json::array({b.string()}));
}

TEST_F(ReplayServerTest, ResetStartsSequencesUsageAndMissesOver) {
  write_fixture(dir_.path(), {get("/n"), json_response("1"), 0});
  write_fixture(dir_.path(), {get("/n"), json_response("2"), 1});
  start();
  auto http = client();
  http.Get("/n");
  http.Get("/missing");
  auto reset = http.Post("/__automock/reset");
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200);
  EXPECT_EQ(http.Get("/n")->body, "1");
  EXPECT_EQ(admin_get("misses"), json::array());
  EXPECT_EQ(admin_get("unused").size(), 1u);
}

TEST_F(ReplayServerTest, AdminEndpointsRefuseTheWrongMethodAndUnknownNames) {
  start();
  auto http = client();
  auto wrong = http.Get("/__automock/reset");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "POST");
  EXPECT_EQ(http.Get("/__automock/nothing")->status, 404);
}

TEST_F(ReplayServerTest, RecordedLatencyHoldsTheResponseThatLong) {
  write_fixture(dir_.path(), {get("/slow"), json_response("{}"), 0, 50.0});
  start({.latency = Latency::recorded});
  const auto begin = Clock::now();
  auto result = client().Get("/slow");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_GE(Clock::now() - begin, std::chrono::milliseconds{50});
}

TEST_F(ReplayServerTest, NoLatencyOptionIgnoresTheRecordedLatency) {
  write_fixture(dir_.path(), {get("/slow"), json_response("{}"), 0, 2000.0});
  start();
  const auto begin = Clock::now();
  EXPECT_EQ(client().Get("/slow")->status, 200);
  EXPECT_LT(Clock::now() - begin, std::chrono::milliseconds{1000});
}

TEST_F(ReplayServerTest, ADelayedResponseDoesNotDelayOtherConnections) {
  write_fixture(dir_.path(), {get("/slow"), json_response("{}"), 0, 1500.0});
  write_fixture(dir_.path(), {get("/fast"), json_response("{}")});
  // One io thread: a blocking wait would hold up the fast request.
  start({.threads = 1, .latency = Latency::recorded});
  auto slow = std::async(std::launch::async, [this] { return client().Get("/slow")->status; });
  std::this_thread::sleep_for(std::chrono::milliseconds{100});
  const auto begin = Clock::now();
  EXPECT_EQ(client().Get("/fast")->status, 200);
  EXPECT_LT(Clock::now() - begin, std::chrono::milliseconds{700});
  EXPECT_EQ(slow.get(), 200);
}

TEST_F(ReplayServerTest, AHundredConcurrentKeepAliveClientsAreAllAnswered) {
  write_fixture(dir_.path(), {get("/item"), json_response(R"({"id":1})")});
  start();
  constexpr int k_clients = 100;
  constexpr int k_requests = 20;
  std::vector<std::future<int>> answered;
  for (int i = 0; i < k_clients; ++i) {
    answered.push_back(std::async(std::launch::async, [this] {
      auto http = client();
      http.set_keep_alive(true);
      int ok = 0;
      for (int n = 0; n < k_requests; ++n) {
        auto result = http.Get("/item");
        if (result && result->status == 200 && result->body == R"({"id":1})") ++ok;
      }
      return ok;
    }));
  }
  int total = 0;
  for (auto& count : answered) total += count.get();
  EXPECT_EQ(total, k_clients * k_requests);
}

}  // namespace
}  // namespace automock
