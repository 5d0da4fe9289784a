// Hosts in the key: requests to different origins never share a key, a
// configured route keeps its name, a base URL's own origin keeps an empty
// route line, and every fixture in the repository keeps its key.
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/fixture.hpp>
#include <automock/transport.hpp>

#include "core/cassette_engine.hpp"
#include "core/exchange_cache.hpp"
#include "core/origin.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;

class CassetteOriginTest : public test::CassetteTestBase {
 protected:
  std::string route_of(const std::string& target, CassetteOptions options = {}) {
    auto cassette = open(Mode::replay, std::move(options));
    return CassetteEngine{*cassette}.normalize(get(target)).context.route;
  }
};

// The origin of a URL: scheme and host lowercased, no default port, no user
// info (no credential reaches a key); nothing for what is not http(s) with a host.
TEST(OriginOf, IsTheLowercasedSchemeAndHostWithoutDefaultPortOrUserInfo) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases{
      {"HTTPS://API.GitHub.test/user", "https://api.github.test"},
      {"https://api.test:443/x", "https://api.test"},
      {"http://api.test:80", "http://api.test"},
      {"http://api.test:8080?q=1", "http://api.test:8080"},
      {"https://api.test:80/", "https://api.test:80"},
      {"http://[::1]:9000/x", "http://[::1]:9000"},
      {"https://ann:s3cret@api.test/x", "https://api.test"},
      {"/v1/x", std::nullopt},
      {"ftp://files.test/x", std::nullopt},
      {"http:///x", std::nullopt},
      {"http://api.test:99999/", std::nullopt},
      {"http://api.test:x/", std::nullopt},
      {"http://api.test:/", std::nullopt},
      {"http://:\xff"
       "1]:80/",
       std::nullopt},  // fuzz_forward_target: a host no origin has
      {"http://a b.test/", std::nullopt},
  };
  for (const auto& [url, origin] : cases) EXPECT_EQ(origin_of(url), origin) << url;
}

// A CONNECT target: host and port, the port required, nothing else.
TEST(ParseConnectAuthority, TakesHostAndPortOnly) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases{
      {"API.Example.test:443", "api.example.test:443"},
      {"127.0.0.1:8443", "127.0.0.1:8443"},
      {"[::1]:443", "[::1]:443"},
      {"under_score.test:1", "under_score.test:1"},
      {"api.test", std::nullopt},
      {"api.test:", std::nullopt},
      {"api.test:0", std::nullopt},
      {"api.test:65536", std::nullopt},
      {"user@api.test:443", std::nullopt},
      {"api.test:443/x", std::nullopt},
      {"api test:443", std::nullopt},
      {"[::1:443", std::nullopt},
      {"[g::1]:443", std::nullopt},
      {":443", std::nullopt},
  };
  for (const auto& [target, text] : cases) {
    const auto authority = parse_connect_authority(target);
    EXPECT_EQ(authority ? std::optional{authority->text()} : std::nullopt, text) << target;
  }
}

