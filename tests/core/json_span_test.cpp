// The JSON span scanner: where each value's bytes are, its path, its decoded
// string, and what is not JSON.
#include "core/json_span.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace automock {
namespace {

struct Seen {
  std::string pointer;
  JsonKind kind;
  std::string bytes;
  std::string decoded;
};

std::vector<Seen> spans_of(std::string_view text) {
  std::vector<Seen> seen;
  const bool is_json = visit_json_spans(text, [&](const JsonValueSpan& value) {
    std::string pointer;
    for (const auto& token : value.path) pointer += "/" + token.token;
    seen.push_back({pointer, value.kind,
                    std::string{text.substr(value.begin, value.end - value.begin)},
                    std::string{value.decoded}});
  });
  EXPECT_TRUE(is_json) << text;
  return seen;
}

TEST(JsonSpanTest, ReportsEveryValueWithItsPathAndBytesInnerFirst) {
  const auto seen = spans_of(R"( {"a": [1, {"b" : -0.5e+3}], "c":{}, "d": [] , "e":null} )");
  ASSERT_EQ(seen.size(), 8u);
  EXPECT_EQ(seen[0].pointer, "/a/0");
  EXPECT_EQ(seen[0].bytes, "1");
  EXPECT_EQ(seen[1].pointer, "/a/1/b");
  EXPECT_EQ(seen[1].bytes, "-0.5e+3");
  EXPECT_EQ(seen[1].kind, JsonKind::number);
  EXPECT_EQ(seen[2].bytes, R"({"b" : -0.5e+3})");
  EXPECT_EQ(seen[3].pointer, "/a");
  EXPECT_EQ(seen[3].kind, JsonKind::array);
  EXPECT_EQ(seen[4].bytes, "{}");
  EXPECT_EQ(seen[5].bytes, "[]");
  EXPECT_EQ(seen[6].kind, JsonKind::literal);
  EXPECT_EQ(seen[7].pointer, "");
  EXPECT_EQ(seen[7].bytes, R"({"a": [1, {"b" : -0.5e+3}], "c":{}, "d": [] , "e":null})");
}

TEST(JsonSpanTest, DecodesEscapesAndUnicodeInValuesAndMemberNames) {
  const auto seen = spans_of(R"({"t\u00e9\"k": "a\\b\/c\n\u20ac\ud83d\ude00", "\u00e9": "é"})");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].pointer, "/t\xC3\xA9\"k");
  EXPECT_EQ(seen[0].decoded, "a\\b/c\n\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(seen[0].bytes, R"("a\\b\/c\n\u20ac\ud83d\ude00")");
  EXPECT_EQ(seen[1].pointer, "/\xC3\xA9");
  EXPECT_EQ(seen[1].decoded, "é");
}

TEST(JsonSpanTest, ReadsNumbersNoDoubleHoldsAndNestingOfAnyDepth) {
  EXPECT_EQ(spans_of("1e999")[0].bytes, "1e999");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  size_t arrays = 0;
  EXPECT_TRUE(visit_json_spans(deep, [&](const JsonValueSpan& value) {
    arrays += value.kind == JsonKind::array && value.path.size() == 99999 - arrays ? 1 : 0;
  }));
  EXPECT_EQ(arrays, 100000u) << "innermost first, each at its depth";
}

TEST(JsonSpanTest, RefusesWhatIsNotJson) {
  const auto nothing = [](const JsonValueSpan&) {};
  for (const std::string_view text : {"",
                                      "{",
                                      "[1,]",
                                      R"({"a" 1})",
                                      R"({"a":1,})",
                                      "01",
                                      "1.",
                                      "-",
                                      "+1",
                                      "1e",
                                      "tru",
                                      "truex",
                                      "[1] 2",
                                      R"("\x")",
                                      R"("\ud800")",
                                      R"("\udc00")",
                                      R"("\ud800\u0041")",
                                      "\"a\nb\"",
                                      R"({1:2})",
                                      R"("\u12G4")",
                                      "\"open"}) {
    EXPECT_FALSE(visit_json_spans(text, nothing)) << text;
  }
}

}  // namespace
}  // namespace automock
