// Edges of the request parser that http_parser_test.cpp leaves out: exact
// limits, trailers, the odd-but-valid forms clients send, and what a parser
// does once it is done or has failed.
#include <gtest/gtest.h>

#include <string>

#include "net/http_parser.hpp"

namespace automock::net {
namespace {

using State = RequestParser::State;

const std::string k_chunked_head = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

ParseOutcome parse_chunked(const std::string& body, ParseLimits limits = {}) {
  return parse_request(k_chunked_head + body, limits);
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

TEST(HttpParserEdgeTest, BodyExactlyAtTheLimitIsAccepted) {
  const auto fixed = parse_request("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", {1024, 4});
  ASSERT_EQ(fixed.state, State::done);
  EXPECT_EQ(fixed.request.request.body, "abcd");
  const auto chunked = parse_chunked("2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", {1024, 4});
  ASSERT_EQ(chunked.state, State::done);
  EXPECT_EQ(chunked.request.request.body, "abcd");
  EXPECT_EQ(parse_chunked("2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n", {1024, 4}).error.status, 413);
}

TEST(HttpParserEdgeTest, ZeroContentLengthCompletesWithoutABody) {
  const auto outcome = parse_request("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /next");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, "");
  EXPECT_EQ(outcome.consumed, std::string{"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"}.size());
}

TEST(HttpParserEdgeTest, ContentLengthWithLeadingZerosIsDecimal) {
  const auto outcome = parse_request("POST / HTTP/1.1\r\nContent-Length: 003\r\n\r\nabcdef");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, "abc");
}

TEST(HttpParserEdgeTest, RepeatedIdenticalContentLengthsAreOneLength) {
  const auto outcome =
      parse_request("POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nhi");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, "hi");
}

TEST(HttpParserEdgeTest, ContentLengthListFormIsRejected) {
  EXPECT_EQ(parse_request("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nhi").error.status, 400);
}

TEST(HttpParserEdgeTest, ChunkedCodingNameIsCaseInsensitive) {
  const auto outcome =
      parse_request("POST / HTTP/1.1\r\nTransfer-Encoding:  Chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, "abc");
}

TEST(HttpParserEdgeTest, ChunkedAfterAnotherCodingIsNotImplemented) {
  const auto listed = parse_request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
  EXPECT_EQ(listed.error.status, 501);
  EXPECT_NE(listed.error.reason.find("gzip, chunked"), std::string::npos);
  const auto repeated = parse_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
  EXPECT_EQ(repeated.error.status, 501);
}

TEST(HttpParserEdgeTest, ChunkSizesAreHexInEitherCaseWithSurroundingBlanks) {
  const std::string ten(10, 'x');
  const std::string eleven(11, 'y');
  const auto outcome = parse_chunked("A \r\n" + ten + "\r\n\tb\r\n" + eleven + "\r\n0\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, ten + eleven);
}

TEST(HttpParserEdgeTest, ChunkedBodyToleratesBareLineFeeds) {
  const auto outcome = parse_chunked("3\nabc\n0\n\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.body, "abc");
}

TEST(HttpParserEdgeTest, EmptyOrSignedChunkSizesAreMalformed) {
  for (const char* size : {"", "-1", "+1", "0x1", " "}) {
    const auto outcome = parse_chunked(std::string{size} + "\r\na\r\n0\r\n\r\n");
    EXPECT_EQ(outcome.state, State::failed) << '"' << size << '"';
    EXPECT_EQ(outcome.error.status, 400) << '"' << size << '"';
  }
}

TEST(HttpParserEdgeTest, AChunkSizeOverTheBodyLimitIsRefusedBeforeItsData) {
  const auto outcome = parse_chunked("fffffffffffffff\r\n", {1024, 1 << 20});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 413);
}

TEST(HttpParserEdgeTest, AnEndlessChunkSizeLineIsRefusedWithoutWaitingForItsEnd) {
  const auto outcome = parse_chunked("1;" + std::string(2000, 'e'));
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 400);
  EXPECT_EQ(outcome.error.reason, "chunk size line too long");
}

TEST(HttpParserEdgeTest, JunkAfterChunkDataWithoutALineEndIsRefused) {
  const auto outcome = parse_chunked("1\r\na" + std::string(2000, 'j'));
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 400);
}