// curl's --resolve form: the key as HttpOptions::resolve holds it, the
// address without brackets; an address must be an IP address.
TEST(ParseResolveEntry, SplitsHostPortAndAddress) {
  using Entry = std::optional<std::pair<std::string, std::string>>;
  const std::vector<std::pair<std::string, Entry>> cases{
      {"API.test:443:127.0.0.1", Entry{{"api.test:443", "127.0.0.1"}}},
      {"[::1]:8443:[::1]", Entry{{"[::1]:8443", "::1"}}},
      {"api.test:443:::1", Entry{{"api.test:443", "::1"}}},
      {"api.test:443:localhost", std::nullopt},
      {"api.test:443", std::nullopt},
      {"api.test::127.0.0.1", std::nullopt},
      {"api.test:443:", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [entry, expected] : cases)
    EXPECT_EQ(parse_resolve_entry(entry), expected) << entry;
}

TEST_F(CassetteOriginTest, TwoHostsWithTheSamePathReplayTheirOwnAnswers) {
  int call = 0;
  test::FakeUpstream upstream{[&call](const Request&) {
    return Response{200, {}, ++call == 1 ? "github user" : "stripe user"};
  }};
  auto recording = open(Mode::record);
  recording->handle(get("https://api.github.test/user"), &upstream);
  recording->handle(get("https://api.stripe.test/user"), &upstream);
  ASSERT_EQ(files().size(), 2u);

  // In the other order: shared keys would answer the first recording first.
  auto replaying = open(Mode::replay);
  EXPECT_EQ(replaying->handle(get("https://api.stripe.test/user"), nullptr).body, "stripe user");
  EXPECT_EQ(replaying->handle(get("https://api.github.test/user"), nullptr).body, "github user");
}

TEST_F(CassetteOriginTest, AMissOfAnotherOriginIsReproducedAgainstThatOrigin) {
  auto replaying = open(Mode::replay, {.base_url = "https://api.github.test"});
  try {
    replaying->handle(get("https://api.stripe.test/v1/charges"), nullptr);
    FAIL() << "no UnmatchedRequest";
  } catch (const UnmatchedRequest& miss) {
    EXPECT_NE(std::string{miss.what()}.find("curl -X GET 'https://api.stripe.test/v1/charges'"),
              std::string::npos)
        << miss.what();
  }
}

TEST_F(CassetteOriginTest, AFixtureOfAnotherOriginHoldsItOnItsRouteLine) {
  open(Mode::record)->handle(get("https://API.Stripe.test:443/v1/charges?limit=3"), &upstream_);
  ASSERT_EQ(files().size(), 1u);
  const auto exchange = read_fixture(files()[0]);
  EXPECT_EQ(exchange.route, "https://api.stripe.test");
  EXPECT_EQ(exchange.request.target, "/v1/charges?limit=3");
  EXPECT_NO_THROW(verify_fixture_key(exchange, files()[0], Config{}.context_for(exchange.route)));
}

TEST_F(CassetteOriginTest, TheBaseUrlsOwnOriginKeepsAnEmptyRouteLine) {
  const CassetteOptions options{.base_url = "https://api.test/v1"};
  EXPECT_EQ(route_of("https://api.test/v1/x", options), "");
  EXPECT_EQ(route_of("HTTPS://API.test:443/v1/x", options), "");
  EXPECT_EQ(route_of("https://other.test/v1/x", options), "https://other.test");
  EXPECT_EQ(route_of("/v1/x", options), "");
}

TEST_F(CassetteOriginTest, AConfiguredRouteKeepsItsNameWhateverTheHost) {
  CassetteOptions options;
  options.config.routes = {{.name = "todo", .prefix = "/todo", .upstream = "http://a.test"}};
  EXPECT_EQ(route_of("https://b.test/todo/v1", options), "todo");
  EXPECT_EQ(route_of("https://b.test/other", options), "https://b.test");
}

TEST_F(CassetteOriginTest, AbsoluteTargetsGetTheKeysOfTheDocumentedExamples) {
  auto cassette = open(Mode::replay);
  const auto key = [&](const std::string& target) {
    const auto normalized = CassetteEngine{*cassette}.normalize(get(target));
    return request_key(normalized.request, normalized.context);
  };
  EXPECT_EQ(key("HTTPS://ann@API.GitHub.test:443/user"), "0d61615f3f3033a2");
  EXPECT_EQ(key("https://api.stripe.test/user"), "4cdca31bf09a3d04");
  EXPECT_EQ(key("HTTP://API.test:8080/v1/items?page=1"), "855fa99bcaba61cd");
}

TEST_F(CassetteOriginTest, ARelativeTargetKeepsAnEmptyRouteLine) {
  EXPECT_EQ(route_of("/user"), "");
}

// Every fixture tree of the repository: each file's stored key is the key
// its request gets when replayed now, as its suite sends it (relative, or
// absolute when it was recorded under an origin, through a forward proxy).
TEST(RepositoryFixtures, EveryFixtureKeepsItsKey) {
  const fs::path source{AUTOMOCK_SOURCE_DIR};
  size_t checked = 0;
  for (const auto* tree : {"fixtures", "tests", "examples"}) {
    for (auto it = fs::recursive_directory_iterator{source / tree}; it != decltype(it){}; ++it) {
      if (it->is_directory() && it->path().filename() == "node_modules") {
        it.disable_recursion_pending();
        continue;
      }
      if (!is_fixture_file_name(it->path().filename().string())) continue;
      const auto exchange = read_fixture(it->path());
      auto request = exchange.request;
      if (is_origin_route(exchange.route)) request.target.insert(0, exchange.route);
      Cassette cassette{it->path().parent_path(), {.mode = Mode::replay}};
      const auto normalized = CassetteEngine{cassette}.normalize(request);
      EXPECT_EQ(request_key(normalized.request, normalized.context), exchange.key) << it->path();
      ++checked;
    }
  }
  EXPECT_GE(checked, 20u);
}

}  // namespace
}  // namespace automock
