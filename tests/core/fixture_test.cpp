#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <random>

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

Exchange sample_exchange() {
  Exchange exchange;
  exchange.key = "9f86d081884c7d65";
  exchange.seq = 0;
  exchange.route = "todo";
  exchange.recorded_at =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 10h + 44min + 15s;
  exchange.request.method = "POST";
  exchange.request.target = "/v1/todos?done=false";
  exchange.request.headers = {{"content-type", "application/json"}};
  exchange.request.body = R"({"title":"write tests"})";
  exchange.response.status = 201;
  exchange.response.headers = {{"content-type", "application/json"}};
  exchange.response.body = R"({"id":7,"title":"write tests"})";
  exchange.latency_ms = 12.5;
  return exchange;
}

Exchange round_trip(const Exchange& exchange) {
  return parse_fixture(serialize_fixture(exchange), "round-trip.json");
}

// An exchange carrying `body` in both directions under `content_type`.
Exchange with_body(const std::string& body, const std::string& content_type) {
  Exchange exchange = sample_exchange();
  exchange.request.headers = {{"content-type", content_type}};
  exchange.response.headers = {{"content-type", content_type}};
  exchange.request.body = body;
  exchange.response.body = body;
  return exchange;
}

void expect_bodies_round_trip(const std::string& body, const std::string& content_type) {
  const Exchange exchange = with_body(body, content_type);
  const Exchange back = round_trip(exchange);
  EXPECT_EQ(back.request.body, body);
  EXPECT_EQ(back.response.body, body);
  EXPECT_EQ(back, exchange);
}

TEST(FixtureTest, WritesTheDocumentedLayout) {
  EXPECT_EQ(serialize_fixture(sample_exchange()), R"({
  "automock": 1,
  "key": "9f86d081884c7d65",
  "seq": 0,
  "recorded_at": "2026-11-26T10:44:15Z",
  "request": {
    "method": "POST",
    "route": "todo",
    "url": "/v1/todos?done=false",
    "headers": [
      ["content-type", "application/json"]
    ],
    "body": {
      "title": "write tests"
    }
  },
  "response": {
    "status": 201,
    "headers": [
      ["content-type", "application/json"]
    ],
    "body": {
      "id": 7,
      "title": "write tests"
    },
    "latency_ms": 12.5
  }
}
)");
}

TEST(FixtureTest, WritesOneLinePerHeader) {
  Exchange exchange = sample_exchange();
  exchange.request.headers = {};
  exchange.response.headers = {{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=\"2\""}};
  const std::string text = serialize_fixture(exchange);
  EXPECT_THAT(text, HasSubstr("\"headers\": [],\n"));
  EXPECT_THAT(text, HasSubstr(R"(    "headers": [
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=\"2\""]
    ],
)"));
}

TEST(FixtureTest, RoundTripKeepsEveryField) {
  Exchange exchange = sample_exchange();
  exchange.seq = 3;
  exchange.route = "";
  exchange.latency_ms = 0.125;
  exchange.request.headers = {{"Accept", "a"}, {"X-Tag", "1"}, {"accept", "b"}, {"X-Tag", "2"}};
  exchange.response.headers = {{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}, {"Via", "x"}};
  EXPECT_EQ(round_trip(exchange), exchange);
}

TEST(FixtureTest, RecordedAtKeepsMicrosecondsSoACassetteHasAnOrder) {
  Exchange exchange = sample_exchange();
  const auto whole = exchange.recorded_at;
  exchange.recorded_at += 999ms + 250us + 7ns;
  EXPECT_THAT(serialize_fixture(exchange),
              HasSubstr(R"("recorded_at": "2026-11-26T10:44:15.999250Z")"));
  EXPECT_EQ(round_trip(exchange).recorded_at, whole + 999ms + 250us);
  exchange.recorded_at = whole;
  EXPECT_THAT(serialize_fixture(exchange), HasSubstr(R"("recorded_at": "2026-11-26T10:44:15Z")"));
}

TEST(FixtureTest, CompactJsonIsEmbeddedWithoutIndent) {
  const std::string text = serialize_fixture(with_body(R"({"b":1,"a":[true,null]})", "text/plain"));
  EXPECT_THAT(text, HasSubstr("\"body\": {"));
  EXPECT_THAT(text, Not(HasSubstr("body_indent")));
  expect_bodies_round_trip(R"({"b":1,"a":[true,null]})", "text/plain");
}

