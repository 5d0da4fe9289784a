// The rules that keep web pages away from the local servers (Host, Origin,
// Sec-Fetch-Site) and the loop rules of the capture proxy, as pure functions.
#include "net/browser_guard.hpp"

#include <gtest/gtest.h>

#include "net/loop_guard.hpp"

namespace automock::net {
namespace {

Request with_headers(Headers headers) {
  return Request{.method = "POST", .target = "/x", .headers = std::move(headers)};
}

TEST(BrowserGuardTest, LoopbackHostsAreAcceptedWithOrWithoutAPort) {
  const BrowserGuard guard{"127.0.0.1", {}};
  for (const char* host : {"127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1",
                           "app.localhost:3000", "127.9.8.7:80", "[::1]", "[::1]:8080"}) {
    EXPECT_TRUE(guard.accepts_host(host)) << host;
  }
}

TEST(BrowserGuardTest, ForeignAndMalformedHostsAreRefused) {
  const BrowserGuard guard{"127.0.0.1", {}};
  for (const char* host :
       {"evil.example", "evil.example:8080", "localhost.evil.example", "128.0.0.1", "127.1",
        "10.0.0.1:8080", "[::2]:80", "[::1", "", "localhost:http", "localhost:80/x"}) {
    EXPECT_FALSE(guard.accepts_host(host)) << host;
  }
}

TEST(BrowserGuardTest, TheBoundAddressAndAllowedHostsAreAccepted) {
  const BrowserGuard guard{"192.168.1.5", {"Automock", "[fd00::5]"}};
  EXPECT_TRUE(guard.accepts_host("192.168.1.5:8080"));
  EXPECT_TRUE(guard.accepts_host("automock:8080"));
  EXPECT_TRUE(guard.accepts_host("[fd00::5]:8080"));
  EXPECT_TRUE(guard.accepts_origin("https://automock"));
  EXPECT_FALSE(guard.accepts_host("192.168.1.6"));
}

TEST(BrowserGuardTest, OnlyHttpOriginsOnAcceptedHostsAreAccepted) {
  const BrowserGuard guard{"127.0.0.1", {}};
  EXPECT_TRUE(guard.accepts_origin("http://localhost:3000"));
  EXPECT_TRUE(guard.accepts_origin("https://127.0.0.1"));
  for (const char* origin : {"http://evil.example", "null", "file://", "chrome-extension://abc",
                             "http://localhost:3000/path", "localhost", ""}) {
    EXPECT_FALSE(guard.accepts_origin(origin)) << origin;
  }
}

TEST(BrowserGuardTest, RefusalsNameTheFieldAtFault) {
  const BrowserGuard guard{"127.0.0.1", {}};
  EXPECT_FALSE(guard.refusal(with_headers({{"Host", "127.0.0.1:1"}})));
  EXPECT_FALSE(guard.refusal(with_headers({})));
  const auto host = guard.refusal(with_headers({{"Host", "localhost"}, {"Host", "evil.example"}}));
  ASSERT_TRUE(host);
  EXPECT_NE(host->find("Host 'evil.example'"), std::string::npos) << *host;
  const auto origin = guard.refusal(with_headers({{"Origin", "http://evil.example"}}));
  ASSERT_TRUE(origin);
  EXPECT_NE(origin->find("Origin 'http://evil.example'"), std::string::npos) << *origin;
}

TEST(BrowserGuardTest, CrossSiteRequestsWithoutAnAllowedOriginAreRefused) {
  const BrowserGuard guard{"127.0.0.1", {"app.test"}};
  EXPECT_TRUE(guard.refusal(with_headers({{"Sec-Fetch-Site", "cross-site"}})));
  EXPECT_FALSE(guard.refusal(with_headers({{"Sec-Fetch-Site", "same-site"}})));
  EXPECT_FALSE(guard.refusal(
      with_headers({{"Sec-Fetch-Site", "cross-site"}, {"Origin", "http://app.test:3000"}})));
}

TEST(LoopGuardTest, AnUpstreamNamingTheListenerIsRecognised) {
  EXPECT_TRUE(points_at_listener(parse_base_url("http://127.0.0.1:8080"), "127.0.0.1", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("http://localhost:8080/v1"), "127.0.0.1", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("http://127.0.0.1:8080"), "localhost", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("https://[::1]:8080"), "::1", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("http://127.0.0.2:8080"), "0.0.0.0", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("http://0.0.0.0:8080"), "127.0.0.1", 8080));
  EXPECT_TRUE(points_at_listener(parse_base_url("http://10.1.2.3:80"), "10.1.2.3", 80));
}

TEST(LoopGuardTest, OtherPortsAndAddressesAreNotTheListener) {
  EXPECT_FALSE(points_at_listener(parse_base_url("http://127.0.0.1:8081"), "127.0.0.1", 8080));
  EXPECT_FALSE(points_at_listener(parse_base_url("http://127.0.0.2:8080"), "127.0.0.1", 8080));
  EXPECT_FALSE(points_at_listener(parse_base_url("http://api.example:8080"), "0.0.0.0", 8080));
  EXPECT_FALSE(points_at_listener(parse_base_url("http://127.0.0.1"), "127.0.0.1", 8080));
}

TEST(LoopGuardTest, AViaMarkIsRecognisedOnlyByTheProxyThatAddedIt) {
  const ViaMark mine;
  const ViaMark other;
  EXPECT_NE(mine.element(), other.element());
  EXPECT_TRUE(mine.element().starts_with("1.1 automock-"));
  Headers headers{{"Via", "1.0 squid"}};
  other.add_to(headers);
  EXPECT_FALSE(mine.marks(headers));
  headers.set("Via", "1.0 squid, " + mine.element());
  EXPECT_TRUE(mine.marks(headers));
}

}  // namespace
}  // namespace automock::net
