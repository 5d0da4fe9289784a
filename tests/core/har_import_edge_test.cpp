// HAR import promises of docs/har.md that har_test.cpp leaves out: form
// bodies, fragments, bare hosts, adding to an existing cassette, the entries
// that are reported instead of imported, and the metadata taken over.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/har.hpp>
#include <nlohmann/json.hpp>

#include "core/cassette_engine.hpp"
#include "core/utc_time.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using Json = nlohmann::json;

// The smallest entry the importer takes: a request and a response.
Json minimal_entry(const std::string& method, const std::string& url, int status = 200) {
  return {{"request", {{"method", method}, {"url", url}, {"headers", Json::array()}}},
          {"response",
           {{"status", status},
            {"headers", Json::array()},
            {"content", {{"mimeType", "text/plain"}, {"text", "ok"}}}}}};
}

class HarImportEdgeTest : public ::testing::Test {
 protected:
  HarImportResult import(const std::vector<Json>& entries, HarImportOptions options = {}) {
    const Json har = {{"log", {{"version", "1.2"}, {"entries", entries}}}};
    return import_har(har.dump(), "edge.har", cassette(), options);
  }
  std::filesystem::path cassette() const { return dir_ / "cassette"; }
  Exchange only_exchange(const HarImportResult& result) {
    EXPECT_THAT(result.problems, SizeIs(0));
    EXPECT_THAT(result.files, SizeIs(1));
    return result.files.empty() ? Exchange{} : read_fixture(result.files[0]);
  }

  test::ScopedEnv no_mode_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
};

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

TEST_F(HarImportEdgeTest, AFormParamWithoutANameIsReported) {
  auto post = minimal_entry("POST", "http://h/login");
  post["request"]["postData"] = {{"params", Json::array({{{"value", "orphan"}}})}};
  const auto result = import({post});
  EXPECT_THAT(result.files, SizeIs(0));
  ASSERT_THAT(result.problems, SizeIs(1));
  EXPECT_THAT(result.problems[0].reason, HasSubstr("params[].name is missing"));
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

TEST_F(HarImportEdgeTest, ImportingIntoAnExistingCassetteContinuesItsSequences) {
  import({minimal_entry("GET", "http://h/items")});
  const auto second = import({minimal_entry("GET", "http://h/items")});
  ASSERT_THAT(second.files, SizeIs(1));
  EXPECT_EQ(read_fixture(second.files[0]).seq, 1);
  Cassette replay{cassette()};
  EXPECT_TRUE(CassetteEngine{replay}.play(Request{.target = "/items"}).has_value());
  EXPECT_EQ(CassetteEngine{replay}.play(Request{.target = "/items"})->seq, 1);
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
  ASSERT_THAT(result.problems, SizeIs(4));
  EXPECT_THAT(result.problems[0].reason, HasSubstr("response.status 99"));
  EXPECT_THAT(result.problems[1].reason, HasSubstr("response.status 600"));
  EXPECT_THAT(result.problems[2].reason, HasSubstr("encoding 'br' is unknown"));
  EXPECT_THAT(result.problems[3].reason, HasSubstr("not an integer"));
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
  ASSERT_THAT(result.problems, SizeIs(4));
  EXPECT_THAT(result.problems[0].reason, HasSubstr("headers is not an array"));
  EXPECT_THAT(result.problems[1].reason, HasSubstr("malformed entry"));
  EXPECT_THAT(result.problems[2].reason, HasSubstr("request.url is not a string"));
  EXPECT_THAT(result.problems[3].reason, HasSubstr("entry.request is missing"));
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

TEST_F(HarImportEdgeTest, AnEmptyEntriesArrayWritesNothing) {
  const auto result = import({});
  EXPECT_THAT(result.files, SizeIs(0));
  EXPECT_THAT(result.problems, SizeIs(0));
}

}  // namespace
}  // namespace automock
