#include "net/response_head.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace automock::net {
namespace {

const Framing k_keep_alive{1, false, Persistence::keep_alive};
const Framing k_head_request{1, true, Persistence::keep_alive};

// The value of the first field `name` in a serialized head, or "" when absent.
std::string field_of(const std::string& head, const std::string& name) {
  const std::string marker = "\r\n" + name + ": ";
  const auto at = head.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return head.substr(start, head.find("\r\n", start) - start);
}

size_t count_of(const std::string& head, const std::string& text) {
  size_t count = 0;
  for (auto at = head.find(text); at != std::string::npos; at = head.find(text, at + 1)) ++count;
  return count;
}

TEST(ResponseHeadTest, StartsWithTheStatusLineAndEndsWithAnEmptyLine) {
  const auto head = serialize_head(Response{404, {}, "gone"}, k_keep_alive);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));
  EXPECT_EQ(count_of(head, "\r\n\r\n"), 1u);
}

TEST(ResponseHeadTest, ContentLengthComesFromTheBodyNotFromTheHandler) {
  Response response{200, {{"Content-Length", "999"}, {"X-A", "1"}}, "hello"};
  const auto head = serialize_head(response, k_keep_alive);
  EXPECT_EQ(field_of(head, "Content-Length"), "5");
  EXPECT_EQ(count_of(head, "Content-Length"), 1u);
  EXPECT_EQ(field_of(head, "X-A"), "1");
}

TEST(ResponseHeadTest, EmptyBodyStillGetsContentLengthZero) {
  const auto head = serialize_head(Response{200, {}, ""}, k_keep_alive);
  EXPECT_EQ(field_of(head, "Content-Length"), "0");
}

TEST(ResponseHeadTest, HopByHopFieldsFromTheHandlerAreDropped) {
  Response response{200,
                    {{"connection", "keep-alive"},
                     {"Keep-Alive", "timeout=5"},
                     {"Proxy-Connection", "x"},
                     {"Transfer-Encoding", "chunked"},
                     {"TE", "trailers"},
                     {"Trailer", "X"},
                     {"Upgrade", "h2c"},
                     {"X-Kept", "yes"}},
                    "b"};
  const auto head = serialize_head(response, k_keep_alive);
  for (const char* name : {"Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE:", "Trailer",
                           "Upgrade", "connection"}) {
    EXPECT_EQ(head.find(name), std::string::npos) << name;
  }
  EXPECT_EQ(field_of(head, "X-Kept"), "yes");
  // HTTP/1.1 keep-alive is the default: no Connection field at all.
  EXPECT_EQ(head.find("Connection"), std::string::npos);
}

TEST(ResponseHeadTest, FieldsWithLineBreaksAreDroppedSoTheyCannotInjectHeaders) {
  Response response{200,
                    {{"X-Evil", "a\r\nSet-Cookie: stolen=1"},
                     {"X-Bad\nName", "v"},
                     {"X-Lf", "a\nb"},
                     {"X-Good", "ok"}},
                    ""};
  const auto head = serialize_head(response, k_keep_alive);
  EXPECT_EQ(head.find("stolen"), std::string::npos);
  EXPECT_EQ(head.find("X-Evil"), std::string::npos);
  EXPECT_EQ(head.find("X-Bad"), std::string::npos);
  EXPECT_EQ(head.find("X-Lf"), std::string::npos);
  EXPECT_EQ(field_of(head, "X-Good"), "ok");
}

TEST(ResponseHeadTest, DateIsAddedInImfFixdateFormWhenAbsent) {
  const auto head = serialize_head(Response{}, k_keep_alive);
  const std::regex imf_fixdate{
      R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)"};
  EXPECT_TRUE(std::regex_match(field_of(head, "Date"), imf_fixdate)) << head;
}

