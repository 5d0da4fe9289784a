// The capture proxy and the replay server answer the same fault the same way.
#include <automock/cassette.hpp>
#include <automock/server.hpp>
#include <thread>

#include "net/capture_proxy_support.hpp"

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

  static void expect_timeout_answer(const httplib::Result& result, const std::string& upstream) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 504);
    EXPECT_EQ(result->get_header_value("X-Automock"), "upstream-error");
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    const auto body = json_of(result);
    EXPECT_EQ(body.size(), 3u) << body;
    EXPECT_EQ(body["cause"], "timeout");
    EXPECT_EQ(body["upstream"], upstream);
    EXPECT_TRUE(body["error"].is_string()) << body;
  }
};

TEST_F(CassetteFrontTest, AnUpstreamTimeoutIs504WithTheSameJsonBodyFromBothServers) {
  auto& slow = slow_upstream();
  const HttpOptions http{.read_timeout = std::chrono::milliseconds{100}};
  start(ProxyOptions{.upstream = slow.url(), .http = http});
  expect_timeout_answer(client_->Get("/x"), slow.url());
  expect_timeout_answer(through_replay_server(slow.url(), http), slow.url());
}

}  // namespace
}  // namespace automock::test
