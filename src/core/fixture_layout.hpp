#pragma once
// The text layout of a fixture: like nlohmann's dump(2), except that each
// header is one line ["name", "value"], so fixtures read and diff well.

#include <nlohmann/json.hpp>
#include <string>

namespace automock {

// Prints a fixture document built by serialize_fixture(), ending with a
// newline. Strings must be valid UTF-8 (nlohmann throws otherwise).
std::string print_fixture_json(const nlohmann::ordered_json& document);

}  // namespace automock
