// Test vectors pinning the canonical request v1 (docs/canonical-request.md).
// Every key literal was computed from the canonical text with the reference
// tool `xxhsum -H3` (xxHash 0.8.1), never with automock itself.

#include <gtest/gtest.h>

#include <automock/match.hpp>
#include <set>
#include <string>

#include "support/requests.hpp"

namespace automock {
namespace {

using test::get;

Request with_headers(std::string target, Headers headers) {
  return {.method = "GET", .target = std::move(target), .headers = std::move(headers)};
}

Request post(std::string target, std::string content_type, std::string body) {
  return {.method = "POST",
          .target = std::move(target),
          .headers = {{"Content-Type", std::move(content_type)}},
          .body = std::move(body)};
}

const MatchContext k_plain{};
const MatchContext k_ignore_ts{.match = {.ignore_query = {"_ts"}}};
const MatchContext k_redact_api_key{.redact = {.query = {"api_key"}}};
const MatchContext k_match_accept{.match = {.headers = {"Accept"}}};
const MatchContext k_match_x{.match = {.headers = {"x-b", "x-a"}}};
const MatchContext k_match_authorization{.match = {.headers = {"authorization"}}};
const MatchContext k_ignore_json{
    .match = {.ignore_json = {"/request_id", "/items/1", "/a~1b", "/m~0n"}}};
const MatchContext k_redact_json{.redact = {.json = {"password", "/user/token"}}};
const MatchContext k_form{.match = {.ignore_query = {"_csrf"}}, .redact = {.query = {"password"}}};
const MatchContext k_route_todo{.route = "todo"};
const MatchContext k_volatile{.match = {.path_patterns = {*builtin_path_pattern("uuid"),
                                                          *builtin_path_pattern("timestamp"),
                                                          *builtin_path_pattern("epoch"),
                                                          {"order", "ord_[0-9a-z]+"}}}};
const MatchContext k_ignore_request_id{
    .match = {.headers = {"accept", "x-request-id"}, .ignore_headers = {"X-Request-Id"}}};

const std::string k_multipart_body =
    "------abc123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n------abc123--\r\n";

struct Vector {
  std::string name;
  Request request;
  MatchContext context;
  std::string canonical;
  std::string key;
};

// gtest prints parameters with this; the name is enough.
void PrintTo(const Vector& vector, std::ostream* out) {
  *out << vector.name;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> all{
      {"EmptyGet", get("/"), k_plain, "automock-v1\nGET\n\n/\n\n\n", "606f2e0342294c27"},
      {"EmptyPathIsSlashAndMethodUppercased",
       {.method = "post", .target = ""},
       k_plain,
       "automock-v1\nPOST\n\n/\n\n\n",
       "4082177b66a23515"},
      {"QuerySortedByName", get("/v1/todos?limit=10&done=false"), k_plain,
       "automock-v1\nGET\n\n/v1/todos\ndone=false&limit=10\n\n", "b99411ae25e5c7ec"},
      {"QueryPlusIsSpace", get("/search?q=a+b&r=c%20d"), k_plain,
       "automock-v1\nGET\n\n/search\nq=a%20b&r=c%20d\n\n", "fbd08c6fc385ddfb"},
      {"UnreservedEscapesDecoded", get("/%7Euser/%41bc?x=%7e%41&y=-._"), k_plain,
       "automock-v1\nGET\n\n/~user/Abc\nx=~A&y=-._\n\n", "ce4f5852dfe66450"},
      {"ReservedEscapesUppercased", get("/a%2fb/caf%c3%a9?p=a%2fb&q=a/b"), k_plain,
       "automock-v1\nGET\n\n/a%2Fb/caf%C3%A9\np=a%2Fb&q=a%2Fb\n\n", "3dafab0dc8543e41"},
      {"QueryPartsSplitAtFirstEquals", get("/q?&b&a=1&&a=0&c=x=y&a=10"), k_plain,
       "automock-v1\nGET\n\n/q\na=0&a=1&a=10&b=&c=x%3Dy\n\n", "95888876199564fd"},
      {"QuerySortedBytewiseOnEncodedText", get("/s?~=2&%C3%A9=1&a=x&A=y&name=J%c3%bcrgen&bad=%zz"),
       k_plain, "automock-v1\nGET\n\n/s\n%C3%A9=1&A=y&a=x&bad=%25zz&name=J%C3%BCrgen&~=2\n\n",
       "9a7d7774bc1be9ec"},
      {"InvalidPathEscapesKept", get("/a%zz/b%4"), k_plain, "automock-v1\nGET\n\n/a%zz/b%4\n\n\n",
       "064b139683689b87"},
      {"IgnoredQueryParamLeftOut", get("/x?_ts=123&a=1"), k_ignore_ts,
       "automock-v1\nGET\n\n/x\na=1\n\n", "5742923390991287"},
      {"RedactedQueryValue", get("/x?api_key=s3cret&a=1"), k_redact_api_key,
       "automock-v1\nGET\n\n/x\na=1&api_key=<REDACTED>\n\n", "5d3f31a7c9478e38"},
      {"MatchedHeaderLowercasedAndTrimmed",
       with_headers("/h", {{"ACCEPT", "  application/json \t"}, {"X-Other", "1"}}), k_match_accept,
       "automock-v1\nGET\n\n/h\n\naccept:application/json\n\n", "189ca7d6e17cf58a"},
      {"MatchedHeadersSortedByNameThenValue",
       with_headers("/h", {{"x-b", "2"}, {"X-A", "z"}, {"x-a", "y"}}), k_match_x,
       "automock-v1\nGET\n\n/h\n\nx-a:y\nx-a:z\nx-b:2\n\n", "f340f46ae763acea"},
      {"MatchedRedactedHeader", with_headers("/h", {{"Authorization", "Bearer t1"}}),
       k_match_authorization, "automock-v1\nGET\n\n/h\n\nauthorization:<REDACTED>\n\n",
       "3ccb3972bc6acb54"},
      {"JsonKeysSortedWithoutWhiteSpace",
       post("/v1/todos", "application/json", "{ \"title\": \"write tests\",\n  \"done\": false }"),
       k_plain, "automock-v1\nPOST\n\n/v1/todos\n\n\n{\"done\":false,\"title\":\"write tests\"}",
       "ae8621dd9fec7d41"},
      {"JsonIgnoredPointersRemoved",
       post(
           "/v1/todos", "application/json",
           R"({"request_id":"r-1","items":[{"id":1},{"id":2},{"id":3}],"a/b":1,"m~n":2,"c":null})"),
       k_ignore_json,
       "automock-v1\nPOST\n\n/v1/todos\n\n\n"
       R"({"c":null,"items":[{"id":1},{"id":3}]})",
       "e125a0cc8027ef01"},
      {"JsonRedactedByNameAndPointer",
       post("/login", "application/json",
            R"({"user":{"name":"ann","password":"p1","token":"t"},)"
            R"("list":[{"password":"x"},[{"password":{"deep":1}}]]})"),
       k_redact_json,
       "automock-v1\nPOST\n\n/login\n\n\n"
       R"({"list":[{"password":"<REDACTED>"},[{"password":"<REDACTED>"}]],)"
       R"("user":{"name":"ann","password":"<REDACTED>","token":"<REDACTED>"}})",
       "fc3cc48c7443e70d"},
      {"JsonNumbers",
       post("/n", "application/json",
            "[1.0,0.1,1e100,-0.0,100,1E2,12345678901234567890,-9223372036854775808,1e21,1e-7,"
            "100000.0,123456.789,99999999999999999999,-5,0]"),
       k_plain,
       "automock-v1\nPOST\n\n/n\n\n\n"
       "[1.0,0.1,1e+100,-0.0,100,100.0,12345678901234567890,-9223372036854775808,1e+21,1e-07,"
       "1e+05,123456.789,1e+20,-5,0]",
       "de6aee38279d5845"},
      {"JsonStringsUtf8WithControlEscapes",
       post("/s", "application/json",
            R"({"s":"caf\u00e9 \u2713 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t\u0001\u001F\u007f",)"
            R"("B":true,"a":[],"aa":{},"\u00e9":1,"b":"x"})"),
       k_plain,
       "automock-v1\nPOST\n\n/s\n\n\n"
       R"({"B":true,"a":[],"aa":{},"b":"x","s":"caf)"
       "\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 "
       R"(\"q\" \\ / \b\f\n\r\t\u0001\u001f)"
       "\x7f\",\"\xc3\xa9\":1}",
       "d27b9fbf2ee9c44b"},
      {"PlusJsonMediaType",
       post("/items", "Application/Vnd.Api+JSON; charset=utf-8", "{\"b\":1, \"a\":2}"), k_plain,
       "automock-v1\nPOST\n\n/items\n\n\n{\"a\":2,\"b\":1}", "3549169efd196fca"},
      {"InvalidJsonHashedRaw", post("/items", "application/json", "{\"b\":1,"), k_plain,
       "automock-v1\nPOST\n\n/items\n\n\n{\"b\":1,", "f2672d1ab7f737fd"},
      {"InvalidUtf8JsonHashedRaw", post("/items", "application/json", "{\"b\":\"\xff\"}"), k_plain,
       "automock-v1\nPOST\n\n/items\n\n\n{\"b\":\"\xff\"}", "3e9e16e2483499b4"},
      {"TextBodyHashedRaw", post("/items", "text/plain", "{ \"b\": 1 }"), k_plain,
       "automock-v1\nPOST\n\n/items\n\n\n{ \"b\": 1 }", "5c0fa966256011fc"},
      {"FormBodyLikeQuery",
       post("/login", "application/x-www-form-urlencoded",
            "user=ann+lee&password=s3cret&remember&_csrf=abc"),
       k_form, "automock-v1\nPOST\n\n/login\n\n\npassword=<REDACTED>&remember=&user=ann%20lee",
       "c7dec4c3e2d00467"},
      {"MultipartBoundaryReplaced",
       post("/upload", "multipart/form-data; boundary=----abc123", k_multipart_body), k_plain,
       "automock-v1\nPOST\n\n/upload\n\n\n--automock-boundary\r\nContent-Disposition: form-data; "
       "name=\"a\"\r\n\r\n1\r\n--automock-boundary--\r\n",
       "726530944c7ffa78"},
      {"RouteLine",
       {.method = "DELETE", .target = "/v1/todos/7"},
       k_route_todo,
       "automock-v1\nDELETE\ntodo\n/v1/todos/7\n\n\n",
       "19d2b1028c3d6ec3"},
      {"OriginRouteLine",
       get("/user"),
       {.route = "https://api.github.test"},
       "automock-v1\nGET\nhttps://api.github.test\n/user\n\n\n",
       "0d61615f3f3033a2"},
      {"OriginWithPortRouteLine",
       get("/v1/items?page=1"),
       {.route = "http://api.test:8080"},
       "automock-v1\nGET\nhttp://api.test:8080\n/v1/items\npage=1\n\n",
       "855fa99bcaba61cd"},
      {"VolatileUuidSegment", get("/v1/orders/3F2504E0-4F89-11D3-9A0C-0305E82C3301/items?at=1"),
       k_volatile, "automock-v1\nGET\n\n/v1/orders/{uuid}/items\nat=1\n\n", "28039f0bdf548c27"},
      {"VolatileTimestampSegment", get("/v1/reports/2026-12-02T06%3a50%3a56.250Z"), k_volatile,
       "automock-v1\nGET\n\n/v1/reports/{timestamp}\n\n\n", "931c0f7c75cb156d"},
      {"VolatileEpochSegment", get("/v1/events/1764658256123"), k_volatile,
       "automock-v1\nGET\n\n/v1/events/{epoch}\n\n\n", "6ae71a09f72dee5e"},
      {"VolatileRegexSegment", get("/v1/orders/ord_8f3k2"), k_volatile,
       "automock-v1\nGET\n\n/v1/orders/{order}\n\n\n", "6b13cea86bbf1cd5"},
      {"IgnoredHeaderIsNotMatched",
       with_headers("/h", {{"X-Request-Id", "r-81"}, {"Accept", "application/json"}}),
       k_ignore_request_id, "automock-v1\nGET\n\n/h\n\naccept:application/json\n\n",
       "189ca7d6e17cf58a"},
      {"EmptyJsonBodyHashedRaw", post("/x", "application/json", ""), k_plain,
       "automock-v1\nPOST\n\n/x\n\n\n", "286d48bed25fb300"},
      {"BinaryBodyHashedRaw",
       {.method = "PUT",
        .target = "/blob",
        .headers = {{"Content-Type", "application/octet-stream"}},
        .body = std::string("\x00\x01\xfe\xff", 4)},
       k_plain,
       std::string("automock-v1\nPUT\n\n/blob\n\n\n\x00\x01\xfe\xff", 29),
       "24515c3d2a989492"},
  };
  return all;
}

class CanonicalVectorTest : public testing::TestWithParam<Vector> {};

TEST_P(CanonicalVectorTest, CanonicalTextAndKeyArePinned) {
  const Vector& vector = GetParam();
  EXPECT_EQ(canonical_request(vector.request, vector.context), vector.canonical);
  EXPECT_EQ(request_key(vector.request, vector.context), vector.key);
  EXPECT_EQ(key_of_canonical(vector.canonical), vector.key);
}

std::string vector_name(const testing::TestParamInfo<Vector>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(V1, CanonicalVectorTest, testing::ValuesIn(vectors()), vector_name);

// The key of the vector called `name`.
std::string key_of(std::string_view name) {
  for (const auto& vector : vectors()) {
    if (vector.name == name) return vector.key;
  }
  ADD_FAILURE() << "no vector " << name;
  return {};
}

TEST(CanonicalRequestTest, ReorderedQueryParamsKeepTheKey) {
  EXPECT_EQ(request_key(get("/v1/todos?done=false&limit=10"), k_plain), "b99411ae25e5c7ec");
}

TEST(CanonicalRequestTest, PlusAndPercent20AreTheSameSpace) {
  EXPECT_EQ(request_key(get("/search?q=a%20b&r=c+d"), k_plain), key_of("QueryPlusIsSpace"));
}

TEST(CanonicalRequestTest, EscapedUnreservedCharactersKeepTheKey) {
  EXPECT_EQ(request_key(get("/~user/Abc?x=~A&y=-._"), k_plain), key_of("UnreservedEscapesDecoded"));
}

TEST(CanonicalRequestTest, EscapedSlashInPathIsNotASlash) {
  EXPECT_NE(request_key(get("/a/b/caf%C3%A9?p=a%2Fb&q=a/b"), k_plain),
            key_of("ReservedEscapesUppercased"));
  EXPECT_EQ(request_key(get("/a%2Fb/caf%C3%A9?q=a%2Fb&p=a/b"), k_plain),
            key_of("ReservedEscapesUppercased"));
}

TEST(CanonicalRequestTest, ReorderedJsonKeysAndWhiteSpaceKeepTheKey) {
  const auto request = post("/v1/todos", "application/json; charset=utf-8",
                            "{\"done\":false,\"title\":\"write tests\"}");
  EXPECT_EQ(request_key(request, k_plain), key_of("JsonKeysSortedWithoutWhiteSpace"));
}

TEST(CanonicalRequestTest, IgnoredQueryParamDoesNotChangeTheKey) {
  EXPECT_EQ(request_key(get("/x?a=1&_ts=999"), k_ignore_ts), key_of("IgnoredQueryParamLeftOut"));
  EXPECT_EQ(request_key(get("/x?a=1"), k_ignore_ts), key_of("IgnoredQueryParamLeftOut"));
}

TEST(CanonicalRequestTest, IgnoredJsonPointerDoesNotChangeTheKey) {
  const auto request =
      post("/v1/todos", "application/json",
           R"({"c":null,"request_id":"r-2","items":[{"id":1},{"id":9},{"id":3}]})");
  EXPECT_EQ(request_key(request, k_ignore_json), key_of("JsonIgnoredPointersRemoved"));
}

TEST(CanonicalRequestTest, AnotherSecretInRedactedPlacesKeepsTheKey) {
  EXPECT_EQ(request_key(get("/x?a=1&api_key=other"), k_redact_api_key),
            key_of("RedactedQueryValue"));
  EXPECT_EQ(
      request_key(with_headers("/h", {{"authorization", "Bearer t2"}}), k_match_authorization),
      key_of("MatchedRedactedHeader"));
  const auto json = post("/login", "application/json",
                         R"({"list":[{"password":"y"},[{"password":2}]],)"
                         R"("user":{"token":"u","password":"p2","name":"ann"}})");
  EXPECT_EQ(request_key(json, k_redact_json), key_of("JsonRedactedByNameAndPointer"));
  const auto form = post("/login", "application/x-www-form-urlencoded",
                         "remember=&password=other&user=ann%20lee&_csrf=def");
  EXPECT_EQ(request_key(form, k_form), key_of("FormBodyLikeQuery"));
}

TEST(CanonicalRequestTest, AnotherMultipartBoundaryKeepsTheKey) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n";
  EXPECT_EQ(request_key(post("/upload", "multipart/form-data; boundary=\"XyZ\"", body), k_plain),
            key_of("MultipartBoundaryReplaced"));
}

TEST(CanonicalRequestTest, HeadersAreNotMatchedUnlessNamed) {
  EXPECT_EQ(request_key(with_headers("/", {{"Accept", "text/html"}, {"Cookie", "a=b"}}), k_plain),
            key_of("EmptyGet"));
}

TEST(CanonicalRequestTest, EachIdentifyingPartChangesTheKey) {
  const std::set<std::string> keys{
      request_key(get("/x?a=1"), k_plain),
      request_key(get("/x?a=2"), k_plain),
      request_key({.method = "DELETE", .target = "/x?a=1"}, k_plain),
      request_key(get("/y?a=1"), k_plain),
      request_key(get("/x?a=1"), k_route_todo),
      request_key(post("/x?a=1", "application/json", "{\"a\":1}"), k_plain),
      request_key(post("/x?a=1", "application/json", "{\"a\":2}"), k_plain),
      request_key(with_headers("/x?a=1", {{"Accept", "text/html"}}), k_match_accept),
      request_key(with_headers("/x?a=1", {{"Accept", "text/plain"}}), k_match_accept),
  };
  EXPECT_EQ(keys.size(), 9u);
}

TEST(CanonicalRequestTest, JsonNumbersKeepTheirKind) {
  EXPECT_NE(request_key(post("/n", "application/json", "[1]"), k_plain),
            request_key(post("/n", "application/json", "[1.0]"), k_plain));
  EXPECT_EQ(request_key(post("/n", "application/json", "[1.0]"), k_plain),
            request_key(post("/n", "application/json", "[10e-1]"), k_plain));
}

TEST(CanonicalRequestTest, JsonNumberOutOfDoubleRangeHashedRaw) {
  const auto request = post("/n", "application/json", "[1e999]");
  EXPECT_EQ(canonical_request(request, k_plain), "automock-v1\nPOST\n\n/n\n\n\n[1e999]");
}

TEST(CanonicalRequestTest, JsonNestedDeeperThanTheLimitHashedRaw) {
  const std::string deep = std::string(513, '[') + std::string(513, ']');
  EXPECT_EQ(canonical_request(post("/d", "application/json", deep), k_plain),
            "automock-v1\nPOST\n\n/d\n\n\n" + deep);
  const std::string at_limit = std::string(512, '[') + " " + std::string(512, ']');
  EXPECT_EQ(canonical_request(post("/d", "application/json", at_limit), k_plain),
            "automock-v1\nPOST\n\n/d\n\n\n" + std::string(512, '[') + std::string(512, ']'));
}

TEST(NormalizePathTest, DecodesUnreservedAndUppercasesOtherEscapes) {
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("/%7e%2d%2E%5F%30"), "/~-._0");
  EXPECT_EQ(normalize_path("/a%2fb%3a%20"), "/a%2Fb%3A%20");
  EXPECT_EQ(normalize_path("/trailing%"), "/trailing%");
}

