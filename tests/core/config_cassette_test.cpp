// A Cassette built from load_config() of a real automock.json: the file's
// match rules, redaction and routes are the ones the cassette applies.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/config.hpp>

#include "core/cassette_engine.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_config = R"({
  "routes": [
    {"name": "todo", "prefix": "/todo", "upstream": "http://127.0.0.1:1",
     "match": {"ignore_query": ["cache"]}},
    {"name": "auth", "prefix": "/auth", "upstream": "http://127.0.0.1:2"}
  ],
  "match":  {"ignore_query": ["_ts"], "headers": ["accept"], "ignore_json": ["/request_id"]},
  "redact": {"headers": ["x-secret"], "query": ["api_key"], "json": ["/password", "token"]}
})";

class ConfigCassetteTest : public test::CassetteTestBase {
 protected:
  ConfigCassetteTest() : config_(load_config(config_dir_.write("automock.json", k_config))) {}

  std::shared_ptr<Cassette> open_with_config(Mode mode) {
    return open(mode, CassetteOptions{.config = config_});
  }

  // Records `request` in new_episodes, then replays `other` from a fresh cassette.
  bool replay_matches(const Request& request, const Request& other) {
    open_with_config(Mode::new_episodes)->handle(request, &upstream_);
    try {
      open_with_config(Mode::replay)->handle(other, nullptr);
      return true;
    } catch (const UnmatchedRequest&) {
      return false;
    }
  }

  static Request with_header(Request request, std::string name, std::string value) {
    request.headers.add(std::move(name), std::move(value));
    return request;
  }

  test::TempDir config_dir_;
  Config config_;
};

TEST_F(ConfigCassetteTest, AnIgnoredQueryParameterDoesNotChangeTheMatch) {
  EXPECT_TRUE(
      replay_matches(get("/todo/v1/items?page=1&_ts=100"), get("/todo/v1/items?page=1&_ts=999")));
}

TEST_F(ConfigCassetteTest, AQueryParameterThatIsNotIgnoredChangesTheMatch) {
  EXPECT_FALSE(replay_matches(get("/todo/v1/items?page=1"), get("/todo/v1/items?page=2")));
}

TEST_F(ConfigCassetteTest, AMatchedHeaderChangesTheMatch) {
  const auto json = with_header(get("/todo/v1/items"), "Accept", "application/json");
  const auto csv = with_header(get("/todo/v1/items"), "Accept", "text/csv");
  EXPECT_FALSE(replay_matches(json, csv));
}

TEST_F(ConfigCassetteTest, AMatchedHeaderWithTheSameValueMatches) {
  const auto json = with_header(get("/todo/v1/items"), "Accept", "application/json");
  EXPECT_TRUE(replay_matches(json, with_header(json, "X-Trace", "other")));
}

TEST_F(ConfigCassetteTest, AnIgnoredJsonPointerDoesNotChangeTheMatch) {
  EXPECT_TRUE(replay_matches(post_json("/todo/v1/items", R"({"request_id":"a","title":"x"})"),
                             post_json("/todo/v1/items", R"({"request_id":"b","title":"x"})")));
}

TEST_F(ConfigCassetteTest, AJsonFieldThatIsNotIgnoredChangesTheMatch) {
  EXPECT_FALSE(replay_matches(post_json("/todo/v1/items", R"({"request_id":"a","title":"x"})"),
                              post_json("/todo/v1/items", R"({"request_id":"a","title":"y"})")));
}

TEST_F(ConfigCassetteTest, ARouteIgnoresItsOwnQueryParameterOnlyOnThatRoute) {
  EXPECT_TRUE(replay_matches(get("/todo/v1/items?cache=1"), get("/todo/v1/items?cache=2")));
  EXPECT_FALSE(replay_matches(get("/auth/v1/token?cache=1"), get("/auth/v1/token?cache=2")));
}

TEST_F(ConfigCassetteTest, RoutesStripTheirPrefixAndRecordTheRouteName) {
  auto cassette = open_with_config(Mode::new_episodes);
  const auto answer = CassetteEngine{*cassette}.answer(
      get("/auth/v1/token"), [this](const std::string& route) -> Transport& {
        EXPECT_EQ(route, "auth");
        return upstream_;
      });
  ASSERT_NE(answer.exchange, nullptr);
  EXPECT_EQ(answer.exchange->route, "auth");
  EXPECT_EQ(answer.exchange->request.target, "/v1/token");
  ASSERT_EQ(upstream_.seen().size(), 1u);
  EXPECT_EQ(upstream_.seen()[0].target, "/v1/token");
}

