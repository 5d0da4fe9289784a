// The canonical request v1 and its key (docs/canonical-request.md).

#include <xxhash.h>

#include <algorithm>
#include <automock/match.hpp>
#include <utility>

#include "core/body_kind.hpp"
#include "core/json_canonical.hpp"
#include "core/json_edit.hpp"
#include "core/json_redact.hpp"
#include "core/percent.hpp"
#include "core/secret_names.hpp"
#include "core/text.hpp"

namespace automock {

namespace {
constexpr std::string_view k_version_line = "automock-v1\n";
constexpr std::string_view k_multipart_boundary = "automock-boundary";

bool names_header(const MatchRules& rules, std::string_view name) {
  const auto is_name = [&](const std::string& listed) { return iequals(listed, name); };
  return std::any_of(rules.headers.begin(), rules.headers.end(), is_name) &&
         std::none_of(rules.ignore_headers.begin(), rules.ignore_headers.end(), is_name);
}

std::string canonical_headers(const Headers& headers, const MatchContext& context) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (const auto& [name, value] : headers) {
    if (!names_header(context.match, name)) continue;
    lines.emplace_back(to_lower(name), is_redacted_header(name, context.redact)
                                           ? std::string{k_redacted}
                                           : std::string{trim(value)});
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& [name, value] : lines) out += name + ":" + value + "\n";
  return out;
}

std::optional<std::string> canonical_json_body(std::string_view body, const MatchContext& context) {
  auto parsed = parse_json_within(body);
  if (!parsed) return std::nullopt;
  auto& document = *parsed;
  for (const auto& pointer : context.match.ignore_json) remove_json_pointer(document, pointer);
  redact_json_fields(document, context.redact.json);
  if (context.redact.defaults) redact_json_names_if(document, is_default_secret_name);
  return canonical_json(document);
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string canonical_body(const Request& request, const MatchContext& context) {
  switch (body_kind(request.headers)) {
    case BodyKind::json:
      if (auto canonical = canonical_json_body(request.body, context)) return *canonical;
      // JSON no document holds (1e999, deep nesting): its bytes, redacted as stored.
      if (auto redacted = redact_json_text(request.body, context.redact)) return redacted->text;
      return request.body;
    case BodyKind::form:
      return canonical_form(request.body, {context.match.ignore_query, context.redact.query,
                                           context.redact.defaults});
    case BodyKind::multipart:
      return replace_all(request.body, multipart_boundary(request.headers), k_multipart_boundary);
    case BodyKind::raw:
      break;
  }
  return request.body;
}

template <class Item>
std::vector<Item> concatenated(const std::vector<Item>& first, const std::vector<Item>& second) {
  std::vector<Item> out = first;
  out.insert(out.end(), second.begin(), second.end());
  return out;
}
}  // namespace

MatchRules MatchRules::merged(const MatchRules& more) const {
  return {concatenated(ignore_query, more.ignore_query), concatenated(headers, more.headers),
          concatenated(ignore_json, more.ignore_json),
          concatenated(path_patterns, more.path_patterns),
          concatenated(ignore_headers, more.ignore_headers)};
}

RedactRules RedactRules::merged(const RedactRules& more) const {
  return {concatenated(headers, more.headers),
          concatenated(query, more.query),
          concatenated(json, more.json),
          defaults && more.defaults,
          more.scan,
          concatenated(path, more.path),
          concatenated(secrets, more.secrets)};
}

const std::vector<std::string>& default_redacted_headers() {
  static const std::vector<std::string> headers{"Authorization", "Proxy-Authorization", "Cookie",
                                                "Set-Cookie", "X-Api-Key"};
  return headers;
}

std::string canonical_request(const Request& request, const MatchContext& context) {
  std::string text{k_version_line};
  text += to_upper(request.method) + "\n";
  text += context.route + "\n";
  text +=
      normalize_path(with_placeholders(redact_path_segments(request.path(), context.redact.path),
                                       context.match.path_patterns)) +
      "\n";
  text += canonical_form(
      request.query(), {context.match.ignore_query, context.redact.query, context.redact.defaults});
  text += "\n";
  text += canonical_headers(request.headers, context);
  text += "\n";
  text += canonical_body(request, context);
  return text;
}

std::string key_of_canonical(std::string_view canonical_text) {
  constexpr std::string_view k_hex_digits = "0123456789abcdef";
  uint64_t hash = XXH3_64bits(canonical_text.data(), canonical_text.size());
  std::string key(16, '0');
  for (auto digit = key.rbegin(); digit != key.rend(); ++digit, hash >>= 4) {
    *digit = k_hex_digits[hash & 0x0f];
  }
  return key;
}

std::string request_key(const Request& request, const MatchContext& context) {
  return key_of_canonical(canonical_request(request, context));
}

}  // namespace automock
