// The replay server: replay, recording through an upstream, switching
// cassettes, recorded answers whose framing headers would corrupt the wire,
// the admin endpoints, latency and load.
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/server.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "net/raw_socket.hpp"
#include "support/fake_upstream.hpp"
#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
using test::get;
using test::json_response;
using test::write_fixture;

std::shared_ptr<Cassette> open_cassette(const std::filesystem::path& directory, Mode mode) {
  return std::make_shared<Cassette>(directory,
                                    CassetteOptions{.mode = mode, .allow_network_in_ci = true});
}

class ReplayServerTest : public testing::Test {
 protected:
  void start(ServerOptions options = {}, CassetteOptions cassette_options = {}) {
    if (options.threads == 0) options.threads = 2;
    cassette_ = std::make_shared<Cassette>(dir_.path(), std::move(cassette_options));
    server_ = std::make_unique<ReplayServer>(cassette_, options);
  }
  // Serves `cassette` on two threads, forwarding to `upstream` when it records.
  void start(std::shared_ptr<Cassette> cassette, std::shared_ptr<Transport> upstream = nullptr) {
    cassette_ = cassette;
    server_ = std::make_unique<ReplayServer>(std::move(cassette), ServerOptions{.threads = 2},
                                             std::move(upstream));
  }
  httplib::Client client() const { return httplib::Client{"127.0.0.1", server_->port()}; }
  json admin_get(const std::string& name) const {
    auto result = client().Get("/__automock/" + name);
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    return json::parse(result->body);
  }
  // The body of the answer to GET `target`, which must have `status` and be
  // marked `kind` by X-Automock.
  std::string body_of_get(const std::string& target, int status, const std::string& kind) const {
    const auto result = client().Get(target);
    if (!result) {
      ADD_FAILURE() << "no answer to GET " << target;
      return "";
    }
    EXPECT_EQ(result->status, status) << target;
    EXPECT_EQ(result->get_header_value("X-Automock"), kind) << target;
    return result->body;
  }

  test::TempDir dir_;
  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

// The replay server beyond plain replay, kept as its own suite.
class ReplayServerEdgeTest : public ReplayServerTest {};

// Replay.

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
  const auto body = body_of_get("/v1/todos?done=true", 404, "miss");
  EXPECT_NE(body.find("GET /v1/todos?done=true"), std::string::npos);
  EXPECT_NE(body.find("AUTOMOCK_MODE=new_episodes"), std::string::npos);
}

// Recording through an upstream, and its failures.

TEST_F(ReplayServerEdgeTest, NewEpisodesRecordsWhatItForwardsForALaterReplay) {
  auto upstream = std::make_shared<test::FakeUpstream>(
      [](const Request&) { return json_response(R"({"id":7})", 201); });
  start(open_cassette(dir_.path(), Mode::new_episodes), upstream);
  auto http = client();
  const auto recorded = http.Post("/v1/items", R"({"title":"a"})", "application/json");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->status, 201);
  ASSERT_EQ(upstream->calls(), 1u);
  EXPECT_EQ(upstream->seen()[0].body, R"({"title":"a"})");

  server_->serve(open_cassette(dir_.path(), Mode::replay));
  const auto replayed = http.Post("/v1/items", R"({"title":"a"})", "application/json");
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->status, 201);
  EXPECT_EQ(replayed->body, R"({"id":7})");
  EXPECT_EQ(upstream->calls(), 1u);
}

TEST_F(ReplayServerEdgeTest, ARecordingModeWithoutAnUpstreamAnswers502SayingSo) {
  start(open_cassette(dir_.path(), Mode::new_episodes));
  const auto body = body_of_get("/v1/items", 502, "unrecordable");
  EXPECT_NE(body.find("no upstream to forward to"), std::string::npos) << body;
  EXPECT_NE(body.find("new_episodes"), std::string::npos) << body;
}