TEST_F(ConfigCassetteTest, ConfiguredSecretsNeverReachAnyFile) {
  test::FakeUpstream leaky{[](const Request&) {
    return Response{200,
                    {{"Content-Type", "application/json"}, {"X-Secret", "resp-header-secret"}},
                    R"({"token":"resp-token-secret","nested":{"token":"deep-secret"}})"};
  }};
  auto request = post_json("/todo/v1/login?api_key=query-secret&page=1",
                           R"({"password":"body-secret","user":"ada","token":"body-token"})");
  request.headers.add("X-Secret", "req-header-secret");
  open_with_config(Mode::new_episodes)->handle(request, &leaky);
  const auto bytes = all_bytes_on_disk();
  ASSERT_THAT(bytes, HasSubstr("ada"));
  for (const auto* secret : {"resp-header-secret", "resp-token-secret", "deep-secret",
                             "query-secret", "body-secret", "body-token", "req-header-secret"}) {
    EXPECT_THAT(bytes, Not(HasSubstr(secret))) << secret;
  }
}

TEST_F(ConfigCassetteTest, ARequestWithAnotherSecretValueStillMatches) {
  auto first = get("/todo/v1/items?api_key=one");
  auto second = get("/todo/v1/items?api_key=two");
  EXPECT_TRUE(
      replay_matches(with_header(first, "X-Secret", "a"), with_header(second, "X-Secret", "b")));
}

TEST_F(ConfigCassetteTest, ARelativeFixturesDirectoryIsRelativeToTheConfigFile) {
  const auto config =
      load_config(config_dir_.write("sub/automock.json", R"({"fixtures": "cassettes"})"));
  EXPECT_EQ(config.fixtures, config_dir_ / "sub" / "cassettes");
}

TEST_F(ConfigCassetteTest, AConfigFileThatIsNotJsonNamesTheFile) {
  const auto file = config_dir_.write("broken.json", "{ not json");
  try {
    load_config(file);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr(file.string()));
  }
}

TEST_F(ConfigCassetteTest, AMissingConfigFileIsAnIoErrorNamingIt) {
  const auto file = config_dir_ / "absent.json";
  try {
    load_config(file);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr(file.string()));
  }
}

}  // namespace
}  // namespace automock

namespace automock {
namespace {

// The cassette's settings: an explicit option, else automock.json's, else
// the default; AUTOMOCK_MODE over all of them.
class CassetteSettingsTest : public test::CassetteTestBase {
 protected:
  std::shared_ptr<Cassette> open_configured(const std::string& json, CassetteOptions options = {}) {
    options.config = load_config(config_dir_.write("automock.json", json));
    return std::make_shared<Cassette>(dir_.path(), std::move(options));
  }

  // Records one exchange of GET `target`.
  void record_one(const std::string& target) {
    open(Mode::new_episodes)->handle(get(target), &upstream_);
  }

  test::TempDir config_dir_;
};

TEST_F(CassetteSettingsTest, WithoutAModeAnywhereTheCassetteReplays) {
  EXPECT_EQ(open_configured("{}")->mode(), Mode::replay);
}

TEST_F(CassetteSettingsTest, TheConfigsNewEpisodesModeRecordsWhenNoOptionSetsOne) {
  auto cassette = open_configured(R"({"mode": "new_episodes"})");
  EXPECT_EQ(cassette->mode(), Mode::new_episodes);
  EXPECT_EQ(cassette->handle(get("/a"), &upstream_).status, 200);
  EXPECT_EQ(upstream_.calls(), 1u);
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(CassetteSettingsTest, TheConfigsRecordModeForwardsWhatIsAlreadyRecorded) {
  record_one("/a");
  auto cassette = open_configured(R"({"mode": "record"})");
  EXPECT_EQ(cassette->mode(), Mode::record);
  cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 2u);
}

TEST_F(CassetteSettingsTest, AnExplicitModeBeatsTheConfigs) {
  auto cassette = open_configured(R"({"mode": "new_episodes"})", {.mode = Mode::replay});
  EXPECT_EQ(cassette->mode(), Mode::replay);
  EXPECT_THROW(cassette->handle(get("/a"), &upstream_), UnmatchedRequest);
  EXPECT_EQ(upstream_.calls(), 0u);
}

TEST_F(CassetteSettingsTest, AutomockModeBeatsTheOptionAndTheConfig) {
  test::ScopedEnv mode{"AUTOMOCK_MODE", "replay"};
  auto cassette = open_configured(R"({"mode": "new_episodes"})", {.mode = Mode::record});
  EXPECT_EQ(cassette->mode(), Mode::replay);
  EXPECT_THROW(cassette->handle(get("/a"), &upstream_), UnmatchedRequest);
  EXPECT_EQ(upstream_.calls(), 0u);
}

TEST_F(CassetteSettingsTest, TheConfigsStrictSequencesMakesARequestPastTheLastAMiss) {
  record_one("/a");
  auto cassette = open_configured(R"({"strict_sequences": true})");
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
  EXPECT_THROW(cassette->handle(get("/a"), nullptr), UnmatchedRequest);
}

TEST_F(CassetteSettingsTest, AnExplicitStrictSequencesFalseBeatsTheConfigs) {
  record_one("/a");
  auto cassette = open_configured(R"({"strict_sequences": true})", {.strict_sequences = false});
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
}

}  // namespace
}  // namespace automock
