#pragma once
// The canonical JSON serialisation of the canonical request v1
// (docs/canonical-request.md): object keys sorted bytewise, no white space,
// strings as UTF-8 with only '"', '\' and U+0000..U+001F escaped (short
// escapes where they exist, else \u00xx), integers plain, other numbers in the
// shortest form that reads back to the same double, always with a fraction or
// an exponent.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace automock {

// The canonical text of `value`, or nullopt when it holds a number that is not
// finite (it then has no canonical form).
std::optional<std::string> canonical_json(const nlohmann::json& value);

}  // namespace automock
