#include "tooling/json_diff.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace automock::tooling {
namespace {

using Lines = std::vector<std::string>;

Lines diff(const std::string& recorded, const std::string& now, const Lines& ignore = {}) {
  auto lines = diff_json_bodies(recorded, now, ignore);
  EXPECT_TRUE(lines.has_value()) << recorded << " vs " << now;
  return lines.value_or(Lines{});
}

TEST(JsonDiffTest, EqualDocumentsDifferingInKeyOrderAndSpacingHaveNoDifference) {
  EXPECT_EQ(diff(R"({"a":1,"b":[1,2]})", "{ \"b\" : [1, 2],\n \"a\" : 1 }"), Lines{});
}

TEST(JsonDiffTest, AnEmptyBodyOnEitherSideGivesNoJsonDiff) {
  EXPECT_FALSE(diff_json_bodies("", "{}", {}));
  EXPECT_FALSE(diff_json_bodies("{}", "", {}));
}

TEST(JsonDiffTest, NestedDifferencesAreNamedByTheirPointer) {
  EXPECT_EQ(diff(R"({"user":{"name":"a","tags":["x","y"]}})",
                 R"({"user":{"name":"b","tags":["x","z"]}})"),
            (Lines{R"(body /user/name: recorded "a", now "b")",
                   R"(body /user/tags/1: recorded "y", now "z")"}));
}

TEST(JsonDiffTest, ArraysOfDifferentLengthsCompareTheCommonPartThenTheLength) {
  EXPECT_EQ(diff(R"({"items":[1,2]})", R"({"items":[1,3,4]})"),
            (Lines{"body /items/1: recorded 2, now 3", "body /items: recorded 2 elements, now 3"}));
}

TEST(JsonDiffTest, ATypeChangeIsOneDifferenceAtThatPlace) {
  EXPECT_EQ(diff(R"({"id":7})", R"({"id":"7"})"), (Lines{R"(body /id: recorded 7, now "7")"}));
  EXPECT_EQ(diff(R"({"a":1})", "[1]"), (Lines{R"(body (root): recorded {"a":1}, now [1])"}));
}

TEST(JsonDiffTest, ScalarDocumentsAreComparedAtTheRoot) {
  EXPECT_EQ(diff("1", "2"), (Lines{"body (root): recorded 1, now 2"}));
  EXPECT_EQ(diff("null", "null"), Lines{});
}

TEST(JsonDiffTest, MemberNamesWithSlashOrTildeAreEscapedInPointers) {
  EXPECT_EQ(diff(R"({"a/b":1,"c~d":1})", R"({"a/b":2,"c~d":2})"),
            (Lines{"body /a~1b: recorded 1, now 2", "body /c~0d: recorded 1, now 2"}));
}

TEST(JsonDiffTest, LongValuesAreShortenedInTheReport) {
  const std::string long_text(200, 'x');
  const auto lines = diff(R"({"t":")" + long_text + R"("})", R"({"t":"short"})");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_LT(lines[0].size(), 140u);
  EXPECT_NE(lines[0].find("...,"), std::string::npos) << lines[0];
  EXPECT_TRUE(lines[0].ends_with(R"(now "short")")) << lines[0];
}

TEST(JsonDiffTest, ReportsAreCappedWithACountOfTheRest) {
  std::string recorded = "[", now = "[";
  for (int i = 0; i < 25; ++i) {
    recorded += (i ? "," : "") + std::to_string(i);
    now += (i ? "," : "") + std::to_string(i + 100);
  }
  const auto lines = diff(recorded + "]", now + "]");
  ASSERT_EQ(lines.size(), k_max_json_differences + 1);
  EXPECT_EQ(lines.front(), "body /0: recorded 0, now 100");
  EXPECT_EQ(lines.back(), "... and 5 more differences");
}

TEST(JsonDiffTest, IgnoredPointersReachIntoArrays) {
  const std::string recorded = R"({"items":[{"id":1,"at":"t1"},{"id":2,"at":"t2"}]})";
  const std::string now = R"({"items":[{"id":1,"at":"t3"},{"id":2,"at":"t4"}]})";
  EXPECT_EQ(diff(recorded, now, {"/items/0/at", "/items/1/at"}), Lines{});
  EXPECT_EQ(diff(recorded, now, {"/items/0/at"}),
            (Lines{R"(body /items/1/at: recorded "t2", now "t4")"}));
}

TEST(JsonDiffTest, AnIgnoredArrayElementIsRemovedOnBothSides) {
  EXPECT_EQ(diff(R"([1,"volatile",3])", R"([1,"changed",3])", {"/1"}), Lines{});
}

TEST(JsonDiffTest, AnIgnoredPointerMissingOnOneSideRemovesItFromTheOther) {
  EXPECT_EQ(diff(R"({"id":1,"etag":"x"})", R"({"id":1})", {"/etag"}), Lines{});
}

TEST(JsonDiffTest, PointersThatDoNotFitTheDocumentAreHarmless) {
  const Lines differences = {"body /a: recorded 1, now 2"};
  EXPECT_EQ(diff(R"({"a":1})", R"({"a":2})", {"no-slash", "/a/deeper", "/x/0", "/-", "", "/"}),
            differences);
  EXPECT_EQ(diff("[1]", "[2]", {"/01", "/99", "/-", "/99999999999999999999999"}),
            (Lines{"body /0: recorded 1, now 2"}));
}

TEST(JsonDiffTest, TheRootPointerIsNotRemoved) {
  EXPECT_EQ(diff("1", "2", {""}), (Lines{"body (root): recorded 1, now 2"}));
}

}  // namespace
}  // namespace automock::tooling