TEST(ResponseHeadTest, TheHandlersDateIsKeptOnce) {
  Response response{200, {{"date", "Sun, 06 Nov 1994 08:49:37 GMT"}}, ""};
  const auto head = serialize_head(response, k_keep_alive);
  EXPECT_EQ(field_of(head, "Date"), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(count_of(head, "ate: "), 1u);
}

TEST(ResponseHeadTest, ADateWithALineBreakIsReplacedByTheCurrentDate) {
  Response response{200, {{"Date", "x\r\nX-Injected: 1"}}, ""};
  const auto head = serialize_head(response, k_keep_alive);
  EXPECT_EQ(head.find("X-Injected"), std::string::npos);
  EXPECT_TRUE(field_of(head, "Date").ends_with(" GMT"));
}

TEST(ResponseHeadTest, HeadAnswerWithEmptyBodyKeepsTheHandlersContentLength) {
  Response response{200, {{"Content-Length", "1234"}}, ""};
  EXPECT_EQ(field_of(serialize_head(response, k_head_request), "Content-Length"), "1234");
  // Not for a GET: an empty body is 0 bytes.
  EXPECT_EQ(field_of(serialize_head(response, k_keep_alive), "Content-Length"), "0");
}

TEST(ResponseHeadTest, HeadAnswerWithABodyAnnouncesTheBodysLength) {
  Response response{200, {{"Content-Length", "1234"}}, "twelve bytes"};
  EXPECT_EQ(field_of(serialize_head(response, k_head_request), "Content-Length"), "12");
}

TEST(ResponseHeadTest, HeadAnswerDropsAHandlerContentLengthWithALineBreak) {
  Response response{200, {{"Content-Length", "5\r\nX-Injected: 1"}}, ""};
  const auto head = serialize_head(response, k_head_request);
  EXPECT_EQ(head.find("X-Injected"), std::string::npos);
  EXPECT_EQ(field_of(head, "Content-Length"), "0");
}

TEST(ResponseHeadTest, NoContentLengthOn204Or1xx) {
  EXPECT_EQ(serialize_head(Response{204, {{"Content-Length", "3"}}, ""}, k_keep_alive)
                .find("Content-Length"),
            std::string::npos);
  EXPECT_EQ(serialize_head(Response{103, {}, ""}, k_keep_alive).find("Content-Length"),
            std::string::npos);
}

TEST(ResponseHeadTest, NotModifiedKeepsTheHandlersLengthOrHasNone) {
  EXPECT_EQ(field_of(serialize_head(Response{304, {{"Content-Length", "42"}}, ""}, k_keep_alive),
                     "Content-Length"),
            "42");
  EXPECT_EQ(serialize_head(Response{304, {}, ""}, k_keep_alive).find("Content-Length"),
            std::string::npos);
}

TEST(ResponseHeadTest, ClosingAnswerSaysConnectionClose) {
  const auto head = serialize_head(Response{}, Framing{1, false, Persistence::close});
  EXPECT_EQ(field_of(head, "Connection"), "close");
  EXPECT_EQ(count_of(head, "Connection"), 1u);
}

TEST(ResponseHeadTest, Http10KeepAliveIsConfirmedExplicitly) {
  const auto head = serialize_head(Response{}, Framing{0, false, Persistence::keep_alive});
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(field_of(head, "Connection"), "keep-alive");
  const auto closing = serialize_head(Response{}, Framing{0, false, Persistence::close});
  EXPECT_EQ(field_of(closing, "Connection"), "close");
}

TEST(ResponseHeadTest, RepeatedFieldsKeepTheirOrder) {
  Response response{200, {{"Set-Cookie", "a=1"}, {"X", "y"}, {"Set-Cookie", "b=2"}}, ""};
  const auto head = serialize_head(response, k_keep_alive);
  const auto first = head.find("Set-Cookie: a=1");
  const auto middle = head.find("X: y");
  const auto last = head.find("Set-Cookie: b=2");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(last, std::string::npos);
  EXPECT_LT(first, middle);
  EXPECT_LT(middle, last);
}

TEST(ResponseHeadTest, BodyIsSentExceptForHeadAndBodilessStatuses) {
  EXPECT_TRUE(sends_body(Response{200, {}, "x"}, k_keep_alive));
  EXPECT_TRUE(sends_body(Response{404, {}, "x"}, k_keep_alive));
  EXPECT_FALSE(sends_body(Response{200, {}, "x"}, k_head_request));
  for (int status : {100, 101, 199, 204, 304}) {
    EXPECT_FALSE(sends_body(Response{status, {}, "x"}, k_keep_alive)) << status;
  }
  EXPECT_TRUE(sends_body(Response{205, {}, "x"}, k_keep_alive));
}

TEST(ResponseHeadTest, ReasonPhrasesCoverTheStatusesAnApiAnswers) {
  const std::pair<int, const char*> known[] = {{100, "Continue"},
                                               {101, "Switching Protocols"},
                                               {200, "OK"},
                                               {201, "Created"},
                                               {202, "Accepted"},
                                               {204, "No Content"},
                                               {206, "Partial Content"},
                                               {301, "Moved Permanently"},
                                               {302, "Found"},
                                               {303, "See Other"},
                                               {304, "Not Modified"},
                                               {307, "Temporary Redirect"},
                                               {308, "Permanent Redirect"},
                                               {400, "Bad Request"},
                                               {401, "Unauthorized"},
                                               {403, "Forbidden"},
                                               {404, "Not Found"},
                                               {405, "Method Not Allowed"},
                                               {408, "Request Timeout"},
                                               {409, "Conflict"},
                                               {410, "Gone"},
                                               {412, "Precondition Failed"},
                                               {413, "Content Too Large"},
                                               {415, "Unsupported Media Type"},
                                               {422, "Unprocessable Content"},
                                               {429, "Too Many Requests"},
                                               {431, "Request Header Fields Too Large"},
                                               {500, "Internal Server Error"},
                                               {501, "Not Implemented"},
                                               {502, "Bad Gateway"},
                                               {503, "Service Unavailable"},
                                               {504, "Gateway Timeout"},
                                               {505, "HTTP Version Not Supported"}};
  for (const auto& [status, phrase] : known) EXPECT_EQ(reason_phrase(status), phrase) << status;
}

TEST(ResponseHeadTest, UnlistedStatusGetsUnknownButKeepsItsCode) {
  EXPECT_EQ(reason_phrase(418), "Unknown");
  EXPECT_TRUE(
      serialize_head(Response{599, {}, ""}, k_keep_alive).starts_with("HTTP/1.1 599 Unknown\r\n"));
}

TEST(ResponseHeadTest, PlainResponseIsUtf8TextEndingInANewline) {
  const auto response = plain_response(413, "request body too large");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(response.body, "request body too large\n");
}

}  // namespace
}  // namespace automock::net
