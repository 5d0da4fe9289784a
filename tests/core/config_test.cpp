#include <gtest/gtest.h>
#include <unistd.h>

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <filesystem>
#include <fstream>

namespace automock {
namespace {

constexpr std::string_view k_full_config = R"({
  "fixtures": "tests/fixtures",
  "routes": [
    {"name": "todo", "prefix": "/todo", "upstream": "http://127.0.0.1:8081",
     "match": {"ignore_query": ["_"]}},
    {"name": "auth", "prefix": "/auth", "upstream": "https://auth.example.com/base"}
  ],
  "match":  {"ignore_query": ["_ts"], "headers": ["accept"], "ignore_json": ["/request_id"],
             "path_patterns": ["uuid", {"name": "order", "regex": "ord_[0-9a-z]+"}],
             "ignore_headers": ["x-request-id"]},
  "redact": {"headers": ["x-secret"], "query": ["api_key"], "json": ["/password", "token"]},
  "mode": "new_episodes",
  "strict_sequences": true,
  "expiry": {"max_age_days": 30, "action": "error"},
  "max_fixture_bytes": 1048576
})";

Config full_config() {
  Config config;
  config.fixtures = "tests/fixtures";
  config.routes = {
      {.name = "todo",
       .prefix = "/todo",
       .upstream = "http://127.0.0.1:8081",
       .match = {.ignore_query = {"_"}}},
      {.name = "auth", .prefix = "/auth", .upstream = "https://auth.example.com/base"}};
  config.match = {.ignore_query = {"_ts"},
                  .headers = {"accept"},
                  .ignore_json = {"/request_id"},
                  .path_patterns = {*builtin_path_pattern("uuid"), {"order", "ord_[0-9a-z]+"}},
                  .ignore_headers = {"x-request-id"}};
  config.redact = {.headers = {"x-secret"}, .query = {"api_key"}, .json = {"/password", "token"}};
  config.mode = Mode::new_episodes;
  config.strict_sequences = true;
  config.max_age_seconds = 30 * 24 * 60 * 60;
  config.expiry_action = ExpiryAction::error;
  config.max_fixture_bytes = 1048576;
  return config;
}

TEST(ConfigTest, ParsesEveryKey) {
  EXPECT_EQ(parse_config(k_full_config, "automock.json"), full_config());
}

TEST(ConfigTest, EmptyObjectGivesTheDefaults) {
  const auto config = parse_config("{}", "automock.json");
  EXPECT_EQ(config, Config{});
  EXPECT_EQ(config.fixtures, "fixtures");
  EXPECT_FALSE(config.mode.has_value());
  EXPECT_FALSE(config.max_age_seconds.has_value());
  EXPECT_EQ(config.expiry_action, ExpiryAction::warn);
  EXPECT_EQ(config.max_fixture_bytes, std::uint64_t{1} << 30);
}

TEST(ConfigTest, FractionalMaxAgeIsRoundedToSeconds) {
  const auto config = parse_config(R"({"expiry": {"max_age_days": 0.5}})", "automock.json");
  EXPECT_EQ(config.max_age_seconds, 12 * 60 * 60);
  EXPECT_EQ(config.expiry_action, ExpiryAction::warn);
}

struct BadConfig {
  std::string name;
  std::string text;
  std::string json_path;
};

void PrintTo(const BadConfig& bad, std::ostream* out) {
  *out << bad.name;
}

class BadConfigTest : public testing::TestWithParam<BadConfig> {};

TEST_P(BadConfigTest, ErrorNamesTheFileAndTheJsonPath) {
  try {
    parse_config(GetParam().text, "conf/automock.json");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "conf/automock.json");
    EXPECT_EQ(error.json_path(), GetParam().json_path);
    EXPECT_EQ(
        std::string{error.what()}.rfind("conf/automock.json: " + GetParam().json_path + ": ", 0),
        0u)
        << error.what();
  }
}

const std::string k_route_a = R"({"name":"a","prefix":"/a","upstream":"http://h"})";

