#pragma once
// Named secrets (docs/config.md, "Named secrets"): a secret written as
// "<SECRET:name>" in the places the config names, and put back, in memory
// only, from AUTOMOCK_SECRET_<NAME> when a recorded request is sent to a
// real API (fixtures verify, the pipeline's contract stage). Every function
// is pure apart from secret_from_environment(), and safe from any thread.

#include <automock/match.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_reader.hpp"

namespace automock {

// "<SECRET:name>".
std::string secret_placeholder(std::string_view name);

// "AUTOMOCK_SECRET_" followed by `name` with letters raised and '-' as '_'.
std::string secret_variable(std::string_view name);

// The "secrets" array of automock.json's "redact" object at `path`: objects
// {"name", "headers", "query", "json", "cookies"}, each with a name of
// letters, digits, '_' or '-' (unique) and at least one place. Throws
// ConfigError naming the value at fault.
std::vector<NamedSecret> parse_named_secrets(const ConfigReader& reader, const nlohmann::json& node,
                                             const std::string& path);

// Writes each secret's placeholder into the places of `stored` (the exchange
// as redaction left it) where `sent` and `answered` (the exchange as it
// happened) held a value: "Bearer <SECRET:token>" for a credentials header,
// name=<SECRET:x> for a query or form value and for a cookie (the other
// cookies of that header stay <REDACTED>), the string "<SECRET:x>" for a
// JSON field. A JSON body that holds one is re-serialised compactly.
void mark_named_secrets(const Request& sent, const Response& answered,
                        const std::vector<NamedSecret>& secrets, RedactedExchange& stored);

// The value of a secret's variable, or nullopt when it is not set.
using SecretSource = std::function<std::optional<std::string>(const std::string& variable)>;

// Reads the process environment.
std::optional<std::string> secret_from_environment(const std::string& variable);

struct FilledRequest {
  Request request;                   // the placeholders replaced by the secrets' values
  std::vector<std::string> missing;  // variables that `source` did not have, sorted, unique
};

// `recorded` with every "<SECRET:name>" in its headers, target (value
// percent-encoded) and body (JSON-escaped in a JSON body, percent-encoded in
// a form) replaced by the value `source` gives for secret_variable(name);
// a true Content-Length, if it has one. A placeholder whose variable is not
// set is left as it is and its variable listed in `missing`.
FilledRequest fill_secrets(const Request& recorded, const SecretSource& source);

// `text` with every "<SECRET:name>" replaced by with(secret_variable(name)).
std::string replace_placeholders(std::string_view text,
                                 const std::function<std::string(const std::string&)>& with);

// `text` with every "<SECRET:name>" replaced by "$AUTOMOCK_SECRET_NAME".
std::string placeholders_as_variables(std::string_view text);

}  // namespace automock
