#include "core/json_edit.hpp"

#include <gtest/gtest.h>

#include <automock/http.hpp>
#include <automock/match.hpp>
#include <string>

namespace automock {
namespace {

using Tokens = std::vector<std::string>;

TEST(JsonPointerTest, ParsesTokensAndUnescapes) {
  EXPECT_EQ(parse_json_pointer("/a~1b/~0c/0"), (Tokens{"a/b", "~c", "0"}));
  EXPECT_EQ(parse_json_pointer("/"), (Tokens{""}));
  EXPECT_EQ(parse_json_pointer("/a//b"), (Tokens{"a", "", "b"}));
}

TEST(JsonPointerTest, RejectsWhatIsNotAPointer) {
  EXPECT_FALSE(parse_json_pointer(""));
  EXPECT_FALSE(parse_json_pointer("a/b"));
  EXPECT_FALSE(parse_json_pointer("/a~"));
  EXPECT_FALSE(parse_json_pointer("/a~2"));
}

TEST(JsonPointerTest, ArrayIndexHasNoLeadingZeros) {
  EXPECT_EQ(array_index("0"), 0u);
  EXPECT_EQ(array_index("12"), 12u);
  EXPECT_FALSE(array_index("01"));
  EXPECT_FALSE(array_index("-"));
  EXPECT_FALSE(array_index(""));
  EXPECT_FALSE(array_index("1a"));
}

TEST(JsonPointerTest, RemovesMembersAndArrayElements) {
  auto document = nlohmann::json::parse(R"({"a":{"b":[1,2,3]},"c":1})");
  EXPECT_TRUE(remove_json_pointer(document, "/a/b/1"));
  EXPECT_TRUE(remove_json_pointer(document, "/c"));
  EXPECT_FALSE(remove_json_pointer(document, "/a/b/7"));
  EXPECT_FALSE(remove_json_pointer(document, "/a/b/x"));
  EXPECT_FALSE(remove_json_pointer(document, "/missing/x"));
  EXPECT_EQ(document, nlohmann::json::parse(R"({"a":{"b":[1,3]}})"));
}

TEST(JsonRedactTest, ReportsWhetherAnythingChanged) {
  auto document = nlohmann::ordered_json::parse(R"({"p":"<REDACTED>","q":{"p":1}})");
  EXPECT_TRUE(redact_json_fields(document, {"p"}));
  EXPECT_FALSE(redact_json_fields(document, {"p", "/q/p", "/absent"}));
  EXPECT_EQ(document.dump(), R"({"p":"<REDACTED>","q":{"p":"<REDACTED>"}})");
}

TEST(JsonNestingTest, CountsBracketsOutsideStrings) {
  EXPECT_TRUE(json_nesting_within(R"([{"a":[1]}])", 3));
  EXPECT_FALSE(json_nesting_within(R"([{"a":[1]}])", 2));
  EXPECT_TRUE(json_nesting_within(R"(["[[[[", "\"[[["])", 1));
}

// nlohmann reads "1\0x" as 1 (a NUL byte ends its input): found by fuzz_json_span.
TEST(JsonNestingTest, TextHoldingANulByteIsNeverJsonAndKeysAllItsBytes) {
  using namespace std::string_literals;
  EXPECT_FALSE(json_nesting_within("1\0\0\0[[["s, 10));
  const MatchContext context;
  const auto json_post = [](std::string body) {
    return Request{"POST", "/x", {{"Content-Type", "application/json"}}, std::move(body)};
  };
  EXPECT_NE(request_key(json_post("{\"a\":1}\0x"s), context),
            request_key(json_post("{\"a\":1}\0y"s), context));
}

}  // namespace
}  // namespace automock
