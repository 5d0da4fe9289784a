#pragma once
// Percent-encoding (RFC 3986) and the canonical form of query strings and
// application/x-www-form-urlencoded bodies used by the canonical request v1.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace automock {

// A-Z a-z 0-9 - . _ ~
bool is_unreserved(unsigned char byte);

enum class PlusIs { space, plus };

// Decodes every valid %XX escape; an invalid escape ("%zz", a trailing "%4")
// is kept as it is. With PlusIs::space, '+' decodes to ' '.
std::string percent_decode(std::string_view text, PlusIs plus);

// Encodes every byte outside the unreserved set as %XX (uppercase hex).
std::string percent_encode(std::string_view bytes);

// One name=value pair of a query or form body, split at the first '='
// (no '=': empty value). `raw` is the part exactly as sent.
struct FormPart {
  std::string_view raw;
  std::string_view raw_name;
  std::string_view raw_value;
  bool has_value = false;
};

// Splits on '&' and drops empty parts.
std::vector<FormPart> split_form(std::string_view text);

// The parts decoded ('+' is a space), in the order sent: for display and
// for matchers, not for keys.
std::vector<std::pair<std::string, std::string>> decode_form(std::string_view text);

// Which names are left out and which values become <REDACTED>; names are
// compared after decoding, exactly (case-sensitive). With `default_names`,
// the default secret names are also redacted, ignoring ASCII case.
struct FormRules {
  const std::vector<std::string>& ignored;
  const std::vector<std::string>& redacted;
  bool default_names = false;
};

// The canonical form: parts decoded ('+' is a space) and re-encoded with
// percent_encode, ignored names dropped, redacted values replaced by
// <REDACTED>, sorted bytewise by name then value, joined by '&'.
std::string canonical_form(std::string_view text, const FormRules& rules);

// `text` with the values of redacted names (and, with `default_names`, of
// the default secret names) replaced by <REDACTED>; every other byte is kept
// as sent.
std::string redact_form(std::string_view text, const std::vector<std::string>& redacted,
                        bool default_names);

}  // namespace automock
