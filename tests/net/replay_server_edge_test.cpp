// The replay server beyond plain replay: recording through an upstream,
// upstream failures, switching cassettes, recorded answers whose framing
// headers would corrupt the wire, and the corners of the admin endpoints.
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/server.hpp>
#include <nlohmann/json.hpp>

#include "net/raw_socket.hpp"
#include "support/fake_upstream.hpp"
#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using nlohmann::json;
using test::json_response;
using test::write_fixture;

Request get(std::string target) {
  return Request{.method = "GET", .target = std::move(target)};
}

std::shared_ptr<Cassette> open_cassette(const std::filesystem::path& directory, Mode mode) {
  return std::make_shared<Cassette>(directory,
                                    CassetteOptions{.mode = mode, .allow_network_in_ci = true});
}

class ReplayServerEdgeTest : public testing::Test {
 protected:
  httplib::Client client() const { return httplib::Client{"127.0.0.1", server_->port()}; }
  void start(std::shared_ptr<Cassette> cassette, std::shared_ptr<Transport> upstream = nullptr) {
    server_ = std::make_unique<ReplayServer>(std::move(cassette), ServerOptions{.threads = 2},
                                             std::move(upstream));
  }

  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
  std::unique_ptr<ReplayServer> server_;
};

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
  const auto result = client().Get("/v1/items");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(result->get_header_value("X-Automock"), "unrecordable");
  EXPECT_NE(result->body.find("no upstream to forward to"), std::string::npos) << result->body;
  EXPECT_NE(result->body.find("new_episodes"), std::string::npos) << result->body;
}

TEST_F(ReplayServerEdgeTest, AnUpstreamFailureAnswers502WithItsCauseAndRecordsNothing) {
  auto upstream = std::make_shared<test::FakeUpstream>([](const Request&) -> Response {
    throw TransportError(TransportError::Cause::connect, "cannot connect to the API");
  });
  auto cassette = open_cassette(dir_.path(), Mode::new_episodes);
  start(cassette, upstream);
  const auto result = client().Get("/v1/items");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(result->get_header_value("X-Automock"), "upstream-error");
  const auto body = json::parse(result->body);
  EXPECT_EQ(body["error"], "cannot connect to the API");
  EXPECT_EQ(body["cause"], "connect");
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

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

TEST_F(ReplayServerEdgeTest, RecordedFramingHeadersAreReplacedByTheServersOwn) {
  write_fixture(dir_.path(), {get("/framed"), Response{200,
                                                       {{"Content-Type", "text/plain"},
                                                        {"Transfer-Encoding", "chunked"},
                                                        {"Content-Length", "999"},
                                                        {"Connection", "close"}},
                                                       "whole body"}});
  start(open_cassette(dir_.path(), Mode::replay));
  test_support::RawSocket socket{server_->port()};
  socket.send("GET /framed HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto response = socket.read_response();
  EXPECT_EQ(test_support::status_of(response), 200);
  EXPECT_EQ(test_support::body_of(response), "whole body");
  EXPECT_NE(response.find("Content-Length: 10\r\n"), std::string::npos) << response;
  EXPECT_EQ(response.find("chunked"), std::string::npos) << response;
  // The recorded "Connection: close" does not end this keep-alive connection.
  socket.send("GET /framed HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(test_support::body_of(socket.read_response()), "whole body");
}

TEST_F(ReplayServerEdgeTest, ARecordedNoContentAnswerIsSentWithoutABody) {
  write_fixture(dir_.path(),
                {Request{.method = "DELETE", .target = "/items/1"}, Response{204, {}, ""}});
  write_fixture(dir_.path(), {get("/after"), json_response("\"next\"")});
  start(open_cassette(dir_.path(), Mode::replay));
  test_support::RawSocket socket{server_->port()};
  socket.send("DELETE /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto deleted = socket.read_response();
  EXPECT_EQ(test_support::status_of(deleted), 204);
  EXPECT_EQ(deleted.find("Content-Length"), std::string::npos) << deleted;
  EXPECT_EQ(test_support::body_of(socket.read_response()), "\"next\"");
}

TEST_F(ReplayServerEdgeTest, AnAdminPathWithAQueryIsStillTheEndpoint) {
  start(open_cassette(dir_.path(), Mode::replay));
  const auto result = client().Get("/__automock/health?verbose=1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("X-Automock"), "admin");
  EXPECT_EQ(json::parse(result->body)["status"], "ok");
}

TEST_F(ReplayServerEdgeTest, TheAdminPrefixWithoutItsSlashIsAnOrdinaryMiss) {
  start(open_cassette(dir_.path(), Mode::replay));
  const auto result = client().Get("/__automock");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(result->get_header_value("X-Automock"), "miss");
}

TEST_F(ReplayServerEdgeTest, AnUnknownAdminEndpointListsTheKnownOnes) {
  start(open_cassette(dir_.path(), Mode::replay));
  const auto result = client().Get("/__automock/");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  const auto body = json::parse(result->body);
  EXPECT_EQ(body["endpoints"], json::array({"health", "misses", "unused", "reset"}));
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

TEST_F(ReplayServerEdgeTest, TakingAPortInUseIsAnIoError) {
  start(open_cassette(dir_.path(), Mode::replay));
  EXPECT_THROW(ReplayServer(open_cassette(dir_.path(), Mode::replay),
                            ServerOptions{.port = server_->port(), .threads = 1}),
               IoError);
}

}  // namespace
}  // namespace automock
