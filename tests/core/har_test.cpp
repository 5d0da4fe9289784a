#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/har.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/cassette_engine.hpp"
#include "core/utc_time.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using Json = nlohmann::json;

Json entry(const std::string& method, const std::string& url, int status, const std::string& body) {
  return {{"startedDateTime", "2026-11-26T12:00:00.250Z"},
          {"time", 12.5},
          {"request",
           {{"method", method},
            {"url", url},
            {"httpVersion", "HTTP/1.1"},
            {"headers", Json::array({{{"name", "Accept"}, {"value", "application/json"}}})},
            {"queryString", Json::array()},
            {"cookies", Json::array()},
            {"headersSize", -1},
            {"bodySize", 0}}},
          {"response",
           {{"status", status},
            {"statusText", ""},
            {"httpVersion", "HTTP/1.1"},
            {"headers", Json::array({{{"name", "Content-Type"}, {"value", "application/json"}}})},
            {"cookies", Json::array()},
            {"content", {{"size", body.size()}, {"mimeType", "application/json"}, {"text", body}}},
            {"redirectURL", ""},
            {"headersSize", -1},
            {"bodySize", -1}}},
          {"cache", Json::object()},
          {"timings", {{"send", 0}, {"wait", 12.5}, {"receive", 0}}}};
}

std::string har_of(const std::vector<Json>& entries) {
  return Json{{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "test"}, {"version", "1"}}},
                {"entries", entries}}}}
      .dump();
}

class HarTest : public ::testing::Test {
 protected:
  HarImportResult import(const std::vector<Json>& entries, HarImportOptions options = {}) {
    return import_har(har_of(entries), "test.har", dir_ / "cassette", options);
  }
  std::optional<Exchange> replay(const Request& request) {
    Cassette cassette{dir_ / "cassette"};
    return CassetteEngine{cassette}.play(request);
  }
  static Request get(std::string target) { return {.method = "GET", .target = std::move(target)}; }

  test::ScopedEnv no_mode_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
};

TEST_F(HarTest, EachEntryBecomesAnExchangeWithoutSchemeAndHost) {
  const auto result =
      import({entry("GET", "https://api.test:8443/v1/todos?done=false#top", 200, R"([{"id":1}])")});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_TRUE(result.problems.empty());
  const auto exchange = read_fixture(result.files[0]);
  EXPECT_EQ(exchange.request.target, "/v1/todos?done=false");
  EXPECT_EQ(exchange.response.body, R"([{"id":1}])");
  EXPECT_EQ(exchange.latency_ms, 12.5);
  EXPECT_EQ(exchange.recorded_at, *parse_utc_seconds("2026-11-26T12:00:00Z"));
}

TEST_F(HarTest, StartedDateTimeWithAnOffsetIsTakenAsUtc) {
  auto with_offset = entry("GET", "http://h/x", 200, "");
  with_offset["startedDateTime"] = "2026-11-26T13:30:00.123+01:30";
  const auto result = import({with_offset});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_EQ(read_fixture(result.files[0]).recorded_at, *parse_utc_seconds("2026-11-26T12:00:00Z"));
}

