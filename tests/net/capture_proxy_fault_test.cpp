// Upstream faults: each is answered with 502 or 504 and a JSON body, nothing
// is recorded, and the proxy keeps serving the next request.
#include <thread>

#include "net/capture_proxy_support.hpp"
#include "support/loopback.hpp"

namespace automock::test {
namespace {

class CaptureProxyFaultTest : public CaptureProxyTest {
 protected:
  // Routes "/bad" to `faulty` and "/good" to a working echo upstream.
  void start_with(const std::string& faulty, HttpOptions http = {}) {
    Config config;
    config.routes = {Route{.name = "bad", .prefix = "/bad", .upstream = faulty},
                     Route{.name = "good", .prefix = "/good", .upstream = good_.url()}};
    start(ProxyOptions{.config = config, .http = http});
  }

  // Sends GET /bad/x and checks the fault answer; then that /good still works.
  void expect_fault(int status, const std::string& cause, const std::string& upstream) {
    const auto result = client_->Get("/bad/x?token=abc");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status);
    EXPECT_EQ(result->get_header_value("X-Automock"), "upstream-error");
    const auto body = json_of(result);
    EXPECT_EQ(body["cause"], cause);
    EXPECT_EQ(body["upstream"], upstream);
    EXPECT_FALSE(body["error"].get<std::string>().empty());
    EXPECT_TRUE(files().empty());
    EXPECT_EQ(reported().at(0).source, Source::failed);
    const auto next = client_->Get("/good/y");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(files().size(), 1u);
    EXPECT_EQ(proxy_->summary().failed, 1u);
    EXPECT_EQ(proxy_->summary().recorded, 1u);
  }

  HttplibServer& good_ = serve(echo_server());
};

TEST_F(CaptureProxyFaultTest, RefusedConnectionIs502Connect) {
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port());
  start_with(url);
  expect_fault(502, "connect", url);
}

TEST_F(CaptureProxyFaultTest, UnresolvableHostIs502Dns) {
  start_with("http://nohost.invalid");
  expect_fault(502, "dns", "http://nohost.invalid");
}

TEST_F(CaptureProxyFaultTest, SlowUpstreamIs504Timeout) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/.*", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds{500});
    response.set_content("late", "text/plain");
  });
  auto& slow = serve(std::move(routes));
  start_with(slow.url(), HttpOptions{.read_timeout = std::chrono::milliseconds{100}});
  expect_fault(504, "timeout", slow.url());
}

TEST_F(CaptureProxyFaultTest, ConnectionClosedMidBodyIs502Reset) {
  auto& cut = serve_raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(50, 'x'));
  start_with(cut.url());
  expect_fault(502, "reset", cut.url());
}

TEST_F(CaptureProxyFaultTest, AnAnswerThatIsNotHttpIs502Protocol) {
  auto& babbler = serve_raw("SSH-2.0-OpenSSH_9.2\r\n\r\n");
  start_with(babbler.url());
  expect_fault(502, "protocol", babbler.url());
}

// cpp-httplib 0.11.4, which forwarded before, turned this into an empty 200.
TEST_F(CaptureProxyFaultTest, ACorruptBrotliBodyIs502ProtocolNotAnEmptyAnswer) {
  auto& corrupt = serve_raw(
      "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 12\r\n\r\nnot brotli!!");
  start_with(corrupt.url());
  expect_fault(502, "protocol", corrupt.url());
}

}  // namespace
}  // namespace automock::test
