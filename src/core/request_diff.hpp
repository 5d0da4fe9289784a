#pragma once
// What differs between a sent request and a recorded one, field by field,
// in words a test author can act on.

#include <automock/http.hpp>
#include <automock/match.hpp>
#include <string>
#include <vector>

namespace automock {

// One line per difference: "query 'done': recorded \"true\", sent \"false\"",
// "body /title: recorded \"a\", sent \"b\"", "header 'accept': ...". Empty when
// the two agree on everything the match rules look at.
std::vector<std::string> request_differences(const Request& recorded, const Request& sent,
                                             const MatchContext& context);

}  // namespace automock
