#pragma once
// Differences between a recorded answer and a live one, for drift reports:
// by value (every JSON member, by JSON pointer) or by shape (json_shape.hpp).

#include <optional>
#include <string>
#include <vector>

namespace automock::tooling {

// One way a live answer differs from the recorded one.
struct Difference {
  std::string field;     // "status", "media type", "body", or "more" (the count of the rest)
  std::string pointer;   // JSON pointer into the body ("" is the whole body)
  std::string recorded;  // "200", "7", "string"; "absent" when only the live answer has it
  std::string live;      // as `recorded`; "absent" when the live answer lacks it
  friend bool operator==(const Difference&, const Difference&) = default;
};

inline constexpr const char* k_absent = "absent";

// "body /id: recorded 7, now 8", "body /new: not recorded, now true",
// "status: recorded 200, now 500", "... and 5 more differences".
std::string describe(const Difference& difference);

// nullopt when either body is not JSON (or is empty). Otherwise every value
// difference ("body /items/0/title": recorded "a", now "b"; a member only on
// one side; arrays of different lengths), after removing the `ignore`
// pointers from both; empty when they are equal. At most
// k_max_json_differences, then one "more" entry with the count of the rest.
inline constexpr size_t k_max_json_differences = 20;
std::optional<std::vector<Difference>> diff_json_values(const std::string& recorded,
                                                        const std::string& now,
                                                        const std::vector<std::string>& ignore);

// diff_json_values(), each difference described.
std::optional<std::vector<std::string>> diff_json_bodies(const std::string& recorded,
                                                         const std::string& now,
                                                         const std::vector<std::string>& ignore);

}  // namespace automock::tooling