TEST_F(ReplayServerEdgeTest, AnUpstreamFailureAnswers502WithItsCauseAndRecordsNothing) {
  auto upstream = std::make_shared<test::FakeUpstream>([](const Request&) -> Response {
    throw TransportError(TransportError::Cause::connect, "cannot connect to the API");
  });
  auto cassette = open_cassette(dir_.path(), Mode::new_episodes);
  start(cassette, upstream);
  const auto body = json::parse(body_of_get("/v1/items", 502, "upstream-error"));
  EXPECT_EQ(body["error"], "cannot connect to the API");
  EXPECT_EQ(body["cause"], "connect");
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

// Switching cassettes.

TEST_F(ReplayServerEdgeTest, ServeSwitchesEveryLaterRequestToTheNewCassette) {
  test::TempDir other;
  write_fixture(dir_.path(), {get("/a"), json_response("\"first\"")});
  write_fixture(other.path(), {get("/a"), json_response("\"second\"")});
  start(open_cassette(dir_.path(), Mode::replay));
  auto http = client();
  EXPECT_EQ(http.Get("/a")->body, "\"first\"");
  server_->serve(open_cassette(other.path(), Mode::replay));
  EXPECT_EQ(http.Get("/a")->body, "\"second\"");
  const auto health = json::parse(http.Get("/__automock/health")->body);
  EXPECT_EQ(health["cassette"], other.path().string());
}

TEST_F(ReplayServerEdgeTest, ServeWithAnUpstreamLetsAReplayServerStartRecording) {
  start(open_cassette(dir_.path(), Mode::replay));
  auto http = client();
  EXPECT_EQ(http.Get("/new")->status, 404);
  auto upstream = std::make_shared<test::FakeUpstream>(
      [](const Request&) { return json_response("\"live\""); });
  server_->serve(open_cassette(dir_.path(), Mode::new_episodes), upstream);
  EXPECT_EQ(http.Get("/new")->body, "\"live\"");
  EXPECT_EQ(upstream->calls(), 1u);
}

// Recorded answers on the wire.

TEST_F(ReplayServerEdgeTest, RecordedFramingHeadersAreReplacedByTheServersOwn) {
  write_fixture(dir_.path(), {get("/framed"), Response{200,
                                                       {{"Content-Type", "text/plain"},
                                                        {"Transfer-Encoding", "chunked"},
                                                        {"Content-Length", "999"},
                                                        {"Connection", "close"}},
                                                       "whole body"}});
  start(open_cassette(dir_.path(), Mode::replay));
  test_support::RawSocket socket{server_->port()};
  socket.send("GET /framed HTTP/1.1\r\nHost: localhost\r\n\r\n");
  const auto response = socket.read_response();
  EXPECT_EQ(test_support::status_of(response), 200);
  EXPECT_EQ(test_support::body_of(response), "whole body");
  EXPECT_NE(response.find("Content-Length: 10\r\n"), std::string::npos) << response;
  EXPECT_EQ(response.find("chunked"), std::string::npos) << response;
  // The recorded "Connection: close" does not end this keep-alive connection.
  socket.send("GET /framed HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(test_support::body_of(socket.read_response()), "whole body");
}

TEST_F(ReplayServerEdgeTest, ARecordedNoContentAnswerIsSentWithoutABody) {
  write_fixture(dir_.path(),
                {Request{.method = "DELETE", .target = "/items/1"}, Response{204, {}, ""}});
  write_fixture(dir_.path(), {get("/after"), json_response("\"next\"")});
  start(open_cassette(dir_.path(), Mode::replay));
  test_support::RawSocket socket{server_->port()};
  socket.send(
      "DELETE /items/1 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /after "
      "HTTP/1.1\r\nHost: localhost\r\n\r\n");
  const auto deleted = socket.read_response();
  EXPECT_EQ(test_support::status_of(deleted), 204);
  EXPECT_EQ(deleted.find("Content-Length"), std::string::npos) << deleted;
  EXPECT_EQ(test_support::body_of(socket.read_response()), "\"next\"");
}

// The admin endpoints.

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

TEST_F(ReplayServerEdgeTest, HealthCountsOnlyFixtureFiles) {
  write_fixture(dir_.path(), {get("/a"), json_response("1")});
  dir_.write("automock.json", "{}");
  dir_.write("README.md", "notes");
  start(open_cassette(dir_.path(), Mode::replay));
  const auto health = json::parse(client().Get("/__automock/health")->body);
  EXPECT_EQ(health["exchanges"], 1);
  EXPECT_EQ(health["used"], 0);
  EXPECT_EQ(health["unused"], 1);
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

TEST_F(ReplayServerTest, ResetStartsSequencesAndMissesOverAndKeepsUsage) {
  write_fixture(dir_.path(), {get("/n"), json_response("1"), 0});
  const auto second = write_fixture(dir_.path(), {get("/n"), json_response("2"), 1});
  write_fixture(dir_.path(), {get("/m"), json_response("3")});
  start();
  auto http = client();
  http.Get("/m");
  http.Get("/missing");
  auto reset = http.Post("/__automock/reset", httplib::Headers{{"X-Automock-Admin", "1"}}, "", "");
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200);
  EXPECT_EQ(http.Get("/n")->body, "1");
  EXPECT_EQ(admin_get("misses"), json::array());
  EXPECT_EQ(admin_get("unused"), json::array({second.string()}));  // /m's play survived
}

TEST_F(ReplayServerTest, ForgetUsageMakesEveryFileUnplayedAgain) {
  const auto a = write_fixture(dir_.path(), {get("/a"), json_response("1")});
  start();
  auto http = client();
  http.Get("/a");
  ASSERT_EQ(admin_get("unused"), json::array());
  EXPECT_EQ(http.Post("/__automock/forget-usage", "", "text/plain")->status, 403);
  EXPECT_EQ(admin_get("unused"), json::array());
  auto forgot = http.Post("/__automock/forget-usage", "{}", "application/json");
  ASSERT_TRUE(forgot);
  EXPECT_EQ(forgot->status, 200);
  EXPECT_EQ(admin_get("unused"), json::array({a.string()}));
}

TEST_F(ReplayServerTest, AdminEndpointsRefuseTheWrongMethodAndUnknownNames) {
  start();
  auto http = client();
  auto wrong = http.Get("/__automock/reset");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "POST");
  EXPECT_EQ(http.Get("/__automock/nothing")->status, 404);
}

TEST_F(ReplayServerEdgeTest, AnAdminPathWithAQueryIsStillTheEndpoint) {
  start(open_cassette(dir_.path(), Mode::replay));
  EXPECT_EQ(json::parse(body_of_get("/__automock/health?verbose=1", 200, "admin"))["status"], "ok");
}

TEST_F(ReplayServerEdgeTest, TheAdminPrefixWithoutItsSlashIsAnOrdinaryMiss) {
  start(open_cassette(dir_.path(), Mode::replay));
  body_of_get("/__automock", 404, "miss");
}

TEST_F(ReplayServerEdgeTest, AnUnknownAdminEndpointListsTheKnownOnes) {
  start(open_cassette(dir_.path(), Mode::replay));
  const auto result = client().Get("/__automock/");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  const auto body = json::parse(result->body);
  EXPECT_EQ(body["endpoints"], json::array({"health", "misses", "unused", "reset", "forget-usage",
                                            "requests", "faults"}));
  EXPECT_NE(body["error"].get<std::string>().find("/__automock/"), std::string::npos);
}

TEST_F(ReplayServerEdgeTest, ReadOnlyAdminEndpointsRefusePostWithAllowGet) {
  start(open_cassette(dir_.path(), Mode::replay));
  auto http = client();
  for (const char* name : {"health", "misses", "unused"}) {
    const auto result = http.Post(std::string{"/__automock/"} + name);
    ASSERT_TRUE(result) << name;
    EXPECT_EQ(result->status, 405) << name;
    EXPECT_EQ(result->get_header_value("Allow"), "GET") << name;
  }
}

// Latency, load and the port.

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

TEST_F(ReplayServerEdgeTest, TakingAPortInUseIsAnIoError) {
  start(open_cassette(dir_.path(), Mode::replay));
  EXPECT_THROW(ReplayServer(open_cassette(dir_.path(), Mode::replay),
                            ServerOptions{.port = server_->port(), .threads = 1}),
               IoError);
}

}  // namespace
}  // namespace automock
