// The forward proxy, driven by libcurl as a client with a fixed base URL
// would be: CONNECT tunnels intercepted with automock's CA (recorded by
// CaptureProxy, replayed by ReplayServer with no upstream left), hosts left
// out of `intercept` spliced untouched, and the refusals.
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <automock/cassette.hpp>
#include <automock/proxy.hpp>
#include <automock/server.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "net/raw_socket.hpp"
#include "support/httplib_server.hpp"
#include "support/loopback.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;

struct Fetched {
  CURLcode code = CURLE_OK;
  long status = 0;
  long connect_status = 0;  // the proxy's answer to CONNECT
  long connects = 0;        // connections this transfer opened
  std::string body;
};

size_t append(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// One libcurl handle, reused (keep-alive) across fetches through `proxy`.
class Client {
 public:
  Client(std::string proxy, fs::path ca) : proxy_(std::move(proxy)), ca_(std::move(ca)) {}
  ~Client() { curl_easy_cleanup(curl_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Fetched fetch(const std::string& url, const std::string& post = {}) {
    Fetched fetched;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_PROXY, proxy_.c_str());
    curl_easy_setopt(curl_, CURLOPT_CAINFO, ca_.c_str());
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &fetched.body);
    if (!post.empty()) curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, post.c_str());
    fetched.code = curl_easy_perform(curl_);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &fetched.status);
    curl_easy_getinfo(curl_, CURLINFO_HTTP_CONNECTCODE, &fetched.connect_status);
    curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &fetched.connects);
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    return fetched;
  }

 private:
  CURL* curl_ = curl_easy_init();
  std::string proxy_;
  fs::path ca_;
};

// A loopback https server whose certificate names `host`, answering
// "<name> <method> <path> <body>".
std::unique_ptr<test::HttplibServer> tls_upstream(const fs::path& dir, const std::string& name,
                                                  const std::string& host) {
  const auto key = dir / (name + ".key");
  const auto cert = dir / (name + ".pem");
  EXPECT_TRUE(test::make_self_signed_certificate(key, cert, host));
  auto routes = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
  auto answer = [name](const httplib::Request& request, httplib::Response& response) {
    response.set_content(name + " " + request.method + " " + request.path + " " + request.body,
                         "text/plain");
  };
  routes->Get(".*", answer);
  routes->Post(".*", answer);
  return std::make_unique<test::HttplibServer>(std::move(routes));
}

class ForwardProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    one_ = tls_upstream(dir_.path(), "one", "127.0.0.1");
    two_ = tls_upstream(dir_.path(), "two", "localhost");
    std::ofstream bundle{trusted()};
    bundle << std::ifstream{dir_.path() / "one.pem"}.rdbuf()
           << std::ifstream{dir_.path() / "two.pem"}.rdbuf();
  }

  ProxyOptions forward_options(std::vector<std::string> intercept = {}) const {
    ProxyOptions options;
    options.forward = true;
    options.cassette = cassette();
    options.ca_directory = ca_directory();
    options.intercept = std::move(intercept);
    options.http.ca_file = trusted().string();
    options.allow_network_in_ci = true;  // loopback upstreams
    return options;
  }

  fs::path cassette() const { return dir_.path() / "cassette"; }
  fs::path ca_directory() const { return dir_.path() / "ca"; }
  fs::path trusted() const { return dir_.path() / "trusted.pem"; }
  fs::path ca_file() const { return ca_directory() / "ca.pem"; }
  std::string one_url() const { return "https://127.0.0.1:" + std::to_string(one_->port()); }
  std::string two_url() const { return "https://localhost:" + std::to_string(two_->port()); }
  size_t fixture_count() const {
    if (!fs::exists(cassette())) return 0;
    return static_cast<size_t>(std::distance(fs::directory_iterator{cassette()}, {}));
  }

  test::TempDir dir_;
  std::unique_ptr<test::HttplibServer> one_;
  std::unique_ptr<test::HttplibServer> two_;
};

TEST_F(ForwardProxyTest, RecordsTwoHostsThroughTunnelsAndReplaysThemWithoutNetwork) {
  const auto one = one_url();
  const auto two = two_url();
  std::vector<Fetched> recorded;
  {
    CaptureProxy proxy{forward_options()};
    EXPECT_EQ(proxy.ca_file(), ca_file());
    Client client{proxy.base_url(), ca_file()};
    recorded.push_back(client.fetch(one + "/items"));
    recorded.push_back(client.fetch(one + "/items", "{\"a\":1}"));
    recorded.push_back(client.fetch(two + "/items"));
    EXPECT_EQ(proxy.summary().recorded, 3u);
  }
  ASSERT_EQ(recorded[0].code, CURLE_OK) << curl_easy_strerror(recorded[0].code);
  EXPECT_EQ(recorded[0].body, "one GET /items ");
  EXPECT_EQ(recorded[0].connect_status, 200);
  EXPECT_EQ(recorded[1].body, "one POST /items {\"a\":1}");
  EXPECT_EQ(recorded[1].connects, 0) << "the tunnel is kept alive";
  EXPECT_EQ(recorded[2].body, "two GET /items ");
  EXPECT_EQ(fixture_count(), 3u);
  one_.reset();
  two_.reset();

  CassetteOptions replay;
  replay.mode = Mode::replay;
  ReplayServer server{std::make_shared<Cassette>(cassette(), replay),
                      ServerOptions{.forward = true, .ca_directory = ca_directory()}};
  EXPECT_EQ(server.ca_file(), ca_file());
  Client client{server.base_url(), server.ca_file()};
  EXPECT_EQ(client.fetch(one + "/items").body, recorded[0].body);
  EXPECT_EQ(client.fetch(one + "/items", "{\"a\":1}").body, recorded[1].body);
  EXPECT_EQ(client.fetch(two + "/items").body, recorded[2].body);
  const auto missed = client.fetch(two + "/never");
  EXPECT_EQ(missed.status, 404);
  EXPECT_NE(missed.body.find("/never"), std::string::npos) << missed.body;
}