TEST(FixtureTest, PrettyJsonRecordsItsIndent) {
  for (int indent : {2, 4}) {
    const std::string pad(static_cast<size_t>(indent), ' ');
    const std::string body =
        "{\n" + pad + "\"z\": 1,\n" + pad + "\"a\": [\n" + pad + pad + "2\n" + pad + "]\n}";
    const std::string text = serialize_fixture(with_body(body, "application/json"));
    EXPECT_THAT(text, HasSubstr("\"body_indent\": " + std::to_string(indent)));
    expect_bodies_round_trip(body, "application/json");
  }
}

TEST(FixtureTest, JsonBodiesRoundTripByteForByte) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  const std::vector<std::string> bodies = {
      R"({"name":"\u00e9"})",  // escaped, nlohmann would print é
      R"({"name":"é😀"})",
      R"({"a":0.1,"b":1e100,"c":1.50,"d":-0.0})",  // floats as written
      R"([0.1,1.0,1e+100])",
      R"([9223372036854775808])",   // 2^63
      R"([18446744073709551617])",  // 2^64 + 1
      R"([123456789012345678901234567890])",
      R"({"n":-0})",
      R"({"a":1,"a":2})",  // duplicate key
      R"({ "spaced": true })",
      "{\"x\":1}\n",        // trailing newline
      "[\n  1,\n    2\n]",  // inconsistent indent
      "{\n\t\"tab\": 1\n}",
      deep,
      R"("just a string")",
      "42",
      "null",
      R"({"s":"line\nbreak\u0000nul"})",
      "[1e999]",  // beyond a double
      "[1E5,1e-05,2.5e-07,100000.0]",
  };
  for (const auto& body : bodies) {
    SCOPED_TRACE(body);
    expect_bodies_round_trip(body, "application/json");
    expect_bodies_round_trip(body, "text/plain");
  }
}

TEST(FixtureTest, JsonThatWouldNotPrintBackIsKeptAsText) {
  const std::string text = serialize_fixture(with_body(R"({"name":"\u00e9"})", "application/json"));
  EXPECT_THAT(text, HasSubstr(R"("body_text": "{\"name\":\"\\u00e9\"}")"));
}

TEST(FixtureTest, ScalarJsonIsEmbeddedOnlyUnderAJsonContentType) {
  EXPECT_THAT(serialize_fixture(with_body("42", "application/json")), HasSubstr("\"body\": 42"));
  EXPECT_THAT(serialize_fixture(with_body("42", "application/problem+json; charset=utf-8")),
              HasSubstr("\"body\": 42"));
  EXPECT_THAT(serialize_fixture(with_body("42", "text/plain")), HasSubstr("\"body_text\": \"42\""));
  EXPECT_THAT(serialize_fixture(with_body("42", "text/plain")), Not(HasSubstr("\"body\":")));
}

TEST(FixtureTest, VeryDeepJsonIsKeptAsText) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string text = serialize_fixture(with_body(deep, "application/json"));
  EXPECT_THAT(text, HasSubstr("\"body_text\""));
  EXPECT_EQ(parse_fixture(text, "deep.json").response.body, deep);
}

TEST(FixtureTest, EmptyBodyHasNoBodyField) {
  Exchange exchange = with_body("", "application/json");
  const std::string text = serialize_fixture(exchange);
  EXPECT_THAT(text, Not(HasSubstr("\"body")));
  EXPECT_EQ(round_trip(exchange), exchange);
}

TEST(FixtureTest, Utf8TextIsStoredAsText) {
  const std::string body = "caf\xc3\xa9 \xf0\x9f\x98\x80 plain text\r\n\ttabbed";
  EXPECT_THAT(serialize_fixture(with_body(body, "text/plain")), HasSubstr("\"body_text\""));
  expect_bodies_round_trip(body, "text/plain");
}

TEST(FixtureTest, TextWithNulBytesIsStoredAsText) {
  const std::string body("a\0b\0\0c", 6);
  EXPECT_THAT(serialize_fixture(with_body(body, "text/plain")), HasSubstr(R"(a\u0000b)"));
  expect_bodies_round_trip(body, "application/octet-stream");
}

TEST(FixtureTest, InvalidUtf8IsStoredAsBase64) {
  const std::string body("\xff\x00\xfe", 3);
  EXPECT_THAT(serialize_fixture(with_body(body, "application/octet-stream")),
              HasSubstr("\"body_base64\": \"/wD+\""));
  expect_bodies_round_trip(body, "application/octet-stream");
}

TEST(FixtureTest, RandomBinaryBodiesRoundTrip) {
  std::mt19937 random{20261126};
  for (int i = 0; i < 100; ++i) {
    std::string body(random() % 2048, '\0');
    for (char& byte : body) byte = static_cast<char>(random());
    SCOPED_TRACE(i);
    expect_bodies_round_trip(body, i % 2 ? "application/json" : "application/octet-stream");
  }
}

TEST(FixtureTest, SerializeRejectsWhatCannotBeReadBack) {
  Exchange bad_key = sample_exchange();
  bad_key.key = "not-a-key";
  EXPECT_THROW(serialize_fixture(bad_key), InputError);
  Exchange bad_header = sample_exchange();
  bad_header.response.headers.add("X-Latin1", "caf\xe9");
  EXPECT_THROW(serialize_fixture(bad_header), InputError);
  Exchange bad_status = sample_exchange();
  bad_status.response.status = 42;
  EXPECT_THROW(serialize_fixture(bad_status), InputError);
  Exchange bad_latency = sample_exchange();
  bad_latency.latency_ms = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(serialize_fixture(bad_latency), InputError);
  bad_latency.latency_ms = 1e15;
  EXPECT_THROW(serialize_fixture(bad_latency), InputError);
  Exchange split_header = sample_exchange();
  split_header.response.headers.add("X-A", "x\r\nSet-Cookie: a=1");
  EXPECT_THROW(serialize_fixture(split_header), InputError);
  Exchange no_method = sample_exchange();
  no_method.request.method = "";
  EXPECT_THROW(serialize_fixture(no_method), InputError);
}

Exchange streamed_exchange() {
  Exchange exchange = sample_exchange();
  exchange.response.headers = {{"content-type", "text/event-stream"}};
  exchange.response.body = "data: 1\n\ndata: 2\n\n";
  exchange.response.chunks = {{9, 0.5}, {9, 100.25}};
  exchange.response.cut = "time limit";
  return exchange;
}

TEST(FixtureTest, AStreamedResponseKeepsItsChunksOneALineAndItsCut) {
  const std::string text = serialize_fixture(streamed_exchange());
  EXPECT_THAT(text, HasSubstr(R"(    "latency_ms": 12.5,
    "chunks": [
      {"size": 9, "offset_ms": 0.5},
      {"size": 9, "offset_ms": 100.25}
    ],
    "cut": "time limit"
  }
})"));
  EXPECT_EQ(round_trip(streamed_exchange()), streamed_exchange());
}

