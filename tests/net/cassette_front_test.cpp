// The capture proxy and the replay server answer the same fault the same way.
#include <gmock/gmock.h>

#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <fstream>
#include <thread>

#include "net/capture_proxy_support.hpp"
#include "support/fixture_writer.hpp"
#include "support/loopback.hpp"
#include "support/requests.hpp"

namespace automock::test {
namespace {

class CassetteFrontTest : public CaptureProxyTest {
 protected:
  // An upstream that answers after 500 ms: past the 100 ms read timeout.
  HttplibServer& slow_upstream() {
    auto routes = std::make_unique<httplib::Server>();
    routes->Get("/.*", [](const httplib::Request&, httplib::Response& response) {
      std::this_thread::sleep_for(std::chrono::milliseconds{500});
      response.set_content("late", "text/plain");
    });
    return serve(std::move(routes));
  }

  // GET /x through a replay server recording from `upstream`.
  httplib::Result through_replay_server(const std::string& upstream, const HttpOptions& http) {
    auto cassette = std::make_shared<Cassette>(
        dir_.path() / "replay",
        CassetteOptions{.mode = Mode::new_episodes, .allow_network_in_ci = true});
    ReplayServer server{cassette, ServerOptions{.threads = 1},
                        std::make_shared<HttpTransport>(upstream, http)};
    httplib::Client client{server.base_url()};
    client.set_read_timeout(std::chrono::seconds{10});
    return client.Get("/x");
  }

  // The documented fault answer: status, marker, JSON {"error", "upstream", "cause"}.
  static void expect_fault(const httplib::Result& result, int status, const std::string& cause,
                           const std::string& upstream) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status);
    EXPECT_EQ(result->get_header_value("X-Automock"), "upstream-error");
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    const auto body = json_of(result);
    EXPECT_EQ(body.size(), 3u) << body;
    EXPECT_EQ(body["cause"], cause);
    EXPECT_EQ(body["upstream"], upstream);
    EXPECT_TRUE(body["error"].is_string()) << body;
  }
};

TEST_F(CassetteFrontTest, AnUpstreamTimeoutIs504WithTheSameJsonBodyFromBothServers) {
  auto& slow = slow_upstream();
  const HttpOptions http{.read_timeout = std::chrono::milliseconds{100}};
  start(ProxyOptions{.upstream = slow.url(), .http = http});
  expect_fault(client_->Get("/x"), 504, "timeout", slow.url());
  expect_fault(through_replay_server(slow.url(), http), 504, "timeout", slow.url());
}

TEST_F(CassetteFrontTest, ARefusedConnectionIs502WithTheSameJsonBodyFromBothServers) {
  const std::string refusing = "http://127.0.0.1:" + std::to_string(closed_port());
  start(ProxyOptions{.upstream = refusing});
  expect_fault(client_->Get("/x"), 502, "connect", refusing);
  expect_fault(through_replay_server(refusing, {}), 502, "connect", refusing);
}

// A fixture file the cassette cannot read is the cassette's fault: 500 naming
// the file, from both servers (before: 502 "the exchange cannot be recorded").
TEST_F(CassetteFrontTest, AnUnreadableFixtureIs500NamingItFromBothServers) {
  const auto file = write_fixture(cassette_dir(), {get("/x"), json_response("{}")});
  std::ofstream(file, std::ios::trunc) << "{ not json";
  start(ProxyOptions{.mode = Mode::replay, .upstream = "http://127.0.0.1:9"});
  auto cassette = std::make_shared<Cassette>(cassette_dir(), CassetteOptions{.mode = Mode::replay});
  ReplayServer server{cassette, ServerOptions{.threads = 1}};
  httplib::Client replay{server.base_url()};
  for (const auto& result : {client_->Get("/x"), replay.Get("/x")}) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 500);
    EXPECT_EQ(result->get_header_value("X-Automock"), "bad-fixture");
    const auto body = json_of(result);
    EXPECT_EQ(body["fixture"], file.string());
    EXPECT_THAT(body["error"].get<std::string>(),
                ::testing::StartsWith("a recording cannot be read: " + file.string() + ": "));
  }
}

}  // namespace
}  // namespace automock::test
