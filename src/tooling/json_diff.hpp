#pragma once
// Differences between two JSON bodies, by JSON pointer, for drift reports.

#include <optional>
#include <string>
#include <vector>

namespace automock::tooling {

// nullopt when either body is not JSON. Otherwise one line per difference
// ("body /items/0/title: recorded \"a\", now \"b\""; a member only on one
// side says so), after removing the `ignore` pointers from both; empty when
// they are equal. At most k_max_json_differences lines, then a count.
inline constexpr size_t k_max_json_differences = 20;
std::optional<std::vector<std::string>> diff_json_bodies(const std::string& recorded,
                                                         const std::string& now,
                                                         const std::vector<std::string>& ignore);

}  // namespace automock::tooling
