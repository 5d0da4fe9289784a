// JSON span scanner and in-place redaction: every span lies inside the text
// and inside its container; whatever nlohmann reads, the scanner reads; and
// redacting in place gives the document that redacting the parsed document
// gives (the same key), itself still JSON.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_edit.hpp"
#include "core/json_redact.hpp"
#include "core/json_span.hpp"
#include "core/secret_names.hpp"
#include "fuzz_support.hpp"

namespace {

using automock::fuzz::check;

bool spans_are_nested(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> open;  // spans seen, innermost reported first
  bool inside = true;
  const bool is_json = automock::visit_json_spans(text, [&](const automock::JsonValueSpan& value) {
    inside = inside && value.begin < value.end && value.end <= text.size();
    open.emplace_back(value.begin, value.end);
  });
  if (!is_json) return true;
  return inside && !open.empty() && open.back().first <= open.front().first &&
         open.back().second >= open.front().second;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = automock::fuzz::as_text(data, size);
  check(spans_are_nested(text), "every span is inside the text and the root holds the rest");
  // json_nesting_within() also refuses a NUL byte, which nlohmann takes for
  // the end of its input (this target's first finding).
  const bool parses = automock::json_nesting_within(text, automock::k_max_json_depth) &&
                      !nlohmann::json::parse(text, nullptr, false).is_discarded();
  const bool scans = automock::visit_json_spans(text, [](const automock::JsonValueSpan&) {});
  check(!parses || scans, "what nlohmann reads, the scanner reads");
  const automock::RedactRules rules{.json = {"a", "/b/0"}};
  const auto redacted = automock::redact_json_text(text, rules);
  if (!redacted) return 0;
  check(automock::visit_json_spans(redacted->text, [](const automock::JsonValueSpan&) {}),
        "a redacted text is JSON");
  if (!parses) return 0;
  auto expected = nlohmann::json::parse(text);
  automock::redact_json_fields(expected, rules.json);
  automock::redact_json_names_if(expected, automock::is_default_secret_name);
  check(nlohmann::json::parse(redacted->text, nullptr, false) == expected,
        "redacting in place gives the document redacting the parsed one gives");
  return 0;
}