TEST_F(ForwardProxyTest, AHostOutsideInterceptIsTunnelledUntouchedAndNotRecorded) {
  auto options = forward_options({"api.*", "localhost"});
  std::vector<ProxyExchange> reported;  // on_exchange calls come one at a time
  options.on_exchange = [&](const ProxyExchange& exchange) { reported.push_back(exchange); };
  CaptureProxy proxy{std::move(options)};
  Client trusting_upstream{proxy.base_url(), dir_.path() / "one.pem"};
  const auto fetched = trusting_upstream.fetch(one_url() + "/secret");
  ASSERT_EQ(fetched.code, CURLE_OK) << curl_easy_strerror(fetched.code);
  EXPECT_EQ(fetched.body, "one GET /secret ") << "the upstream's own certificate, end to end";
  Client trusting_automock{proxy.base_url(), ca_file()};
  EXPECT_EQ(trusting_automock.fetch(two_url() + "/x").body, "two GET /x ") << "intercepted";
  proxy.stop();
  EXPECT_EQ(proxy.summary().recorded, 1u);
  EXPECT_EQ(proxy.summary().tunnelled, 1u);
  EXPECT_EQ(fixture_count(), 1u);
  const auto tunnel = std::find_if(reported.begin(), reported.end(), [](const auto& exchange) {
    return exchange.source == ProxyExchange::Source::tunnelled;
  });
  ASSERT_NE(tunnel, reported.end());
  EXPECT_EQ(tunnel->method, "CONNECT");
  EXPECT_EQ(tunnel->target, "127.0.0.1:" + std::to_string(one_->port()));
  EXPECT_EQ(tunnel->status, 200);
  EXPECT_GT(tunnel->elapsed_ms, 0.0);
  EXPECT_TRUE(tunnel->fixture.empty());
}

TEST_F(ForwardProxyTest, ATunnelToAClosedPortIsRefusedWith502) {
  auto options = forward_options({"nothing"});
  std::vector<ProxyExchange> reported;
  options.on_exchange = [&](const ProxyExchange& exchange) { reported.push_back(exchange); };
  CaptureProxy proxy{std::move(options)};
  Client client{proxy.base_url(), ca_file()};
  const auto port = std::to_string(test::closed_port());
  const auto fetched = client.fetch("https://127.0.0.1:" + port);
  EXPECT_NE(fetched.code, CURLE_OK);
  EXPECT_EQ(fetched.connect_status, 502);
  proxy.stop();
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].source, ProxyExchange::Source::tunnelled);
  EXPECT_EQ(reported[0].target, "127.0.0.1:" + port);
  EXPECT_EQ(reported[0].status, 502);
  EXPECT_THAT(reported[0].reason, ::testing::StartsWith("cannot connect: "));
  EXPECT_EQ(proxy.summary().tunnelled, 1u);
}

TEST_F(ForwardProxyTest, AnUpstreamWhoseCertificateIsNotTrustedIs502AndNotRecorded) {
  auto options = forward_options();
  options.http.ca_file.clear();
  CaptureProxy proxy{std::move(options)};
  Client client{proxy.base_url(), ca_file()};
  const auto fetched = client.fetch(one_url() + "/x");
  EXPECT_EQ(fetched.status, 502);
  EXPECT_NE(fetched.body.find("\"cause\":\"tls\""), std::string::npos) << fetched.body;
  proxy.stop();
  EXPECT_EQ(fixture_count(), 0u);
}

TEST_F(ForwardProxyTest, APathInsteadOfAnAbsoluteUrlIs400NotProxied) {
  CaptureProxy proxy{forward_options()};
  test_support::RawSocket socket{proxy.port()};
  socket.send("GET /items HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto answer = socket.read_response();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
  EXPECT_NE(answer.find("X-Automock: not-proxied"), std::string::npos) << answer;
}

TEST_F(ForwardProxyTest, AnAbsoluteUrlOfTheProxyItselfIsALoop508AndNothingIsRecorded) {
  CaptureProxy proxy{forward_options()};
  Client client{proxy.base_url(), ca_file()};
  const auto fetched = client.fetch(proxy.base_url() + "/x");
  EXPECT_EQ(fetched.status, 508) << fetched.body;
  proxy.stop();
  EXPECT_EQ(proxy.summary().recorded, 0u);
  EXPECT_EQ(fixture_count(), 0u);
}

TEST_F(ForwardProxyTest, AForwardProxyTakesNoUpstream) {
  auto options = forward_options();
  options.upstream = one_url();
  EXPECT_THROW(CaptureProxy{std::move(options)}, InputError);
}

TEST_F(ForwardProxyTest, AMalformedConnectTargetIs400) {
  CaptureProxy proxy{forward_options()};
  for (const std::string target : {"example.test", "user@example.test:443", "example.test:0",
                                   "example.test:443/path", "[::1:443"}) {
    test_support::RawSocket socket{proxy.port()};
    socket.send("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
    const auto answer = socket.read_response();
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << target << ": " << answer;
  }
}

TEST(ForwardProxyRefusalTest, AReplayServerThatIsNotAForwardProxyAnswersConnectWith405) {
  test::TempDir dir;
  ReplayServer server{std::make_shared<Cassette>(dir.path())};
  test_support::RawSocket socket{server.port()};
  socket.send("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n");
  const auto answer = socket.read_response();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 405")) << answer;
  EXPECT_NE(answer.find("--forward"), std::string::npos) << answer;
}

}  // namespace
}  // namespace automock