TEST(HttpParserEdgeTest, TrailersAreReadButNotAddedToTheHeaders) {
  const std::string request = k_chunked_head + "1\r\na\r\n0\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n";
  const auto outcome = parse_request(request + "GET /next HTTP/1.1\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.consumed, request.size());
  EXPECT_FALSE(outcome.request.request.headers.contains("X-Checksum"));
  EXPECT_FALSE(outcome.request.request.headers.contains("X-More"));
}

TEST(HttpParserEdgeTest, ATrailerLineWithoutAColonIsMalformed) {
  const auto outcome = parse_chunked("1\r\na\r\n0\r\nnot a field\r\n\r\n");
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 400);
  EXPECT_EQ(outcome.error.reason, "malformed trailer field");
}

TEST(HttpParserEdgeTest, TrailersOverTheHeadLimitAre431) {
  std::string trailers;
  for (int i = 0; i < 10; ++i)
    trailers += "X-T" + std::to_string(i) + ": " + std::string(20, 'v') + "\r\n";
  const auto outcome = parse_chunked("1\r\na\r\n0\r\n" + trailers + "\r\n", {128, 1024});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 431);
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

TEST(HttpParserEdgeTest, Http10CloseWinsOverKeepAliveInTheSameField) {
  EXPECT_FALSE(
      parse_request("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").request.keep_alive);
  EXPECT_TRUE(parse_request("GET / HTTP/1.0\r\nConnection: Upgrade , KEEP-ALIVE\r\n\r\n")
                  .request.keep_alive);
}

TEST(HttpParserEdgeTest, Http11ConnectionCloseIsMatchedAsAListElementOnly) {
  EXPECT_TRUE(parse_request("GET / HTTP/1.1\r\nConnection: closed\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(parse_request("GET / HTTP/1.1\r\nConnection: CLOSE\r\n\r\n").request.keep_alive);
}

TEST(HttpParserEdgeTest, UnusualButValidRequestTargetsAreKeptVerbatim) {
  for (const char* target : {"*", "http://api.example/v1?x=1", "/a%20b?q=%2F&r", "/ü"}) {
    const auto outcome = parse_request(std::string{"OPTIONS "} + target + " HTTP/1.1\r\n\r\n");
    ASSERT_EQ(outcome.state, State::done) << target;
    EXPECT_EQ(outcome.request.request.target, target);
  }
}

TEST(HttpParserEdgeTest, MethodCaseIsPreserved) {
  const auto outcome = parse_request("get / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.request.request.method, "get");
}

TEST(HttpParserEdgeTest, VersionsOtherThan10And11AreTold) {
  EXPECT_EQ(parse_request("GET / HTTP/1.2\r\n\r\n").error.status, 505);
  EXPECT_EQ(parse_request("GET / HTTP/0.9\r\n\r\n").error.status, 505);
  EXPECT_EQ(parse_request("GET / HTTP/1.10\r\n\r\n").error.status, 400);
  EXPECT_EQ(parse_request("GET / http/1.1\r\n\r\n").error.status, 400);
  EXPECT_EQ(parse_request("GET / HTTP/1.1 extra\r\n\r\n").error.status, 400);
}

TEST(HttpParserEdgeTest, HeaderValuesAreTrimmedAndMayBeEmptyOrHoldTabsAndHighBytes) {
  const auto outcome = parse_request(
      "GET / HTTP/1.1\r\nX-Empty:\r\nX-Tabs:\t a\tb \t\r\nX-Utf8: caf\xc3\xa9\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  const auto& headers = outcome.request.request.headers;
  EXPECT_EQ(headers.get("X-Empty"), "");
  EXPECT_EQ(headers.get("X-Tabs"), "a\tb");
  EXPECT_EQ(headers.get("X-Utf8"), "caf\xc3\xa9");
}

TEST(HttpParserEdgeTest, AControlCharacterInAHeaderValueIsMalformed) {
  const auto outcome = parse_request(std::string{"GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 400);
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

}  // namespace
}  // namespace automock::net
