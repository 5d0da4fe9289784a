#include "net/http_parser.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "net/feed_in_pieces.hpp"

namespace automock::net {
namespace {

using State = RequestParser::State;

// Feeds `bytes` in pieces cut at `cuts`, keeping what the parser did not
// consume in front of the next piece, as a connection's buffer does.
RequestParseOutcome parse_in_pieces(std::string_view bytes, const std::vector<size_t>& cuts,
                                    ParseLimits limits = {}) {
  RequestParser parser{limits};
  RequestParseOutcome outcome;
  outcome.consumed = feed_in_pieces(parser, bytes, cuts);
  outcome.state = parser.state();
  if (outcome.state == State::failed) outcome.error = parser.error();
  if (outcome.state == State::done) outcome.message = parser.take_request();
  return outcome;
}

void expect_same(const RequestParseOutcome& expected, const RequestParseOutcome& actual,
                 size_t cut) {
  SCOPED_TRACE("cut at " + std::to_string(cut));
  EXPECT_EQ(expected.state, actual.state);
  EXPECT_EQ(expected.consumed, actual.consumed);
  EXPECT_EQ(expected.message.request, actual.message.request);
  EXPECT_EQ(expected.message.keep_alive, actual.message.keep_alive);
  EXPECT_EQ(expected.error.status, actual.error.status);
  EXPECT_EQ(expected.error.reason, actual.error.reason);
}

TEST(HttpParserTest, ParsesGetWithHeaders) {
  const auto outcome =
      parse_request("GET /v1/todos?done=false HTTP/1.1\r\nHost: api\r\nAccept:  */* \r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.method, "GET");
  EXPECT_EQ(outcome.message.request.target, "/v1/todos?done=false");
  EXPECT_EQ(outcome.message.request.headers, (Headers{{"Host", "api"}, {"Accept", "*/*"}}));
  EXPECT_TRUE(outcome.message.keep_alive);
  EXPECT_EQ(outcome.message.version_minor, 1);
}

TEST(HttpParserTest, IncompleteRequestAsksForMore) {
  const auto outcome = parse_request("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nhel");
  EXPECT_EQ(outcome.state, State::body);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: a").state, State::head);
}

// The request line.

TEST(HttpParserEdgeTest, UnusualButValidRequestTargetsAreKeptVerbatim) {
  for (const char* target : {"*", "http://api.example/v1?x=1", "/a%20b?q=%2F&r", "/ü"}) {
    const auto outcome = parse_request(std::string{"OPTIONS "} + target + " HTTP/1.1\r\n\r\n");
    ASSERT_EQ(outcome.state, State::done) << target;
    EXPECT_EQ(outcome.message.request.target, target);
  }
}

TEST(HttpParserEdgeTest, MethodCaseIsPreserved) {
  const auto outcome = parse_request("get / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.method, "get");
}

TEST(HttpParserEdgeTest, VersionsOtherThan10And11AreTold) {
  EXPECT_EQ(parse_request("GET / HTTP/1.2\r\n\r\n").error.status, 505);
  EXPECT_EQ(parse_request("GET / HTTP/0.9\r\n\r\n").error.status, 505);
  EXPECT_EQ(parse_request("GET / HTTP/1.10\r\n\r\n").error.status, 400);
  EXPECT_EQ(parse_request("GET / http/1.1\r\n\r\n").error.status, 400);
  EXPECT_EQ(parse_request("GET / HTTP/1.1 extra\r\n\r\n").error.status, 400);
}

// Header fields and the head limit.

TEST(HttpParserTest, ToleratesBareLineFeedsAndLeadingEmptyLines) {
  const auto outcome = parse_request("\r\n\nGET /x HTTP/1.1\nHost: a\n\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.target, "/x");
  EXPECT_EQ(outcome.message.request.headers.get("Host"), "a");
}

TEST(HttpParserEdgeTest, HeaderValuesAreTrimmedAndMayBeEmptyOrHoldTabsAndHighBytes) {
  const auto outcome = parse_request(
      "GET / HTTP/1.1\r\nX-Empty:\r\nX-Tabs:\t a\tb \t\r\nX-Utf8: caf\xc3\xa9\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  const auto& headers = outcome.message.request.headers;
  EXPECT_EQ(headers.get("X-Empty"), "");
  EXPECT_EQ(headers.get("X-Tabs"), "a\tb");
  EXPECT_EQ(headers.get("X-Utf8"), "caf\xc3\xa9");
}

TEST(HttpParserEdgeTest, AControlCharacterInAHeaderValueIsMalformed) {
  const auto outcome = parse_request(std::string{"GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 400);
}

TEST(HttpParserEdgeTest, HeadExactlyAtTheLimitIsAcceptedAndOneByteMoreIs431) {
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(parse_request(head, ParseLimits{head.size(), 1024}).state, State::done);
  const auto over = parse_request(head, ParseLimits{head.size() - 1, 1024});
  ASSERT_EQ(over.state, State::failed);
  EXPECT_EQ(over.error.status, 431);
}

TEST(HttpParserEdgeTest, ManySmallHeaderFieldsCountTowardsTheHeadLimit) {
  std::string head = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 20; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
  head += "\r\n";
  const auto outcome = parse_request(head, ParseLimits{128, 1024});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 431);
}

TEST(HttpParserTest, HeadOverLimitFailsWith431EvenWithoutLineEnd) {
  const ParseLimits limits{64, 1024};
  const std::string long_value(100, 'a');
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nA: " + long_value + "\r\n\r\n", limits).error.status,
            431);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nA: " + long_value, limits).error.status, 431);
}

// Connection and Expect.

TEST(HttpParserTest, Http10KeepsAliveOnlyWhenAsked) {
  EXPECT_FALSE(parse_request("GET / HTTP/1.0\r\n\r\n").message.keep_alive);
  const auto asked = parse_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  EXPECT_TRUE(asked.message.keep_alive);
  EXPECT_EQ(asked.message.version_minor, 0);
}

TEST(HttpParserTest, ConnectionCloseEndsHttp11KeepAlive) {
  EXPECT_FALSE(
      parse_request("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n").message.keep_alive);
}

TEST(HttpParserEdgeTest, Http10CloseWinsOverKeepAliveInTheSameField) {
  EXPECT_FALSE(
      parse_request("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").message.keep_alive);
  EXPECT_TRUE(parse_request("GET / HTTP/1.0\r\nConnection: Upgrade , KEEP-ALIVE\r\n\r\n")
                  .message.keep_alive);
}

TEST(HttpParserEdgeTest, Http11ConnectionCloseIsMatchedAsAListElementOnly) {
  EXPECT_TRUE(parse_request("GET / HTTP/1.1\r\nConnection: closed\r\n\r\n").message.keep_alive);
  EXPECT_FALSE(parse_request("GET / HTTP/1.1\r\nConnection: CLOSE\r\n\r\n").message.keep_alive);
}

TEST(HttpParserTest, ExpectContinueIsReportedOnceTheHeadIsComplete) {
  RequestParser parser;
  parser.feed("PUT /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(parser.state(), State::body);
  EXPECT_TRUE(parser.request().expects_continue);
}

TEST(HttpParserEdgeTest, Http10IgnoresExpectContinue) {
  RequestParser parser;
  parser.feed("PUT /a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  ASSERT_EQ(parser.state(), State::body);
  EXPECT_FALSE(parser.request().expects_continue);
}

TEST(HttpParserEdgeTest, ExpectContinueIsMatchedWithoutRegardToCase) {
  RequestParser parser;
  parser.feed("PUT /a HTTP/1.1\r\nexpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_TRUE(parser.request().expects_continue);
}

struct MalformedCase {
  const char* name;
  const char* bytes;
  int status;
};

void PrintTo(const MalformedCase& malformed, std::ostream* out) {
  *out << malformed.name << " (" << malformed.status << ")";
}

class MalformedRequestTest : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedRequestTest, FailsWithStatusAndReason) {
  const auto outcome = parse_request(GetParam().bytes);
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, GetParam().status);
  EXPECT_FALSE(outcome.error.reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    HttpParserTest, MalformedRequestTest,
    testing::Values(
        MalformedCase{"GarbageRequestLine", "hello there\r\n\r\n", 400},
        MalformedCase{"MissingTarget", "GET HTTP/1.1\r\n\r\n", 400},
        MalformedCase{"DoubleSpace", "GET  / HTTP/1.1\r\n\r\n", 400},
        MalformedCase{"BadMethod", "G(T / HTTP/1.1\r\n\r\n", 400},
        MalformedCase{"ControlInTarget", "GET /\x01 HTTP/1.1\r\n\r\n", 400},
        MalformedCase{"NotHttp", "GET / FTP/1.1\r\n\r\n", 400},
        MalformedCase{"Http2", "GET / HTTP/2.0\r\n\r\n", 505},
        MalformedCase{"HeaderWithoutColon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400},
        MalformedCase{"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
        MalformedCase{"EmptyHeaderName", "GET / HTTP/1.1\r\n: a\r\n\r\n", 400},
        MalformedCase{"ObsFold", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400},
        MalformedCase{"NulInValue", "GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n", 400},
        MalformedCase{"ContentLengthNotANumber", "POST / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n",
                      400},
        MalformedCase{"NegativeContentLength", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                      400},
        MalformedCase{"HugeContentLength",
                      "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
        MalformedCase{"ConflictingContentLengths",
                      "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
        MalformedCase{"ChunkedAndContentLength",
                      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
                      400},
        MalformedCase{"UnknownTransferCoding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
                      501},
        MalformedCase{"ChunkedInHttp10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                      400},
        MalformedCase{"BadChunkSize",
                      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
                      400},
        MalformedCase{"ChunkLongerThanItsSize",
                      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n",
                      400}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

// The parser between requests.

TEST(HttpParserTest, TakeRequestResetsForTheNextRequest) {
  RequestParser parser;
  const std::string bytes = "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n";
  const size_t used = parser.feed(bytes);
  EXPECT_EQ(parser.take_request().request.target, "/1");
  EXPECT_TRUE(parser.at_start());
  parser.feed(std::string_view{bytes}.substr(used));
  EXPECT_EQ(parser.take_request().request.target, "/2");
}

TEST(HttpParserEdgeTest, ADoneParserConsumesNothingMoreUntilTaken) {
  RequestParser parser;
  const std::string first = "GET /1 HTTP/1.1\r\n\r\n";
  EXPECT_EQ(parser.feed(first + "GET /2 HTTP/1.1\r\n\r\n"), first.size());
  EXPECT_EQ(parser.state(), State::done);
  EXPECT_EQ(parser.feed("GET /3 HTTP/1.1\r\n\r\n"), 0u);
  EXPECT_EQ(parser.request().request.target, "/1");
}

TEST(HttpParserEdgeTest, AFailedParserConsumesNothingMore) {
  RequestParser parser;
  parser.feed("BAD\r\n");
  ASSERT_EQ(parser.state(), State::failed);
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\n\r\n"), 0u);
  EXPECT_EQ(parser.state(), State::failed);
}

TEST(HttpParserEdgeTest, TheNextRequestAfterTakeKeepsTheLimits) {
  RequestParser parser{ParseLimits{64, 4}};
  parser.feed("GET / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(parser.state(), State::done);
  parser.take_request();
  parser.feed("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
  ASSERT_EQ(parser.state(), State::failed);
  EXPECT_EQ(parser.error().status, 413);
}

TEST(HttpParserEdgeTest, AtStartTurnsFalseWithTheFirstByteOfARequest) {
  RequestParser parser;
  EXPECT_TRUE(parser.at_start());
  EXPECT_EQ(parser.feed("GE"), 0u);
  EXPECT_TRUE(parser.at_start());  // nothing consumed yet: the line is incomplete
  parser.feed("GET / HTTP/1.1\r\n");
  EXPECT_FALSE(parser.at_start());
  EXPECT_EQ(parser.state(), State::head);
}

// Input cut anywhere gives the same result.

const std::vector<std::string> k_split_samples = {
    "GET /v1/a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
    "POST /p HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world",
    "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n"
    "a\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
    "\r\nGET / HTTP/1.0\nConnection: keep-alive\n\n",
    "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
};

TEST(HttpParserTest, SplittingAtEveryBytePositionGivesTheSameResult) {
  for (const auto& sample : k_split_samples) {
    SCOPED_TRACE(sample);
    const auto whole = parse_request(sample);
    for (size_t cut = 0; cut <= sample.size(); ++cut) {
      expect_same(whole, parse_in_pieces(sample, {cut}), cut);
    }
  }
}

TEST(HttpParserTest, FeedingOneByteAtATimeGivesTheSameResult) {
  for (const auto& sample : k_split_samples) {
    SCOPED_TRACE(sample);
    std::vector<size_t> cuts;
    for (size_t cut = 1; cut < sample.size(); ++cut) cuts.push_back(cut);
    expect_same(parse_request(sample), parse_in_pieces(sample, cuts), 0);
  }
}

}  // namespace
}  // namespace automock::net
