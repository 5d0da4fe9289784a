// The replay server and web pages: a foreign Host (DNS rebinding) or Origin
// is refused, a page's simple cross-origin POST cannot reset the server,
// and a body nested too deep for the miss report cannot crash it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using nlohmann::json;

class ReplayServerGuardTest : public testing::Test {
 protected:
  // Serves two recordings of GET /n ("1" then "2").
  void start(std::vector<std::string> allowed_hosts = {}) {
    test::write_fixture(dir_.path(), {test::get("/n"), test::json_response("1"), 0});
    test::write_fixture(dir_.path(), {test::get("/n"), test::json_response("2"), 1});
    cassette_ = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
    server_ = std::make_unique<ReplayServer>(
        cassette_, ServerOptions{.threads = 1, .allowed_hosts = std::move(allowed_hosts)});
  }
  httplib::Result send(const std::string& method, const std::string& path,
                       httplib::Headers headers = {}, const std::string& content_type = "") {
    httplib::Client client{"127.0.0.1", server_->port()};
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    if (!content_type.empty()) request.set_header("Content-Type", content_type);
    return client.send(request);
  }
  static void expect_forbidden(const httplib::Result& result, const std::string& naming) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 403);
    EXPECT_EQ(result->get_header_value("X-Automock"), "forbidden");
    EXPECT_NE(json::parse(result->body)["error"].get<std::string>().find(naming), std::string::npos)
        << result->body;
  }

  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

TEST_F(ReplayServerGuardTest, ACrossOriginSimplePostCannotResetTheServer) {
  start();
  ASSERT_EQ(send("GET", "/n")->body, "1");
  expect_forbidden(
      send("POST", "/__automock/reset", {{"Origin", "http://evil.example"}}, "text/plain"),
      "Origin 'http://evil.example'");
  // No Origin (a page's form post through a redirect, or curl without the
  // header): still a simple request, still refused.
  const auto simple = send("POST", "/__automock/reset", {}, "application/x-www-form-urlencoded");
  ASSERT_TRUE(simple);
  EXPECT_EQ(simple->status, 403);
  EXPECT_NE(simple->body.find("X-Automock-Admin"), std::string::npos) << simple->body;
  EXPECT_EQ(send("GET", "/n")->body, "2") << "the sequence was reset";
}

TEST_F(ReplayServerGuardTest, AResetWithTheAdminHeaderOrAJsonTypeStartsSequencesOver) {
  start();
  for (const auto& [headers, type] : std::vector<std::pair<httplib::Headers, std::string>>{
           {{{"X-Automock-Admin", "1"}}, ""}, {{}, "application/json; charset=utf-8"}}) {
    ASSERT_EQ(send("GET", "/n")->body, "1");
    const auto reset = send("POST", "/__automock/reset", headers, type);
    ASSERT_TRUE(reset);
    EXPECT_EQ(reset->status, 200) << reset->body;
  }
  EXPECT_EQ(send("GET", "/n")->body, "1");
}

TEST_F(ReplayServerGuardTest, AForeignHostIsRefusedOnRecordingsAndAdminEndpoints) {
  start();
  const std::string port = std::to_string(server_->port());
  for (const char* path : {"/n", "/__automock/misses", "/__automock/health"}) {
    expect_forbidden(send("GET", path, {{"Host", "rebind.evil.example:" + port}}),
                     "Host 'rebind.evil.example:" + port + "'");
  }
  EXPECT_TRUE(cassette_->misses().empty());
  EXPECT_EQ(send("GET", "/n", {{"Host", "localhost:" + port}})->body, "1");
}

TEST_F(ReplayServerGuardTest, AMissWithJsonNestedAMillionDeepIsA404AndTheServerGoesOn) {
  test::write_fixture(dir_.path(), {test::post_json("/n", R"({"a":1})"), test::json_response("3")});
  start();
  const auto deep = test::deeply_nested_json(1'000'000);
  httplib::Client client{"127.0.0.1", server_->port()};
  client.set_read_timeout(std::chrono::seconds{60});  // 2 MB scanned for secrets, sanitized
  const auto miss = client.Post("/n", deep, "application/json");
  ASSERT_TRUE(miss);
  EXPECT_EQ(miss->status, 404);
  EXPECT_EQ(miss->get_header_value("X-Automock"), "miss");
  EXPECT_EQ(send("GET", "/n")->body, "1");
}

TEST_F(ReplayServerGuardTest, AnAllowedHostAndItsOriginAreServed) {
  start({"automock.internal"});
  const auto result = send(
      "GET", "/n", {{"Host", "automock.internal:8080"}, {"Origin", "http://automock.internal"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "1");
}

}  // namespace
}  // namespace automock
