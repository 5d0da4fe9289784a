#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

namespace automock {
namespace {

using Case = std::pair<std::string_view, std::string_view>;

TEST(TextTest, TrimDropsLeadingAndTrailingSpacesAndTabsOnly) {
  for (const auto& [text, trimmed] :
       {Case{" \t a b\t ", "a b"}, Case{"\na\r", "\na\r"}, Case{" \t ", ""}, Case{"", ""}}) {
    EXPECT_EQ(trim(text), trimmed) << '"' << text << '"';
  }
}

TEST(TextTest, CaseChangesTouchAsciiLettersOnly) {
  EXPECT_EQ(to_lower("Content-TYPE \xc3\x89"), "content-type \xc3\x89");
  EXPECT_EQ(to_upper("get caf\xc3\xa9"), "GET CAF\xc3\xa9");
  EXPECT_EQ(to_lower('Q'), 'q');
  EXPECT_EQ(to_lower('['), '[');
}

constexpr Escape k_escapes[] = {{'&', "&amp;"}, {'<', "&lt;"}};

TEST(TextTest, EscapeCharsReplacesListedCharactersInOnePass) {
  for (const auto& [text, escaped] :
       {Case{"a<b & c", "a&lt;b &amp; c"}, Case{"&lt;", "&amp;lt;"}, Case{"plain", "plain"}}) {
    EXPECT_EQ(escape_chars(text, k_escapes), escaped);
  }
}

TEST(TextTest, EscapeOfAnUnlistedCharacterIsEmpty) {
  EXPECT_EQ(escape_of('<', k_escapes), "&lt;");
  EXPECT_EQ(escape_of('>', k_escapes), "");
}

TEST(TextTest, GlobStarMatchesAnyRunAndQuestionMarkOneCharacter) {
  EXPECT_TRUE(glob_matches("api.*", "api.example.test"));
  EXPECT_TRUE(glob_matches("*.test", "a.b.test"));
  EXPECT_TRUE(glob_matches("a?c", "abc"));
  EXPECT_TRUE(glob_matches("*", ""));
  EXPECT_FALSE(glob_matches("api.*", "www.api.test"));
  EXPECT_FALSE(glob_matches("a?c", "ac"));
  EXPECT_FALSE(glob_matches("API.*", "api.test")) << "case-sensitive";
}

}  // namespace
}  // namespace automock