const std::vector<BadConfig> k_bad_configs{
    {"NotAnObject", "[]", "/"},
    // Found by fuzzing: nlohmann's out_of_range escaped as a non-automock error.
    {"NumberTooLargeForADouble", R"({"expiry": {"max_age_days": 1e999}})", "/"},
    {"UnknownTopLevelKey", R"({"fixture": "x"})", "/fixture"},
    {"UnknownKeyIsEscaped", R"({"a/b~": 1})", "/a~1b~0"},
    {"UnknownRouteKey",
     R"({"routes":[{"name":"a","prefix":"/a","upstream":"http://h","extra":1}]})",
     "/routes/0/extra"},
    {"UnknownMatchKey", R"({"match":{"ignore_queries":[]}})", "/match/ignore_queries"},
    {"UnknownRouteMatchKey",
     R"({"routes":[{"name":"a","prefix":"/a","upstream":"http://h","match":{"x":1}}]})",
     "/routes/0/match/x"},
    {"UnknownRedactKey", R"({"redact":{"body":[]}})", "/redact/body"},
    {"UnknownExpiryKey", R"({"expiry":{"days":3}})", "/expiry/days"},
    {"FixturesNotAString", R"({"fixtures": 3})", "/fixtures"},
    {"FixturesEmpty", R"({"fixtures": ""})", "/fixtures"},
    {"RoutesNotAnArray", R"({"routes": {}})", "/routes"},
    {"RouteNotAnObject", R"({"routes": ["a"]})", "/routes/0"},
    {"HeaderNotAString", R"({"match":{"headers":["a", 1]}})", "/match/headers/1"},
    {"IgnoreQueryNotAnArray", R"({"match":{"ignore_query":"_ts"}})", "/match/ignore_query"},
    {"StrictSequencesNotABoolean", R"({"strict_sequences":"yes"})", "/strict_sequences"},
    {"UnknownMode", R"({"mode":"sometimes"})", "/mode"},
    {"MaxFixtureBytesZero", R"({"max_fixture_bytes":0})", "/max_fixture_bytes"},
    {"MaxFixtureBytesFractional", R"({"max_fixture_bytes":1.5})", "/max_fixture_bytes"},
    {"MaxFixtureBytesNotANumber", R"({"max_fixture_bytes":"1G"})", "/max_fixture_bytes"},
    {"ModeNotAString", R"({"mode":1})", "/mode"},
    {"IgnoreJsonNotAPointer", R"({"match":{"ignore_json":["request_id"]}})",
     "/match/ignore_json/0"},
    {"IgnoreJsonBadEscape", R"({"match":{"ignore_json":["/a", "/a~2"]}})", "/match/ignore_json/1"},
    {"RedactJsonBadPointer", R"({"redact":{"json":["/a~"]}})", "/redact/json/0"},
    {"RedactJsonEmptyName", R"({"redact":{"json":[""]}})", "/redact/json/0"},
    {"DuplicateRouteName",
     R"({"routes":[)" + k_route_a + R"(,{"name":"a","prefix":"/b","upstream":"http://h"}]})",
     "/routes/1/name"},
    {"DuplicatePrefix",
     R"({"routes":[)" + k_route_a + R"(,{"name":"b","prefix":"/a","upstream":"http://h"}]})",
     "/routes/1/prefix"},
    {"BadRouteName", R"({"routes":[{"name":"a b","prefix":"/a","upstream":"http://h"}]})",
     "/routes/0/name"},
    {"PrefixWithoutSlash", R"({"routes":[{"name":"a","prefix":"a","upstream":"http://h"}]})",
     "/routes/0/prefix"},
    {"PrefixWithTrailingSlash", R"({"routes":[{"name":"a","prefix":"/a/","upstream":"http://h"}]})",
     "/routes/0/prefix"},
    {"UpstreamNotHttp", R"({"routes":[{"name":"a","prefix":"/a","upstream":"ftp://h"}]})",
     "/routes/0/upstream"},
    {"UpstreamMissing", R"({"routes":[{"name":"a","prefix":"/a"}]})", "/routes/0/upstream"},
    {"NameMissing", R"({"routes":[{"prefix":"/a","upstream":"http://h"}]})", "/routes/0/name"},
    {"MaxAgeNotPositive", R"({"expiry":{"max_age_days":-1}})", "/expiry/max_age_days"},
    {"MaxAgeNotANumber", R"({"expiry":{"max_age_days":"30"}})", "/expiry/max_age_days"},
    {"UnknownExpiryAction", R"({"expiry":{"action":"ignore"}})", "/expiry/action"},
    {"UnknownPathPattern", R"({"match":{"path_patterns":["uuid","guid"]}})",
     "/match/path_patterns/1"},
    {"PathPatternRegexDoesNotCompile",
     R"({"match":{"path_patterns":[{"name":"x","regex":"(ab"}]}})", "/match/path_patterns/0"},
    {"PathPatternBadName", R"({"match":{"path_patterns":[{"name":"a/b","regex":"x"}]}})",
     "/match/path_patterns/0"},
    {"PathPatternWithoutRegex", R"({"match":{"path_patterns":[{"name":"x"}]}})",
     "/match/path_patterns/0/regex"},
    {"PathPatternUnknownKey",
     R"({"match":{"path_patterns":[{"name":"x","regex":"y","flags":"i"}]}})",
     "/match/path_patterns/0/flags"},
    {"PathPatternNotAStringOrObject", R"({"match":{"path_patterns":[1]}})",
     "/match/path_patterns/0"},
    {"PathPatternsNotAnArray", R"({"match":{"path_patterns":"uuid"}})", "/match/path_patterns"},
    {"RoutePathPatternUnknown",
     R"({"routes":[{"name":"a","prefix":"/a","upstream":"http://h","match":{"path_patterns":["x"]}}]})",
     "/routes/0/match/path_patterns/0"},
    {"IgnoreHeadersNotAnArray", R"({"match":{"ignore_headers":"x-id"}})", "/match/ignore_headers"},
};

std::string bad_config_name(const testing::TestParamInfo<BadConfig>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(AutomockJson, BadConfigTest, testing::ValuesIn(k_bad_configs),
                         bad_config_name);

TEST(ConfigTest, TextThatIsNotJsonNamesTheLineAndColumn) {
  try {
    parse_config("{\n  \"fixtures\": \"x\",\n  oops\n}", "automock.json");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), "automock.json");
    EXPECT_NE(std::string{error.what()}.find("line 3, column 3"), std::string::npos)
        << error.what();
  }
}

class LoadConfigTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("automock-config-test-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path write(std::string_view text) {
    const auto file = dir_ / "automock.json";
    std::ofstream{file} << text;
    return file;
  }
  std::filesystem::path dir_;
};