TEST(MatchRulesTest, MergedAppendsTheRouteRules) {
  const MatchRules global{.ignore_query = {"_ts"}, .headers = {"accept"}, .ignore_json = {"/a"}};
  const MatchRules route{.ignore_query = {"_"}, .ignore_json = {"/b"}};
  EXPECT_EQ(global.merged(route),
            (MatchRules{
                .ignore_query = {"_ts", "_"}, .headers = {"accept"}, .ignore_json = {"/a", "/b"}}));
  const MatchRules volatile_global{.path_patterns = {{"a", "a+"}}, .ignore_headers = {"x-a"}};
  const MatchRules volatile_route{.path_patterns = {{"b", "b+"}}, .ignore_headers = {"x-b"}};
  EXPECT_EQ(
      volatile_global.merged(volatile_route),
      (MatchRules{.path_patterns = {{"a", "a+"}, {"b", "b+"}}, .ignore_headers = {"x-a", "x-b"}}));
}

TEST(RedactRulesTest, MergedAppendsTheOtherRules) {
  const RedactRules first{.headers = {"x-secret"}, .json = {"password"}};
  const RedactRules second{.query = {"api_key"}, .json = {"/token"}};
  EXPECT_EQ(
      first.merged(second),
      (RedactRules{.headers = {"x-secret"}, .query = {"api_key"}, .json = {"password", "/token"}}));
}

}  // namespace
}  // namespace automock
