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

using ::testing::ElementsAre;
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

// The smallest entry the importer takes: a request and a response.
Json minimal_entry(const std::string& method, const std::string& url, int status = 200) {
  return {{"request", {{"method", method}, {"url", url}, {"headers", Json::array()}}},
          {"response",
           {{"status", status},
            {"headers", Json::array()},
            {"content", {{"mimeType", "text/plain"}, {"text", "ok"}}}}}};
}

std::string har_of(const std::vector<Json>& entries) {
  return Json{{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "test"}, {"version", "1"}}},
                {"entries", entries}}}}
      .dump();
}

// The reasons of the problems `result` reports, in entry order.
std::vector<std::string> reasons_of(const HarImportResult& result) {
  std::vector<std::string> reasons;
  for (const auto& problem : result.problems) reasons.push_back(problem.reason);
  return reasons;
}

class HarTest : public ::testing::Test {
 protected:
  HarImportResult import(const std::vector<Json>& entries, HarImportOptions options = {}) {
    return import_har(har_of(entries), "test.har", cassette(), options);
  }
  std::filesystem::path cassette() const { return dir_ / "cassette"; }
  std::optional<Exchange> replay(const Request& request) {
    Cassette replaying{cassette()};
    return CassetteEngine{replaying}.play(request);
  }
  static Request get(std::string target) { return {.method = "GET", .target = std::move(target)}; }
  // The one fixture that importing wrote, read back; a problem or another count fails the test.
  Exchange only_exchange(const HarImportResult& result) {
    EXPECT_THAT(result.problems, SizeIs(0));
    EXPECT_THAT(result.files, SizeIs(1));
    return result.files.empty() ? Exchange{} : read_fixture(result.files[0]);
  }

  test::ScopedEnv no_mode_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
};

// The promises of docs/har.md added later, under the suite name they were written with.
class HarImportEdgeTest : public HarTest {};

// Where an entry lands: its target, the base URL.

TEST_F(HarTest, EachEntryBecomesAnExchangeKeyedWithItsOrigin) {
  const auto result =
      import({entry("GET", "https://api.test:8443/v1/todos?done=false#top", 200, R"([{"id":1}])")});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_TRUE(result.problems.empty());
  const auto exchange = read_fixture(result.files[0]);
  EXPECT_EQ(exchange.request.target, "/v1/todos?done=false");
  EXPECT_EQ(exchange.route, "https://api.test:8443");
  EXPECT_EQ(exchange.response.body, R"([{"id":1}])");
  EXPECT_EQ(exchange.latency_ms, 12.5);
  EXPECT_EQ(exchange.recorded_at, *parse_utc_time("2026-11-26T12:00:00.250Z"));
}

TEST_F(HarImportEdgeTest, TheFragmentIsDroppedAndABareHostIsTheRoot) {
  const auto result =
      import({minimal_entry("GET", "https://h.test/a?x=1#section"),
              minimal_entry("GET", "https://h.test"), minimal_entry("GET", "https://h.test?q=2")});
  ASSERT_THAT(result.files, SizeIs(3));
  EXPECT_EQ(read_fixture(result.files[0]).request.target, "/a?x=1");
  EXPECT_EQ(read_fixture(result.files[1]).request.target, "/");
  EXPECT_EQ(read_fixture(result.files[2]).request.target, "/?q=2");
}

TEST_F(HarTest, TwoHostsWithoutABaseUrlStayApart) {
  const auto result = import({entry("GET", "https://api.github.test/user", 200, R"({"gh":1})"),
                              entry("GET", "https://api.stripe.test/user", 200, R"({"st":1})")});
  ASSERT_THAT(result.files, SizeIs(2));
  EXPECT_NE(read_fixture(result.files[0]).key, read_fixture(result.files[1]).key);
  EXPECT_EQ(read_fixture(result.files[1]).seq, 0);
  EXPECT_EQ(replay(get("https://api.stripe.test/user"))->response.body, R"({"st":1})");
  EXPECT_EQ(replay(get("https://api.github.test/user"))->response.body, R"({"gh":1})");
}

TEST_F(HarTest, BaseUrlIsStrippedAndUrlsOutsideItAreReported) {
  const auto result = import({entry("GET", "http://api.test/v1/todos?a=1", 200, ""),
                              entry("GET", "http://cdn.test/x", 200, "")},
                             {.base_url = "http://api.test/v1/"});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_EQ(read_fixture(result.files[0]).request.target, "/todos?a=1");
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].reason,
            "/log/entries/1/request/url: URL http://cdn.test/x is not under the base URL "
            "http://api.test/v1");
}