TEST(FixtureTest, AResponseWithoutAStreamHasNoStreamFields) {
  const std::string text = serialize_fixture(sample_exchange());
  EXPECT_THAT(text, Not(HasSubstr("chunks")));
  EXPECT_THAT(text, Not(HasSubstr("cut")));
  EXPECT_TRUE(round_trip(sample_exchange()).response.chunks.empty());
}

TEST(FixtureTest, SerializeRejectsChunksThatDoNotDescribeTheBody) {
  Exchange short_chunks = streamed_exchange();
  short_chunks.response.chunks = {{9, 0}};
  EXPECT_THROW(serialize_fixture(short_chunks), InputError);
  Exchange empty_chunk = streamed_exchange();
  empty_chunk.response.chunks = {{18, 0}, {0, 1}};
  EXPECT_THROW(serialize_fixture(empty_chunk), InputError);
  Exchange backwards = streamed_exchange();
  backwards.response.chunks = {{9, 5}, {9, 1}};
  EXPECT_THROW(serialize_fixture(backwards), InputError);
  Exchange not_a_number = streamed_exchange();
  not_a_number.response.chunks[1].offset_ms = std::numeric_limits<double>::infinity();
  EXPECT_THROW(serialize_fixture(not_a_number), InputError);
  Exchange unknown_cut = streamed_exchange();
  unknown_cut.response.cut = "bored";
  EXPECT_THROW(serialize_fixture(unknown_cut), InputError);
}

TEST(FixtureTest, HandWrittenJsonBodyIsServedCompact) {
  const std::string text = R"({"automock": 1, "key": "9f86d081884c7d65", "seq": 0,
    "recorded_at": "2026-11-26T10:44:15Z",
    "request": {"method": "GET", "route": "", "url": "/", "headers": []},
    "response": {"status": 200, "headers": [], "body": {"b": 1, "a": 2}, "latency_ms": 3}})";
  const Exchange exchange = parse_fixture(text, "hand.json");
  EXPECT_EQ(exchange.response.body, R"({"b":1,"a":2})");
  EXPECT_EQ(exchange.request.body, "");
  EXPECT_EQ(exchange.latency_ms, 3.0);
}

}  // namespace
}  // namespace automock
