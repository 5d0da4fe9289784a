#pragma once
// Redaction of a JSON text in place: the values that the rules name are
// replaced by "<REDACTED>" and every other byte is kept as sent (white space,
// member order, number spelling), so that a replayed body differs from the
// recorded one only in the replaced values.

#include <automock/match.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

struct JsonRedaction {
  std::string text;
  // Every string inside a replaced value, decoded: the secrets to look for
  // elsewhere in the exchange.
  std::vector<std::string> secrets;
};

// `text` with the values redacted that `rules.json` names (a pointer: that
// place; a bare name: that member at any depth, arrays included) and, with
// `rules.defaults`, the members named by a default secret name (any case).
// A value nested in one already replaced goes with it. nullopt when `text`
// is not JSON or nothing changed.
std::optional<JsonRedaction> redact_json_text(std::string_view text, const RedactRules& rules);

}  // namespace automock
