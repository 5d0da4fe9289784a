#include "tooling/json_shape.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace automock::tooling {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> shape_diff(const std::string& recorded, const std::string& live,
                                    const std::vector<std::string>& ignore = {}) {
  const auto differences = diff_json_shapes(recorded, live, ignore);
  EXPECT_TRUE(differences.has_value()) << recorded << " vs " << live;
  std::vector<std::string> lines;
  for (const auto& difference : differences.value_or(std::vector<Difference>{})) {
    lines.push_back(describe(difference));
  }
  return lines;
}

TEST(JsonShapeTest, OtherValuesOfTheSameTypesHaveTheSameShape) {
  EXPECT_THAT(
      shape_diff(R"({"id":1,"at":"x","ok":true,"n":1.5})", R"({"id":2,"at":"y","ok":false,"n":3})"),
      IsEmpty());
}

TEST(JsonShapeTest, AMissingMemberIsNamedByItsPointerAndRecordedType) {
  EXPECT_THAT(shape_diff(R"({"user":{"name":"a","id":1}})", R"({"user":{"id":1}})"),
              ElementsAre("body /user/name: recorded string, now absent"));
}

TEST(JsonShapeTest, AddedMembersAreAllowed) {
  EXPECT_THAT(shape_diff(R"({"id":1})", R"({"id":1,"extra":{"a":[1]}})"), IsEmpty());
}

TEST(JsonShapeTest, ATypeChangeIsADifference) {
  EXPECT_THAT(shape_diff(R"({"id":1,"tags":[]})", R"({"id":"1","tags":{}})"),
              ElementsAre("body /id: recorded number, now string",
                          "body /tags: recorded array, now object"));
}

TEST(JsonShapeTest, ARecordedNullAcceptsAnyValueButALiveNullIsAChange) {
  EXPECT_THAT(shape_diff(R"({"due":null})", R"({"due":"2026-12-01"})"), IsEmpty());
  EXPECT_THAT(shape_diff(R"({"due":"2026-12-01"})", R"({"due":null})"),
              ElementsAre("body /due: recorded string, now null"));
}

TEST(JsonShapeTest, EachLiveElementIsComparedWithTheRecordedElementOfItsType) {
  const std::string recorded = R"([{"id":1,"title":"a"},"note"])";
  EXPECT_THAT(shape_diff(recorded, R"([{"id":2,"title":"b"},{"id":3,"title":"c"},"x"])"),
              IsEmpty());
  EXPECT_THAT(shape_diff(recorded, R"([{"id":2},true])"),
              ElementsAre("body /0/title: recorded string, now absent",
                          "body /1: recorded object, now boolean"));
}

TEST(JsonShapeTest, IgnoredPointersAreLeftOut) {
  EXPECT_THAT(shape_diff(R"({"id":1,"meta":{"v":1}})", R"({"id":1,"meta":{}})", {"/meta/v"}),
              IsEmpty());
}

TEST(JsonShapeTest, BodiesThatAreNotJsonHaveNoShape) {
  EXPECT_FALSE(diff_json_shapes("{}", "<html>", {}));
  EXPECT_FALSE(diff_json_shapes("", "{}", {}));
}

}  // namespace
}  // namespace automock::tooling