TEST_F(LoadConfigTest, RelativeFixturesDirectoryIsRelativeToTheFile) {
  const auto config = load_config(write(R"({"fixtures": "cassettes"})"));
  EXPECT_EQ(config.fixtures, dir_ / "cassettes");
}

TEST_F(LoadConfigTest, AbsoluteFixturesDirectoryIsKept) {
  const auto config = load_config(write(R"({"fixtures": "/srv/cassettes"})"));
  EXPECT_EQ(config.fixtures, "/srv/cassettes");
}

TEST_F(LoadConfigTest, ErrorsNameTheFile) {
  const auto file = write(R"({"mode": "never"})");
  try {
    load_config(file);
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file(), file.string());
    EXPECT_EQ(error.json_path(), "/mode");
  }
}

TEST_F(LoadConfigTest, MissingFileIsAnIoError) {
  EXPECT_THROW(load_config(dir_ / "absent.json"), IoError);
}

Config routed_config(bool with_root) {
  Config config;
  config.routes = {{.name = "todo", .prefix = "/todo", .upstream = "http://127.0.0.1:1"},
                   {.name = "admin", .prefix = "/todo/admin", .upstream = "http://127.0.0.1:2"}};
  if (with_root) config.routes.push_back({.name = "root", .prefix = "/", .upstream = "http://h"});
  return config;
}

std::string route_name(const Config& config, std::string_view path) {
  const Route* route = config.route_for_path(path);
  return route == nullptr ? "none" : route->name;
}

TEST(RouteForPathTest, LongestPrefixOnASegmentBoundaryWins) {
  const auto config = routed_config(true);
  EXPECT_EQ(route_name(config, "/todo"), "todo");
  EXPECT_EQ(route_name(config, "/todo/v1/x"), "todo");
  EXPECT_EQ(route_name(config, "/todo?x=1"), "todo");
  EXPECT_EQ(route_name(config, "/todo/admin/users"), "admin");
  EXPECT_EQ(route_name(config, "/todo/administer"), "todo");
  EXPECT_EQ(route_name(config, "/todos"), "root");
}

TEST(RouteForPathTest, NoRouteWithoutAMatchingPrefix) {
  const auto config = routed_config(false);
  EXPECT_EQ(route_name(config, "/todos"), "none");
  EXPECT_EQ(route_name(config, "/"), "none");
  EXPECT_EQ(route_name(Config{}, "/todo"), "none");
}

TEST(ContextForTest, WithoutRoutesTheRouteLineIsEmpty) {
  const auto config = parse_config(R"({"match": {"headers": ["accept"]}})", "automock.json");
  const auto context = config.context_for("");
  EXPECT_EQ(context.route, "");
  EXPECT_EQ(context.match, config.match);
}

TEST(ContextForTest, RouteRulesExtendTheGlobalOnes) {
  const auto config = full_config();
  const auto context = config.context_for("todo");
  EXPECT_EQ(context.route, "todo");
  EXPECT_EQ(context.match.ignore_query, (std::vector<std::string>{"_ts", "_"}));
  EXPECT_EQ(context.match.headers, (std::vector<std::string>{"accept"}));
  EXPECT_EQ(context.redact, config.redact);
  EXPECT_EQ(config.context_for("auth").match, config.match);
}

TEST(ContextForTest, AnOriginGetsTheGlobalRulesWithItsRouteLine) {
  const auto config = full_config();
  const auto context = config.context_for("https://api.test");
  EXPECT_EQ(context.route, "https://api.test");
  EXPECT_EQ(context.match, config.match);
}

TEST(ConfigTest, AnUnknownPathPatternListsTheBuiltInOnes) {
  try {
    parse_config(R"({"match":{"path_patterns":["guid"]}})", "automock.json");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string{error.what()}.find("unknown pattern 'guid': expected one of uuid, "
                                             "timestamp, epoch"),
              std::string::npos)
        << error.what();
  }
}

TEST(ContextForTest, UnknownRouteIsAnInputError) {
  EXPECT_THROW(full_config().context_for("nope"), InputError);
}

}  // namespace
}  // namespace automock
