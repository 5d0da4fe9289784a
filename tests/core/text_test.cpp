#include "core/text.hpp"

#include <gtest/gtest.h>

namespace automock {
namespace {

TEST(TextTest, TrimDropsLeadingAndTrailingSpacesAndTabsOnly) {
  EXPECT_EQ(trim(" \t a b\t "), "a b");
  EXPECT_EQ(trim("\na\r"), "\na\r");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(TextTest, CaseChangesTouchAsciiLettersOnly) {
  EXPECT_EQ(to_lower("Content-TYPE \xc3\x89"), "content-type \xc3\x89");
  EXPECT_EQ(to_upper("get caf\xc3\xa9"), "GET CAF\xc3\xa9");
  EXPECT_EQ(to_lower('Q'), 'q');
  EXPECT_EQ(to_lower('['), '[');
}

constexpr Escape k_escapes[] = {{'&', "&amp;"}, {'<', "&lt;"}};

TEST(TextTest, EscapeCharsReplacesListedCharactersInOnePass) {
  EXPECT_EQ(escape_chars("a<b & c", k_escapes), "a&lt;b &amp; c");
  EXPECT_EQ(escape_chars("&lt;", k_escapes), "&amp;lt;");
  EXPECT_EQ(escape_chars("plain", k_escapes), "plain");
}

TEST(TextTest, EscapeOfAnUnlistedCharacterIsEmpty) {
  EXPECT_EQ(escape_of('<', k_escapes), "&lt;");
  EXPECT_EQ(escape_of('>', k_escapes), "");
}

}  // namespace
}  // namespace automock
