#include "core/json_redact.hpp"

#include <algorithm>
#include <utility>

#include "core/json_edit.hpp"
#include "core/json_span.hpp"
#include "core/secret_names.hpp"

namespace automock {

namespace {

constexpr std::string_view k_redacted_json = "\"<REDACTED>\"";

// The configured names and pointers of `rules.json`, split once per body.
struct JsonRules {
  explicit JsonRules(const RedactRules& rules) : defaults(rules.defaults) {
    for (const auto& rule : rules.json) {
      if (!rule.starts_with('/')) {
        names.push_back(rule);
      } else if (auto tokens = parse_json_pointer(rule)) {
        pointers.push_back(std::move(*tokens));
      }
    }
  }

  bool names_secret(std::span<const JsonPathToken> path) const {
    if (path.empty()) return false;
    const auto& last = path.back();
    if (!last.is_index && is_secret_name(last.token, names, defaults)) return true;
    return std::any_of(pointers.begin(), pointers.end(), [&](const std::vector<std::string>& each) {
      return std::equal(each.begin(), each.end(), path.begin(), path.end(),
                        [](const std::string& a, const JsonPathToken& b) { return a == b.token; });
    });
  }

  std::vector<std::string> names;
  std::vector<std::vector<std::string>> pointers;
  bool defaults;
};

struct Found {
  std::vector<std::pair<size_t, size_t>> replaced;      // [begin, end) of each named value
  std::vector<std::pair<size_t, std::string>> strings;  // every string value, by offset
};

// The named values, outermost only, in order.
std::vector<std::pair<size_t, size_t>> outermost(std::vector<std::pair<size_t, size_t>> spans) {
  std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  std::vector<std::pair<size_t, size_t>> kept;
  for (const auto& span : spans) {
    if (kept.empty() || span.first >= kept.back().second) kept.push_back(span);
  }
  return kept;
}

}  // namespace

std::optional<JsonRedaction> redact_json_text(std::string_view text, const RedactRules& rules) {
  const JsonRules json_rules{rules};
  Found found;
  const bool is_json = visit_json_spans(text, [&](const JsonValueSpan& value) {
    if (value.kind == JsonKind::string) found.strings.emplace_back(value.begin, value.decoded);
    const auto bytes = text.substr(value.begin, value.end - value.begin);
    if (bytes != k_redacted_json && json_rules.names_secret(value.path)) {
      found.replaced.emplace_back(value.begin, value.end);
    }
  });
  if (!is_json || found.replaced.empty()) return std::nullopt;
  JsonRedaction out;
  size_t copied = 0;
  auto string = found.strings.begin();
  for (const auto& [begin, end] : outermost(std::move(found.replaced))) {
    out.text.append(text.substr(copied, begin - copied));
    out.text += k_redacted_json;
    copied = end;
    string = std::lower_bound(string, found.strings.end(), begin,
                              [](const auto& each, size_t at) { return each.first < at; });
    for (; string != found.strings.end() && string->first < end; ++string) {
      out.secrets.push_back(std::move(string->second));
    }
  }
  out.text.append(text.substr(copied));
  return out;
}

}  // namespace automock
