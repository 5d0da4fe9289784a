#include "net/response_parser.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "net/feed_in_pieces.hpp"

namespace automock::net {
namespace {

using ResponseState = ResponseParser::State;

enum class Eof { no, yes };

// Feeds `bytes` in pieces cut at `cuts`, keeping what the parser did not
// consume in front of the next piece, as a connection's buffer does; with
// Eof::yes the connection then closes.
ResponseParseOutcome parse_response_in_pieces(std::string_view bytes,
                                              const std::vector<size_t>& cuts,
                                              std::string_view method = "GET", Eof eof = Eof::no) {
  ResponseParser parser;
  parser.start(method);
  ResponseParseOutcome outcome;
  outcome.consumed = feed_in_pieces(parser, bytes, cuts);
  if (eof == Eof::yes) parser.end_of_input();
  outcome.state = parser.state();
  if (outcome.state == ResponseState::failed) outcome.error = parser.error();
  if (outcome.state == ResponseState::done) outcome.message = parser.take_response();
  return outcome;
}

void expect_same(const ResponseParseOutcome& expected, const ResponseParseOutcome& actual) {
  EXPECT_EQ(expected.state, actual.state);
  EXPECT_EQ(expected.consumed, actual.consumed);
  EXPECT_EQ(expected.message.response, actual.message.response);
  EXPECT_EQ(expected.message.keep_alive, actual.message.keep_alive);
  EXPECT_EQ(expected.message.version_minor, actual.message.version_minor);
  EXPECT_EQ(expected.error.reason, actual.error.reason);
}

TEST(ResponseParserTest, ParsesStatusHeadersAndContentLengthBody) {
  const auto outcome = parse_response(
      "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
      "X-A:  b \r\n\r\nhello",
      "POST");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.status, 201);
  EXPECT_EQ(outcome.message.response.headers,
            (Headers{{"Content-Type", "text/plain"}, {"Content-Length", "5"}, {"X-A", "b"}}));
  EXPECT_EQ(outcome.message.response.body, "hello");
  EXPECT_EQ(outcome.message.version_minor, 1);
  EXPECT_TRUE(outcome.message.keep_alive);
}

TEST(ResponseParserTest, ReasonPhraseMayBeEmptyOrMissing) {
  for (const char* line : {"HTTP/1.1 204 ", "HTTP/1.1 204", "HTTP/1.1 204 No\tContent \x80"}) {
    SCOPED_TRACE(line);
    const auto outcome = parse_response(std::string{line} + "\r\n\r\n", "GET");
    ASSERT_EQ(outcome.state, ResponseState::done);
    EXPECT_EQ(outcome.message.response.status, 204);
  }
}

TEST(ResponseParserTest, ToleratesBareLineFeeds) {
  const auto outcome = parse_response("HTTP/1.0 200 OK\nContent-Length: 2\n\nhi", "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, "hi");
  EXPECT_EQ(outcome.message.version_minor, 0);
}

struct MalformedResponseCase {
  const char* name;
  const char* bytes;
};

void PrintTo(const MalformedResponseCase& malformed, std::ostream* out) {
  *out << malformed.name;
}

class MalformedResponseTest : public testing::TestWithParam<MalformedResponseCase> {};

TEST_P(MalformedResponseTest, FailsWithBadGatewayAndReason) {
  const auto outcome = parse_response(GetParam().bytes, "GET");
  ASSERT_EQ(outcome.state, ResponseState::failed);
  EXPECT_EQ(outcome.error.status, 502);
  EXPECT_FALSE(outcome.error.reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ResponseParserTest, MalformedResponseTest,
    testing::Values(
        MalformedResponseCase{"Garbage", "hello there\r\n\r\n"},
        MalformedResponseCase{"EmptyStatusLine", "\r\nHTTP/1.1 200 OK\r\n\r\n"},
        MalformedResponseCase{"Http2", "HTTP/2 200 OK\r\n\r\n"},
        MalformedResponseCase{"Http12", "HTTP/1.2 200 OK\r\n\r\n"},
        MalformedResponseCase{"Http09", "HTTP/0.9 200 OK\r\n\r\n"},
        MalformedResponseCase{"LowercaseVersion", "http/1.1 200 OK\r\n\r\n"},
        MalformedResponseCase{"VersionOnly", "HTTP/1.1\r\n\r\n"},
        MalformedResponseCase{"TwoDigitStatus", "HTTP/1.1 20 OK\r\n\r\n"},
        MalformedResponseCase{"FourDigitStatus", "HTTP/1.1 2000 OK\r\n\r\n"},
        MalformedResponseCase{"StatusWithLetter", "HTTP/1.1 2x0 OK\r\n\r\n"},
        MalformedResponseCase{"StatusBelow100", "HTTP/1.1 099 Low\r\n\r\n"},
        MalformedResponseCase{"StatusAbove599", "HTTP/1.1 600 High\r\n\r\n"},
        MalformedResponseCase{"DoubleSpaceBeforeStatus", "HTTP/1.1  200 OK\r\n\r\n"},
        MalformedResponseCase{"ControlInReason", "HTTP/1.1 200 O\x01K\r\n\r\n"},
        MalformedResponseCase{"HeaderWithoutColon", "HTTP/1.1 200 OK\r\nServer\r\n\r\n"},
        MalformedResponseCase{"SpaceBeforeColon", "HTTP/1.1 200 OK\r\nServer : x\r\n\r\n"},
        MalformedResponseCase{"ObsFold", "HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n"},
        MalformedResponseCase{"ControlInValue", "HTTP/1.1 200 OK\r\nA: b\x7f\r\n\r\n"},
        MalformedResponseCase{"InvalidContentLength",
                              "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n"},
        MalformedResponseCase{"NegativeContentLength",
                              "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"},
        MalformedResponseCase{
            "ConflictingContentLengths",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
        MalformedResponseCase{
            "BadChunkSize",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"},
        MalformedResponseCase{
            "ChunkLongerThanItsSize",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n"},
        MalformedResponseCase{
            "MalformedTrailer",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad\r\n\r\n"}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

TEST(ResponseParserTest, SkipsInterimResponses) {
  const auto outcome = parse_response(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
      "POST");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.status, 200);
  EXPECT_EQ(outcome.message.response.headers, (Headers{{"Content-Length", "2"}}));
  EXPECT_EQ(outcome.message.response.body, "hi");
}

TEST(ResponseParserTest, AnInterimResponseEndsAtStart) {
  ResponseParser parser;
  parser.start("GET");
  EXPECT_TRUE(parser.at_start());
  const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
  EXPECT_EQ(parser.feed(interim), interim.size());
  EXPECT_EQ(parser.state(), ResponseState::head);
  EXPECT_FALSE(parser.at_start());
}

TEST(ResponseParserTest, SwitchingProtocolsIsNotSupported) {
  const auto outcome =
      parse_response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "GET");
  ASSERT_EQ(outcome.state, ResponseState::failed);
  EXPECT_EQ(outcome.error.reason, "upgrade not supported");
}

TEST(ResponseParserTest, ResponseToHeadHasNoBodyWhateverItsHeadersSay) {
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
  const auto outcome = parse_response(head + "HTTP/1.1 200 OK\r\n", "HEAD");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.consumed, head.size());
  EXPECT_EQ(outcome.message.response.body, "");
  EXPECT_EQ(outcome.message.response.headers.get("Content-Length"), "10");
  EXPECT_TRUE(outcome.message.keep_alive);
  const auto chunked =
      parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "head");
  EXPECT_EQ(chunked.state, ResponseState::done);
}

TEST(ResponseParserTest, NoContentAndNotModifiedHaveNoBody) {
  for (const char* status : {"204 No Content", "304 Not Modified"}) {
    SCOPED_TRACE(status);
    const std::string head = std::string{"HTTP/1.1 "} + status +
                             "\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n";
    const auto outcome = parse_response(head + "garbage", "GET");
    ASSERT_EQ(outcome.state, ResponseState::done);
    EXPECT_EQ(outcome.consumed, head.size());
    EXPECT_EQ(outcome.message.response.body, "");
    EXPECT_TRUE(outcome.message.keep_alive);
  }
}

TEST(ResponseParserTest, DecodesChunkedBodyAndDropsTrailers) {
  const auto outcome = parse_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nChecksum: x\r\n\r\n",
      "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, "hello world");
  EXPECT_EQ(outcome.message.response.headers, (Headers{{"X-A", "b"}}));
  EXPECT_TRUE(outcome.message.keep_alive);
}

TEST(ResponseParserTest, TransferEncodingWinsOverContentLength) {
  const auto outcome = parse_response(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\nhi\r\n0\r\n\r\n",
      "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, "hi");
  EXPECT_FALSE(outcome.message.response.headers.contains("Content-Length"));
  EXPECT_FALSE(outcome.message.response.headers.contains("Transfer-Encoding"));
}

TEST(ResponseParserTest, ChunkedAsFinalCodingIsDecodedAndTheOtherCodingsKept) {
  const auto outcome = parse_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "3\r\nzip\r\n0\r\n\r\n",
      "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, "zip");
  EXPECT_EQ(outcome.message.response.headers, (Headers{{"Transfer-Encoding", "gzip"}}));
}

TEST(ResponseParserTest, TransferCodingNotEndingInChunkedIsReadUntilClose) {
  for (const char* coding : {"gzip", "chunked, gzip"}) {
    SCOPED_TRACE(coding);
    const std::string bytes = std::string{"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"} +
                              "Transfer-Encoding: " + coding + "\r\n\r\nraw bytes";
    EXPECT_EQ(parse_response(bytes, "GET").state, ResponseState::body);
    const auto outcome = parse_response(bytes, "GET", true);
    ASSERT_EQ(outcome.state, ResponseState::done);
    EXPECT_EQ(outcome.message.response.body, "raw bytes");
    EXPECT_EQ(outcome.message.response.headers, (Headers{{"Transfer-Encoding", coding}}));
    EXPECT_FALSE(outcome.message.keep_alive);
  }
}

TEST(ResponseParserTest, IdenticalRepeatedContentLengthsAreAccepted) {
  const auto outcome =
      parse_response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi", "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, "hi");
  EXPECT_EQ(outcome.message.response.headers.fields().size(), 2u);
}

TEST(ResponseParserTest, WithoutFramingTheBodyRunsUntilClose) {
  const std::string bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it";
  const auto open = parse_response(bytes, "GET");
  EXPECT_EQ(open.state, ResponseState::body);
  EXPECT_EQ(open.consumed, bytes.size());
  const auto closed = parse_response(bytes, "GET", true);
  ASSERT_EQ(closed.state, ResponseState::done);
  EXPECT_EQ(closed.message.response.body, "all of it");
  EXPECT_FALSE(closed.message.keep_alive);
  const auto empty = parse_response("HTTP/1.1 200 OK\r\n\r\n", "GET", true);
  ASSERT_EQ(empty.state, ResponseState::done);
  EXPECT_EQ(empty.message.response.body, "");
}

TEST(ResponseParserTest, KeepAliveFollowsVersionAndConnection) {
  const auto keep_alive = [](const std::string& bytes) {
    const auto outcome = parse_response(bytes, "GET");
    EXPECT_EQ(outcome.state, ResponseState::done) << bytes;
    return outcome.message.keep_alive;
  };
  EXPECT_TRUE(keep_alive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_FALSE(keep_alive("HTTP/1.1 200 OK\r\nConnection: x, Close\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_FALSE(keep_alive("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_TRUE(keep_alive("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_FALSE(keep_alive(
      "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
}

TEST(ResponseParserTest, ContentEncodingIsNotDecoded) {
  const std::string gzip_magic = "\x1f\x8b\x08";
  const auto outcome = parse_response(
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\n" + gzip_magic, "GET");
  ASSERT_EQ(outcome.state, ResponseState::done);
  EXPECT_EQ(outcome.message.response.body, gzip_magic);
  EXPECT_EQ(outcome.message.response.headers.get("Content-Encoding"), "gzip");
}

TEST(ResponseParserTest, LeavesPipelinedBytesUnconsumed) {
  const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
  const std::string next = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  ResponseParser parser;
  parser.start("GET");
  EXPECT_EQ(parser.feed(first + next), first.size());
  ASSERT_EQ(parser.state(), ResponseState::done);
  EXPECT_EQ(parser.feed(next), 0u);
  EXPECT_EQ(parser.take_response().response.body, "hi");
  parser.start("GET");
  EXPECT_TRUE(parser.at_start());
  EXPECT_EQ(parser.feed(next), next.size());
  EXPECT_EQ(parser.take_response().response.status, 404);
}

TEST(ResponseParserTest, StartResetsAFailedParser) {
  ResponseParser parser;
  parser.start("GET");
  parser.feed("junk\r\n");
  ASSERT_EQ(parser.state(), ResponseState::failed);
  parser.start("GET");
  EXPECT_EQ(parser.state(), ResponseState::head);
  EXPECT_TRUE(parser.at_start());
}

TEST(ResponseParserTest, BodyOverLimitFails) {
  const ParseLimits limits{1024, 4};
  for (const char* bytes :
       {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\nabcde"}) {
    SCOPED_TRACE(bytes);
    const auto outcome = parse_response(bytes, "GET", false, limits);
    ASSERT_EQ(outcome.state, ResponseState::failed);
    EXPECT_EQ(outcome.error.reason, "upstream response body too large");
  }
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\n\r\nabcd", "GET", true, limits).state,
            ResponseState::done);
}

TEST(ResponseParserTest, HeadOverLimitFailsEvenWithoutLineEnd) {
  const ParseLimits limits{64, 1024};
  const std::string long_value(100, 'a');
  for (const std::string& bytes : {"HTTP/1.1 200 OK\r\nA: " + long_value + "\r\n\r\n",
                                   "HTTP/1.1 200 OK\r\nA: " + long_value}) {
    const auto outcome = parse_response(bytes, "GET", false, limits);
    ASSERT_EQ(outcome.state, ResponseState::failed);
    EXPECT_EQ(outcome.error.reason, "upstream response head too large");
  }
}

TEST(ResponseParserTest, InterimResponsesCountTowardsTheHeadLimit) {
  std::string bytes;
  for (int i = 0; i < 10; ++i) bytes += "HTTP/1.1 103 Early Hints\r\n\r\n";
  const auto outcome = parse_response(bytes + "HTTP/1.1 200 OK\r\n\r\n", "GET", false, {256, 1024});
  ASSERT_EQ(outcome.state, ResponseState::failed);
  EXPECT_EQ(outcome.error.reason, "upstream response head too large");
}

TEST(ResponseParserTest, TrailersOverLimitFail) {
  const std::string trailer = "T: " + std::string(100, 'v') + "\r\n";
  const auto outcome = parse_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailer + "\r\n", "GET", false,
      {64, 1024});
  ASSERT_EQ(outcome.state, ResponseState::failed);
  EXPECT_EQ(outcome.error.reason, "upstream response trailer fields too large");
}

TEST(ResponseParserTest, EndOfInputBeforeAnyByteFails) {
  ResponseParser parser;
  parser.start("GET");
  parser.end_of_input();
  ASSERT_EQ(parser.state(), ResponseState::failed);
  EXPECT_NE(parser.error().reason.find("cut short"), std::string::npos);
}

TEST(ResponseParserTest, EndOfInputInTheHeadOrAFramedBodyFails) {
  for (const char* bytes :
       {"HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.1 200 OK\r\nX: y\r\n",
        "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: v\r\n"}) {
    SCOPED_TRACE(bytes);
    const auto outcome = parse_response(bytes, "GET", true);
    ASSERT_EQ(outcome.state, ResponseState::failed);
    EXPECT_NE(outcome.error.reason.find("cut short"), std::string::npos);
    EXPECT_EQ(outcome.error.status, 502);
  }
}

TEST(ResponseParserTest, EndOfInputAfterACompleteResponseChangesNothing) {
  ResponseParser parser;
  parser.start("GET");
  parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  parser.end_of_input();
  EXPECT_EQ(parser.state(), ResponseState::done);
}

const std::vector<std::string> k_response_split_samples = {
    "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX: y\r\n\r\nhello world",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
    "3;x=y\r\nabc\r\na\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
    "HTTP/1.0 200 OK\nServer: old\n\nuntil the end",
    "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
    "HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
};

TEST(ResponseParserTest, SplittingAtEveryBytePositionGivesTheSameResult) {
  for (const auto& sample : k_response_split_samples) {
    for (const Eof eof : {Eof::no, Eof::yes}) {
      SCOPED_TRACE(sample);
      const auto whole = parse_response(sample, "GET", eof == Eof::yes);
      for (size_t cut = 0; cut <= sample.size(); ++cut) {
        SCOPED_TRACE("cut at " + std::to_string(cut));
        expect_same(whole, parse_response_in_pieces(sample, {cut}, "GET", eof));
      }
    }
  }
}

TEST(ResponseParserTest, FeedingOneByteAtATimeGivesTheSameResult) {
  for (const auto& sample : k_response_split_samples) {
    for (const Eof eof : {Eof::no, Eof::yes}) {
      SCOPED_TRACE(sample);
      std::vector<size_t> cuts;
      for (size_t cut = 1; cut < sample.size(); ++cut) cuts.push_back(cut);
      expect_same(parse_response(sample, "GET", eof == Eof::yes),
                  parse_response_in_pieces(sample, cuts, "GET", eof));
    }
  }
}

}  // namespace
}  // namespace automock::net