TEST_F(HarImportEdgeTest, ABaseUrlMatchesWholeSegmentsOnly) {
  const auto result = import(
      {minimal_entry("GET", "http://api.test/v1"), minimal_entry("GET", "http://api.test/v10/x"),
       minimal_entry("GET", "http://api.test/v1?all=1")},
      {.base_url = "http://api.test/v1"});
  ASSERT_THAT(result.files, SizeIs(2));
  EXPECT_EQ(read_fixture(result.files[0]).request.target, "/");
  EXPECT_EQ(read_fixture(result.files[1]).request.target, "/?all=1");
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].index, 1u);
}

// Times and latency.

TEST_F(HarTest, StartedDateTimeWithAnOffsetIsTakenAsUtc) {
  auto with_offset = entry("GET", "http://h/x", 200, "");
  with_offset["startedDateTime"] = "2026-11-26T13:30:00.123+01:30";
  const auto result = import({with_offset});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_EQ(read_fixture(result.files[0]).recorded_at, *parse_utc_time("2026-11-26T12:00:00.123Z"));
}

TEST_F(HarImportEdgeTest, StartTimesWithANegativeOffsetAreTurnedIntoUtc) {
  auto entry = minimal_entry("GET", "http://h/a");
  entry["startedDateTime"] = "2026-11-26T07:30:00.999-05:30";
  entry["time"] = 80.25;
  const auto exchange = only_exchange(import({entry}));
  EXPECT_EQ(format_utc_seconds(exchange.recorded_at), "2026-11-26T13:00:00Z");
  EXPECT_DOUBLE_EQ(exchange.latency_ms, 80.25);
}

TEST_F(HarImportEdgeTest, ANegativeOrMissingTimeIsNoLatency) {
  auto negative = minimal_entry("GET", "http://h/a");
  negative["time"] = -1;
  const auto result = import({negative, minimal_entry("GET", "http://h/b")});
  ASSERT_THAT(result.files, SizeIs(2));
  EXPECT_EQ(read_fixture(result.files[0]).latency_ms, 0.0);
  EXPECT_EQ(read_fixture(result.files[1]).latency_ms, 0.0);
}

// Bodies and headers.

