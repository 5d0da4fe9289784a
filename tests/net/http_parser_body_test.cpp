// How the request parser reads a body: Content-Length, the chunked coding and
// its trailers, and the body limit.
#include <gtest/gtest.h>

#include <string>

#include "net/http_parser.hpp"

namespace automock::net {
namespace {

using State = RequestParser::State;

const std::string k_chunked_head = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

RequestParseOutcome parse_chunked(const std::string& body, ParseLimits limits = {}) {
  return parse_request(k_chunked_head + body, limits);
}

// The body of the request `bytes` begin with, or "(not parsed)" when it is not complete.
std::string parsed_body_of(const std::string& bytes) {
  const auto outcome = parse_request(bytes);
  return outcome.state == State::done ? outcome.message.request.body : "(not parsed)";
}

// Content-Length.

TEST(HttpParserTest, ReadsContentLengthBodyAndStopsAtItsEnd) {
  const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  const auto outcome = parse_request(first + "GET /next HTTP/1.1\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.body, "hello");
  EXPECT_EQ(outcome.consumed, first.size());
}

TEST(HttpParserEdgeTest, ZeroContentLengthCompletesWithoutABody) {
  const auto outcome = parse_request("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /next");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.body, "");
  EXPECT_EQ(outcome.consumed, std::string{"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"}.size());
}

TEST(HttpParserEdgeTest, ContentLengthWithLeadingZerosIsDecimal) {
  EXPECT_EQ(parsed_body_of("POST / HTTP/1.1\r\nContent-Length: 003\r\n\r\nabcdef"), "abc");
}

TEST(HttpParserEdgeTest, RepeatedIdenticalContentLengthsAreOneLength) {
  EXPECT_EQ(parsed_body_of("POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nhi"),
            "hi");
}

TEST(HttpParserEdgeTest, ContentLengthListFormIsRejected) {
  EXPECT_EQ(parse_request("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nhi").error.status, 400);
}

// The chunked coding.

TEST(HttpParserTest, DecodesChunkedBodyWithExtensionsAndTrailers) {
  const auto outcome = parse_request(
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nChecksum: x\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.message.request.body, "hello world");
  EXPECT_FALSE(outcome.message.request.headers.contains("Transfer-Encoding"));
}

TEST(HttpParserEdgeTest, ChunkedCodingNameIsCaseInsensitive) {
  EXPECT_EQ(parsed_body_of(
                "POST / HTTP/1.1\r\nTransfer-Encoding:  Chunked \r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
            "abc");
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
  EXPECT_EQ(
      parsed_body_of(k_chunked_head + "A \r\n" + ten + "\r\n\tb\r\n" + eleven + "\r\n0\r\n\r\n"),
      ten + eleven);
}

TEST(HttpParserEdgeTest, ChunkedBodyToleratesBareLineFeeds) {
  EXPECT_EQ(parsed_body_of(k_chunked_head + "3\nabc\n0\n\n"), "abc");
}

TEST(HttpParserEdgeTest, EmptyOrSignedChunkSizesAreMalformed) {
  for (const char* size : {"", "-1", "+1", "0x1", " "}) {
    const auto outcome = parse_chunked(std::string{size} + "\r\na\r\n0\r\n\r\n");
    EXPECT_EQ(outcome.state, State::failed) << '"' << size << '"';
    EXPECT_EQ(outcome.error.status, 400) << '"' << size << '"';
  }
}

TEST(HttpParserEdgeTest, TrailersAreReadButNotAddedToTheHeaders) {
  const std::string request = k_chunked_head + "1\r\na\r\n0\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n";
  const auto outcome = parse_request(request + "GET /next HTTP/1.1\r\n\r\n");
  ASSERT_EQ(outcome.state, State::done);
  EXPECT_EQ(outcome.consumed, request.size());
  EXPECT_FALSE(outcome.message.request.headers.contains("X-Checksum"));
  EXPECT_FALSE(outcome.message.request.headers.contains("X-More"));
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

// The body limit.

TEST(HttpParserTest, ContentLengthOverLimitFailsWith413BeforeTheBody) {
  const auto outcome =
      parse_request("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", ParseLimits{1024, 10});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 413);
}

TEST(HttpParserTest, ChunkedBodyOverLimitFailsWith413) {
  const auto outcome = parse_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n",
      ParseLimits{1024, 10});
  ASSERT_EQ(outcome.state, State::failed);
  EXPECT_EQ(outcome.error.status, 413);
}

TEST(HttpParserEdgeTest, BodyExactlyAtTheLimitIsAccepted) {
  const auto fixed = parse_request("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", {1024, 4});
  ASSERT_EQ(fixed.state, State::done);
  EXPECT_EQ(fixed.message.request.body, "abcd");
  const auto chunked = parse_chunked("2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", {1024, 4});
  ASSERT_EQ(chunked.state, State::done);
  EXPECT_EQ(chunked.message.request.body, "abcd");
  EXPECT_EQ(parse_chunked("2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n", {1024, 4}).error.status, 413);
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

}  // namespace
}  // namespace automock::net
