#pragma once
// Name tables for enumerations: one constexpr array of {value, name} pairs per
// enum replaces a hand-written switch in each direction, so printing a value
// and parsing it back cannot drift apart.
//
//   constexpr EnumNames<Colour, 2> k_colour_names{{{Colour::red, "red"},
//                                                  {Colour::blue, "blue"}}};
//   name_of(k_colour_names, Colour::red)   // "red"
//   value_of(k_colour_names, "blue")       // Colour::blue
//
// Header-only and constexpr; safe from any thread.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace automock {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

template <typename Enum, std::size_t N>
using EnumNames = std::array<EnumName<Enum>, N>;

// The name listed for `value`, or `fallback` when the table does not list it
// (a value cast from an out-of-range integer).
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& table, Enum value,
                                   std::string_view fallback = "unknown") {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return fallback;
}

// The value whose name is exactly `name` (case-sensitive); std::nullopt when
// no entry has that name. With two entries of one name, the first wins.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const EnumNames<Enum, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace automock