TEST_F(HarTest, Base64BodiesAreDecoded) {
  auto binary = entry("GET", "http://h/logo.png", 200, "");
  binary["response"]["content"] = {
      {"size", 4}, {"mimeType", "image/png"}, {"text", "iVBORw=="}, {"encoding", "base64"}};
  import({binary});
  const auto exchange = replay(get("http://h/logo.png"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(exchange->response.body, std::string("\x89PNG", 4));
}

TEST_F(HarTest, MissingBodyIsEmptyAndLengthHeadersAreDropped) {
  auto no_body = entry("GET", "http://h/big", 200, "");
  no_body["response"]["content"] = {{"size", 1000}, {"mimeType", "text/plain"}};
  no_body["response"]["headers"].push_back({{"name", "Content-Length"}, {"value", "1000"}});
  no_body["response"]["headers"].push_back({{"name", "content-encoding"}, {"value", "gzip"}});
  import({no_body});
  const auto exchange = replay(get("http://h/big"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(exchange->response.body, "");
  EXPECT_FALSE(exchange->response.headers.contains("Content-Length"));
  EXPECT_FALSE(exchange->response.headers.contains("Content-Encoding"));
}

TEST_F(HarImportEdgeTest, FramingAndCodingHeadersAreDroppedFromResponsesOnly) {
  auto entry = minimal_entry("POST", "http://h/upload");
  entry["request"]["headers"] = Json::array({{{"name", "Content-Length"}, {"value", "3"}}});
  entry["request"]["postData"] = {{"text", "abc"}};
  entry["response"]["headers"] = Json::array({{{"name", "transfer-encoding"}, {"value", "chunked"}},
                                              {{"name", "content-encoding"}, {"value", "gzip"}},
                                              {{"name", "Content-Length"}, {"value", "999"}},
                                              {{"name", "X-Request-Id"}, {"value", "r1"}}});
  const auto exchange = only_exchange(import({entry}));
  EXPECT_EQ(exchange.response.headers, (Headers{{"X-Request-Id", "r1"}}));
  EXPECT_EQ(exchange.response.body, "ok");
  EXPECT_EQ(exchange.request.headers.get("Content-Length"), "3");
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

TEST_F(HarImportEdgeTest, FormParamsBecomeAFormBodyWhenThereIsNoText) {
  auto post = minimal_entry("POST", "http://h/login");
  post["request"]["postData"] = {
      {"mimeType", "application/x-www-form-urlencoded"},
      {"params", Json::array({{{"name", "user"}, {"value", "ada"}}, {{"name", "remember"}}})}};
  EXPECT_EQ(only_exchange(import({post})).request.body, "user=ada&remember=");
}

TEST_F(HarImportEdgeTest, PostDataTextWinsOverItsParams) {
  auto post = minimal_entry("POST", "http://h/login");
  post["request"]["postData"] = {{"text", "raw=1"},
                                 {"params", Json::array({{{"name", "x"}, {"value", "y"}}})}};
  EXPECT_EQ(only_exchange(import({post})).request.body, "raw=1");
}

// Sequences.

TEST_F(HarTest, ARedirectStaysItsOwnExchange) {
  auto redirect = entry("GET", "http://h/old", 302, "");
  redirect["response"]["headers"].push_back({{"name", "Location"}, {"value", "/new"}});
  const auto result = import({redirect, entry("GET", "http://h/new", 200, "{}")});
  EXPECT_THAT(result.files, SizeIs(2));
  EXPECT_EQ(replay(get("http://h/old"))->response.status, 302);
  EXPECT_EQ(replay(get("http://h/old"))->response.headers.get("Location"), "/new");
  EXPECT_EQ(replay(get("http://h/new"))->response.status, 200);
}

TEST_F(HarTest, RepeatedRequestsBecomeASequenceInEntryOrder) {
  import({entry("GET", "http://h/todos", 200, "[]"), entry("GET", "http://h/todos", 200, "[1]")});
  Cassette cassette{dir_ / "cassette"};
  EXPECT_EQ(CassetteEngine{cassette}.play(get("http://h/todos"))->response.body, "[]");
  EXPECT_EQ(CassetteEngine{cassette}.play(get("http://h/todos"))->response.body, "[1]");
}

TEST_F(HarImportEdgeTest, ImportingIntoAnExistingCassetteContinuesItsSequences) {
  import({minimal_entry("GET", "http://h/items")});
  const auto second = import({minimal_entry("GET", "http://h/items")});
  ASSERT_THAT(second.files, SizeIs(1));
  EXPECT_EQ(read_fixture(second.files[0]).seq, 1);
  Cassette replay{cassette()};
  EXPECT_TRUE(CassetteEngine{replay}.play(Request{.target = "http://h/items"}).has_value());
  EXPECT_EQ(CassetteEngine{replay}.play(Request{.target = "http://h/items"})->seq, 1);
}

// What is reported instead of imported.

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
  EXPECT_EQ(result.problems[0].reason, "/log/entries/1/request: missing");
  EXPECT_EQ(result.problems[1].index, 2u);
  EXPECT_EQ(result.problems[1].reason,
            "/log/entries/2/response/status: 0: the request got no response");
  EXPECT_EQ(result.problems[2].index, 3u);
  EXPECT_THAT(result.problems[2].reason,
              HasSubstr("/log/entries/3/response/content/text: not base64"));
}

TEST_F(HarImportEdgeTest, StreamChunksAreReadFromAutomocksFieldsAndCheckedAgainstTheBody) {
  auto stream = entry("GET", "http://h/events", 200, "data: 1\n\ndata: 2\n\n");
  stream["_automock"] = {
      {"chunks", Json::parse(R"([{"size":9,"offset_ms":0},{"size":9,"offset_ms":4.5}])")},
      {"cut", "time limit"}};
  const auto imported = only_exchange(import({stream}));
  EXPECT_THAT(imported.response.chunks, ElementsAre(BodyChunk{9, 0.0}, BodyChunk{9, 4.5}));
  EXPECT_EQ(imported.response.cut, "time limit");

  auto short_chunks = entry("GET", "http://h/short", 200, "abc");
  short_chunks["_automock"] = {{"chunks", Json::parse(R"([{"size":1,"offset_ms":0}])")}};
  auto bad_cut = entry("GET", "http://h/cut", 200, "abc");
  bad_cut["_automock"] = {{"cut", "bored"}};
  EXPECT_THAT(reasons_of(import({short_chunks, bad_cut})),
              ElementsAre("/log/entries/0/_automock/chunks: the sizes add up to 1 bytes, the "
                          "body has 3",
                          "/log/entries/1/_automock/cut: expected \"time limit\", \"size "
                          "limit\" or \"client closed\""));
}

TEST_F(HarImportEdgeTest, AFormParamWithoutANameIsReported) {
  auto post = minimal_entry("POST", "http://h/login");
  post["request"]["postData"] = {{"params", Json::array({{{"value", "orphan"}}})}};
  const auto result = import({post});
  EXPECT_THAT(result.files, SizeIs(0));
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_EQ(result.problems[0].reason, "/log/entries/0/request/postData/params/0/name: missing");
}

TEST_F(HarImportEdgeTest, StatusesOutsideHttpAndUnknownEncodingsAreReported) {
  auto brotli_text = minimal_entry("GET", "http://h/c");
  brotli_text["response"]["content"]["encoding"] = "br";
  auto float_status = minimal_entry("GET", "http://h/d");
  float_status["response"]["status"] = 200.5;
  const auto result =
      import({minimal_entry("GET", "http://h/a", 99), minimal_entry("GET", "http://h/b", 600),
              brotli_text, float_status, minimal_entry("GET", "http://h/ok", 599)});
  EXPECT_THAT(result.files, SizeIs(1));
  EXPECT_THAT(reasons_of(result),
              ElementsAre("/log/entries/0/response/status: 99 is outside 100..599",
                          "/log/entries/1/response/status: 600 is outside 100..599",
                          "/log/entries/2/response/content/encoding: 'br' is unknown",
                          "/log/entries/3/response/status: expected an integer"));
}

TEST_F(HarImportEdgeTest, MalformedEntriesAreReportedAndTheRestIsImported) {
  auto headers_object = minimal_entry("GET", "http://h/a");
  headers_object["request"]["headers"] = Json::object();
  auto numeric_time = minimal_entry("GET", "http://h/b");
  numeric_time["startedDateTime"] = 12345;
  auto url_number = minimal_entry("GET", "http://h/c");
  url_number["request"]["url"] = 7;
  const auto result = import({headers_object, numeric_time, url_number, Json("not an entry"),
                              minimal_entry("GET", "http://h/ok")});
  ASSERT_THAT(result.files, SizeIs(1));
  EXPECT_EQ(read_fixture(result.files[0]).request.target, "/ok");
  EXPECT_THAT(reasons_of(result), ElementsAre("/log/entries/0/request/headers: expected an array",
                                              "/log/entries/1/startedDateTime: expected a string",
                                              "/log/entries/2/request/url: expected a string",
                                              "/log/entries/3: expected an object"));
}

TEST_F(HarImportEdgeTest, AnEmptyEntriesArrayWritesNothing) {
  const auto result = import({});
  EXPECT_THAT(result.files, SizeIs(0));
  EXPECT_THAT(result.problems, SizeIs(0));
}

TEST_F(HarTest, TextThatIsNotAHarLogIsAnInputError) {
  EXPECT_THROW(import_har("{}", "x.har", dir_ / "c"), InputError);
  EXPECT_THROW(import_har("not json", "x.har", dir_ / "c"), InputError);
  EXPECT_THROW(import_har(R"({"log": {}})", "x.har", dir_ / "c"), InputError);
}

// Secrets and CI.

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

TEST_F(HarTest, PostDataMimeTypeIsTheContentTypeWhenTheRequestHasNone) {
  auto login = minimal_entry("POST", "http://h/login");
  login["request"]["postData"] = {{"mimeType", "application/json"},
                                  {"text", R"({"user":"ann","password":"SECRET-p"})"}};
  auto token = minimal_entry("POST", "http://h/token");
  token["request"]["postData"] = {{"mimeType", "application/x-www-form-urlencoded"},
                                  {"text", "grant_type=password&client_secret=SECRET-c"}};
  const auto result = import({login, token});
  ASSERT_THAT(result.files, SizeIs(2));
  for (const auto& file : result.files) {
    const auto exchange = read_fixture(file);
    EXPECT_THAT(exchange.request.body, Not(HasSubstr("SECRET"))) << file;
    EXPECT_TRUE(exchange.request.headers.contains("Content-Type")) << file;
  }
}

TEST_F(HarTest, ImportWorksUnderCiBecauseItReachesNoNetwork) {
  test::ScopedEnv ci{"CI", "true"};
  EXPECT_THAT(import({entry("GET", "http://h/x", 200, "")}).files, SizeIs(1));
}

}  // namespace
}  // namespace automock
