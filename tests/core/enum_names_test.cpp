#include "core/enum_names.hpp"

#include <gtest/gtest.h>

namespace automock {
namespace {

enum class Colour { red, green, blue };

constexpr EnumNames<Colour, 2> k_colour_names{{{Colour::red, "red"}, {Colour::green, "GREEN"}}};

TEST(EnumNamesTest, NameOfGivesTheListedNameExactly) {
  EXPECT_EQ(name_of(k_colour_names, Colour::red), "red");
  EXPECT_EQ(name_of(k_colour_names, Colour::green), "GREEN");
}

TEST(EnumNamesTest, NameOfAnUnlistedValueIsTheFallback) {
  EXPECT_EQ(name_of(k_colour_names, Colour::blue), "unknown");
  EXPECT_EQ(name_of(k_colour_names, Colour::blue, "-"), "-");
}

TEST(EnumNamesTest, ValueOfFindsTheValueByItsExactName) {
  EXPECT_EQ(value_of(k_colour_names, "red"), Colour::red);
  EXPECT_EQ(value_of(k_colour_names, "GREEN"), Colour::green);
}

TEST(EnumNamesTest, ValueOfAnUnknownOrDifferentlyCasedNameIsNullopt) {
  EXPECT_EQ(value_of(k_colour_names, "green"), std::nullopt);
  EXPECT_EQ(value_of(k_colour_names, ""), std::nullopt);
  EXPECT_EQ(value_of(k_colour_names, "blue"), std::nullopt);
}

TEST(EnumNamesTest, LookupsWorkAtCompileTime) {
  static_assert(name_of(k_colour_names, Colour::green) == "GREEN");
  static_assert(value_of(k_colour_names, "red") == Colour::red);
}

}  // namespace
}  // namespace automock
