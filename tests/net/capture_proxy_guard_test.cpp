// The capture proxy and web pages (foreign Host and Origin are refused before
// anything is forwarded or recorded), and loops: an upstream that is the
// proxy itself, and two proxies pointing at each other.
#include <atomic>

#include "net/capture_proxy_support.hpp"
#include "net/raw_socket.hpp"
#include "support/loopback.hpp"

namespace automock::test {
namespace {

class CaptureProxyGuardTest : public CaptureProxyTest {
 protected:
  // An upstream that counts what reaches it and answers with the Via it got.
  HttplibServer& counting_upstream() {
    auto routes = std::make_unique<httplib::Server>();
    const auto answer = [this](const httplib::Request& request, httplib::Response& response) {
      ++upstream_calls_;
      response.set_content(request.get_header_value("Via"), "text/plain");
    };
    routes->Get("/.*", answer);
    routes->Post("/.*", answer);
    return serve(std::move(routes));
  }

  void expect_refused(const httplib::Result& result, int status, const std::string& marker) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status);
    EXPECT_EQ(result->get_header_value("X-Automock"), marker);
    EXPECT_EQ(upstream_calls_, 0);
    EXPECT_TRUE(files().empty());
    ASSERT_EQ(reported().size(), 1u);
    EXPECT_EQ(reported()[0].source, Source::failed);
    EXPECT_EQ(reported()[0].reason, json_of(result)["error"]);
  }

  std::atomic<int> upstream_calls_{0};
};

TEST_F(CaptureProxyGuardTest, AForeignOriginIsRefusedNotForwardedNotRecorded) {
  start_to(counting_upstream().url());
  expect_refused(send(*client_, "POST", "/v1/account/delete", R"({"really":true})",
                      {{"Origin", "https://evil.example"}}),
                 403, "forbidden");
  EXPECT_NE(reported()[0].reason.find("Origin 'https://evil.example'"), std::string::npos);
}

TEST_F(CaptureProxyGuardTest, AForeignHostIsRefusedNotForwardedNotRecorded) {
  start_to(counting_upstream().url());
  expect_refused(send(*client_, "GET", "/v1/secrets", "", {{"Host", "rebind.evil.example:8080"}}),
                 403, "forbidden");
}

// Absolute-form requests (a client that took the reverse proxy for a forward one).

TEST_F(CaptureProxyGuardTest, AnAbsoluteFormRequestForAnotherHostIs421NotForwardedNotRecorded) {
  const auto& upstream = counting_upstream();
  start_to(upstream.url());
  test_support::RawSocket socket{proxy_->port()};
  socket.send("GET http://localhost:1/v1/x HTTP/1.1\r\nHost: localhost:1\r\n\r\n");
  const auto answer = socket.read_response();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 421 ")) << answer;
  EXPECT_NE(answer.find("X-Automock: misdirected"), std::string::npos) << answer;
  const auto body = nlohmann::json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
  EXPECT_EQ(body["origin"], "http://localhost:1");
  EXPECT_EQ(body["upstream"], upstream.url());
  EXPECT_NE(body["error"].get<std::string>().find("not a forward proxy"), std::string::npos);
  EXPECT_EQ(upstream_calls_, 0);
  EXPECT_TRUE(files().empty());
  ASSERT_EQ(reported().size(), 1u);
  EXPECT_EQ(reported()[0].source, Source::failed);
}

TEST_F(CaptureProxyGuardTest, AnAbsoluteFormRequestForTheUpstreamItselfIsForwardedAsAPath) {
  const auto& upstream = counting_upstream();
  start_to(upstream.url());
  test_support::RawSocket socket{proxy_->port()};
  socket.send("GET " + upstream.url() + "/v1/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_TRUE(socket.read_response().starts_with("HTTP/1.1 200 "));
  EXPECT_EQ(upstream_calls_, 1);
  ASSERT_EQ(files().size(), 1u);
  const auto exchange = read_fixture(files()[0]);
  EXPECT_EQ(exchange.request.target, "/v1/x");
  EXPECT_EQ(exchange.route, "");
}

TEST_F(CaptureProxyGuardTest, ALoopbackOriginIsForwardedAndRecorded) {
  start_to(counting_upstream().url());
  const auto result = send(*client_, "GET", "/v1/ok", "", {{"Origin", "http://localhost:3000"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(upstream_calls_, 1);
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(CaptureProxyGuardTest, ForwardedRequestsCarryAViaMarkThatIsNotRecorded) {
  start_to(counting_upstream().url());
  const auto via = client_->Get("/v1/via");
  ASSERT_TRUE(via);
  EXPECT_TRUE(via->body.starts_with("1.1 automock-")) << via->body;
  ASSERT_EQ(files().size(), 1u);
  EXPECT_EQ(read_fixture(files()[0]).request.headers.get("Via"), std::nullopt);
  // The same mark coming back means the upstream leads back here.
  const auto looped = send(*client_, "GET", "/v1/again", "", {{"Via", "1.0 other, " + via->body}});
  ASSERT_TRUE(looped);
  EXPECT_EQ(looped->status, 508);
  EXPECT_EQ(looped->get_header_value("X-Automock"), "loop");
  EXPECT_EQ(upstream_calls_, 1);
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(CaptureProxyGuardTest, TwoProxiesPointingAtEachOtherEndIn508WithinAFewRequests) {
  const int port_a = closed_port();
  const int port_b = closed_port();
  std::atomic<int> seen_a{0};
  std::atomic<int> seen_b{0};
  const auto proxy = [&](int port, int upstream_port, std::atomic<int>& seen, const char* name) {
    return std::make_unique<CaptureProxy>(
        ProxyOptions{.port = static_cast<uint16_t>(port),
                     .cassette = dir_.path() / name,
                     .upstream = "http://127.0.0.1:" + std::to_string(upstream_port),
                     .on_exchange = [&seen](const ProxyExchange&) { ++seen; }});
  };
  auto a = proxy(port_a, port_b, seen_a, "a");
  auto b = proxy(port_b, port_a, seen_b, "b");
  httplib::Client client{a->base_url()};
  client.set_read_timeout(std::chrono::seconds{10});
  const auto result = client.Get("/loop");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 508);
  EXPECT_EQ(result->get_header_value("X-Automock"), "loop");
  b->stop();
  a->stop();
  EXPECT_EQ(seen_a, 2);  // the client's request, then its own coming back
  EXPECT_EQ(seen_b, 1);
  EXPECT_EQ(a->summary().recorded + b->summary().recorded, 0u);
  EXPECT_TRUE(fs::is_empty(dir_.path() / "a"));
  EXPECT_TRUE(fs::is_empty(dir_.path() / "b"));
}

TEST_F(CaptureProxyGuardTest, AnUpstreamThatIsTheProxyItselfIsRefusedBeforeTouchingTheDisk) {
  const int port = closed_port();
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    try {
      start(ProxyOptions{.port = static_cast<uint16_t>(port),
                         .upstream = "http://" + host + ":" + std::to_string(port)});
      ADD_FAILURE() << host << ": not refused";
    } catch (const InputError& error) {
      EXPECT_NE(std::string{error.what()}.find("own address"), std::string::npos) << error.what();
    }
    EXPECT_FALSE(fs::exists(cassette_dir()));
  }
}

}  // namespace
}  // namespace automock::test
