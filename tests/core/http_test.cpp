#include <gtest/gtest.h>

#include <automock/http.hpp>

namespace automock {
namespace {

TEST(HeadersTest, LookupIgnoresCaseAndReturnsFirstValue) {
  Headers headers{{"Content-Type", "text/plain"}, {"content-type", "application/json"}};
  EXPECT_EQ(headers.get("CONTENT-TYPE"), "text/plain");
  EXPECT_FALSE(headers.get("accept").has_value());
}

TEST(HeadersTest, AddKeepsOrderAndRepeats) {
  Headers headers;
  headers.add("Set-Cookie", "a=1");
  headers.add("X-Other", "x");
  headers.add("Set-Cookie", "b=2");
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers.fields()[2], (Headers::Field{"Set-Cookie", "b=2"}));
}

TEST(HeadersTest, SetReplacesEveryFieldOfThatName) {
  Headers headers{{"A", "1"}, {"B", "2"}, {"a", "3"}};
  headers.set("a", "9");
  EXPECT_EQ(headers.fields(), (std::vector<Headers::Field>{{"A", "9"}, {"B", "2"}}));
  headers.set("C", "3");
  EXPECT_EQ(headers.get("c"), "3");
}

TEST(HeadersTest, RemoveCountsRemovedFields) {
  Headers headers{{"A", "1"}, {"B", "2"}, {"a", "3"}};
  EXPECT_EQ(headers.remove("A"), 2u);
  EXPECT_EQ(headers.size(), 1u);
}

TEST(RequestTest, SplitsTargetIntoPathAndQuery) {
  Request request{.target = "/v1/todos?done=false&x=1"};
  EXPECT_EQ(request.path(), "/v1/todos");
  EXPECT_EQ(request.query(), "done=false&x=1");
  Request bare{.target = "/v1"};
  EXPECT_EQ(bare.query(), "");
}

TEST(ContentTypeTest, MediaTypeIsLowercasedWithoutParameters) {
  EXPECT_EQ(media_type("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(media_type(""), "");
}

TEST(ContentTypeTest, ParameterIsFoundAndUnquoted) {
  EXPECT_EQ(content_type_param("multipart/form-data; boundary=\"abc\"", "boundary"), "abc");
  EXPECT_EQ(content_type_param("multipart/form-data;charset=x; Boundary=z", "boundary"), "z");
  EXPECT_FALSE(content_type_param("text/plain", "boundary").has_value());
}

TEST(IequalsTest, ComparesAsciiCaseInsensitively) {
  EXPECT_TRUE(iequals("Content-Type", "content-type"));
  EXPECT_FALSE(iequals("Content-Type", "Content-Typ"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(HeadersTest, ContainsAndEmpty) {
  Headers headers;
  EXPECT_TRUE(headers.empty());
  headers.add("X-A", "1");
  EXPECT_TRUE(headers.contains("x-a"));
  EXPECT_FALSE(headers.contains("x-b"));
}

TEST(HeadersTest, RemoveOfAnAbsentNameRemovesNothing) {
  Headers headers{{"A", "1"}};
  EXPECT_EQ(headers.remove("B"), 0u);
  EXPECT_EQ(headers.size(), 1u);
}

TEST(HeadersTest, EqualityKeepsOrderAndCase) {
  EXPECT_EQ((Headers{{"A", "1"}, {"B", "2"}}), (Headers{{"A", "1"}, {"B", "2"}}));
  EXPECT_NE((Headers{{"A", "1"}, {"B", "2"}}), (Headers{{"B", "2"}, {"A", "1"}}));
}

TEST(RequestTest, QueryMarkWithNothingAfterItGivesAnEmptyQuery) {
  Request request{.target = "/a?"};
  EXPECT_EQ(request.path(), "/a");
  EXPECT_EQ(request.query(), "");
}

TEST(RequestTest, OnlyTheFirstQuestionMarkSplits) {
  Request request{.target = "/a?x=?&y"};
  EXPECT_EQ(request.path(), "/a");
  EXPECT_EQ(request.query(), "x=?&y");
}

TEST(ContentTypeTest, WhitespaceAroundTheMediaTypeIsTrimmed) {
  EXPECT_EQ(media_type("  text/plain ;charset=x"), "text/plain");
}

TEST(ContentTypeTest, AParameterWithoutValueIsNotFound) {
  EXPECT_FALSE(content_type_param("multipart/form-data; boundary", "boundary").has_value());
}

}  // namespace
}  // namespace automock