TEST_F(HarTest, Base64BodiesAreDecoded) {
  auto binary = entry("GET", "http://h/logo.png", 200, "");
  binary["response"]["content"] = {
      {"size", 4}, {"mimeType", "image/png"}, {"text", "iVBORw=="}, {"encoding", "base64"}};
  import({binary});
  const auto exchange = replay(get("/logo.png"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(exchange->response.body, std::string("\x89PNG", 4));
}

TEST_F(HarTest, MissingBodyIsEmptyAndLengthHeadersAreDropped) {
  auto no_body = entry("GET", "http://h/big", 200, "");
  no_body["response"]["content"] = {{"size", 1000}, {"mimeType", "text/plain"}};
  no_body["response"]["headers"].push_back({{"name", "Content-Length"}, {"value", "1000"}});
  no_body["response"]["headers"].push_back({{"name", "content-encoding"}, {"value", "gzip"}});
  import({no_body});
  const auto exchange = replay(get("/big"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(exchange->response.body, "");
  EXPECT_FALSE(exchange->response.headers.contains("Content-Length"));
  EXPECT_FALSE(exchange->response.headers.contains("Content-Encoding"));
}

TEST_F(HarTest, ARedirectStaysItsOwnExchange) {
  auto redirect = entry("GET", "http://h/old", 302, "");
  redirect["response"]["headers"].push_back({{"name", "Location"}, {"value", "/new"}});
  const auto result = import({redirect, entry("GET", "http://h/new", 200, "{}")});
  EXPECT_THAT(result.files, SizeIs(2));
  EXPECT_EQ(replay(get("/old"))->response.status, 302);
  EXPECT_EQ(replay(get("/old"))->response.headers.get("Location"), "/new");
  EXPECT_EQ(replay(get("/new"))->response.status, 200);
}

TEST_F(HarTest, RepeatedRequestsBecomeASequenceInEntryOrder) {
  import({entry("GET", "http://h/todos", 200, "[]"), entry("GET", "http://h/todos", 200, "[1]")});
  Cassette cassette{dir_ / "cassette"};
  EXPECT_EQ(CassetteEngine{cassette}.play(get("/todos"))->response.body, "[]");
  EXPECT_EQ(CassetteEngine{cassette}.play(get("/todos"))->response.body, "[1]");
}

TEST_F(HarTest, PostDataIsTheRequestBodyAndPseudoHeadersAreDropped) {
  auto post = entry("POST", "http://h/todos", 201, R"({"id":7})");
  post["request"]["headers"].push_back({{"name", ":authority"}, {"value", "h"}});
  post["request"]["headers"].push_back({{"name", "content-type"}, {"value", "application/json"}});
  post["request"]["postData"] = {{"mimeType", "application/json"}, {"text", R"({"title":"x"})"}};
  const auto result = import({post});
  ASSERT_THAT(result.files, SizeIs(1));
  const auto exchange = read_fixture(result.files[0]);
  EXPECT_EQ(exchange.request.body, R"({"title":"x"})");
  EXPECT_FALSE(exchange.request.headers.contains(":authority"));
}

TEST_F(HarTest, EntriesThatCannotBeImportedAreReportedWithIndexAndReason) {
  auto no_request = entry("GET", "http://h/a", 200, "");
  no_request.erase("request");
  auto bad_base64 = entry("GET", "http://h/b", 200, "");
  bad_base64["response"]["content"]["text"] = "not base64!";
  bad_base64["response"]["content"]["encoding"] = "base64";
  const auto result = import({entry("GET", "http://h/ok", 200, ""), no_request,
                              entry("GET", "http://h/blocked", 0, ""), bad_base64});
  EXPECT_THAT(result.files, SizeIs(1));
  ASSERT_THAT(result.problems, SizeIs(3));
  EXPECT_EQ(result.problems[0].index, 1u);
  EXPECT_THAT(result.problems[0].reason, HasSubstr("entry.request is missing"));
  EXPECT_EQ(result.problems[1].index, 2u);
  EXPECT_THAT(result.problems[1].reason, HasSubstr("status is 0"));
  EXPECT_EQ(result.problems[2].index, 3u);
  EXPECT_THAT(result.problems[2].reason, HasSubstr("not base64"));
}

TEST_F(HarTest, BaseUrlIsStrippedAndUrlsOutsideItAreReported) {
  const auto result = import({entry("GET", "http://api.test/v1/todos?a=1", 200, ""),
                              entry("GET", "http://cdn.test/x", 200, "")},
                             {.base_url = "http://api.test/v1/"});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_EQ(read_fixture(result.files[0]).request.target, "/todos?a=1");
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_THAT(result.problems[0].reason, HasSubstr("not under the base URL http://api.test/v1"));
}

TEST_F(HarTest, SecretsAreRedactedBeforeTheyReachDisk) {
  auto login = entry("POST", "http://h/login?api_key=SECRET-q", 200, R"({"token":"SECRET-t"})");
  login["request"]["headers"].push_back({{"name", "Authorization"}, {"value", "Bearer SECRET-a"}});
  HarImportOptions options;
  options.config.redact = {.headers = {}, .query = {"api_key"}, .json = {"token"}};
  const auto result = import({login}, options);
  ASSERT_THAT(result.files, SizeIs(1));
  std::ifstream in{result.files[0]};
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  EXPECT_THAT(text, Not(HasSubstr("SECRET")));
  EXPECT_THAT(text, HasSubstr("<REDACTED>"));
}

TEST_F(HarTest, TextThatIsNotAHarLogIsAnInputError) {
  EXPECT_THROW(import_har("{}", "x.har", dir_ / "c"), InputError);
  EXPECT_THROW(import_har("not json", "x.har", dir_ / "c"), InputError);
  EXPECT_THROW(import_har(R"({"log": {}})", "x.har", dir_ / "c"), InputError);
}

TEST_F(HarTest, ImportWorksUnderCiBecauseItReachesNoNetwork) {
  test::ScopedEnv ci{"CI", "true"};
  EXPECT_THAT(import({entry("GET", "http://h/x", 200, "")}).files, SizeIs(1));
}

}  // namespace
}  // namespace automock
