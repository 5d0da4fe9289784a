#pragma once
// The shape of a JSON answer, compared for drift checks that must not break
// on ids, timestamps and other values that change from call to call.

#include <optional>
#include <string>
#include <vector>

#include "tooling/json_diff.hpp"

namespace automock::tooling {

// nullopt when either body is not JSON (or is empty). Otherwise, after
// removing the `ignore` pointers from both, one difference per place where
// the live document does not have the recorded shape: a recorded member
// missing (live "absent"), a value of another type (recorded "string", live
// "number"), an array element of a type no recorded element has. Members
// only the live document has are allowed, and so is any value where null
// was recorded. Each live array element is compared with the first
// recorded element of its type. At most k_max_json_differences, then a
// "more" entry.
std::optional<std::vector<Difference>> diff_json_shapes(const std::string& recorded,
                                                        const std::string& live,
                                                        const std::vector<std::string>& ignore);

}  // namespace automock::tooling
