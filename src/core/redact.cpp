// Redaction of requests and responses before they are written to disk.

#include <automock/match.hpp>
#include <optional>

#include "core/body_kind.hpp"
#include "core/json_edit.hpp"
#include "core/percent.hpp"

namespace automock {

namespace {
void redact_headers(Headers& headers, const RedactRules& rules) {
  for (auto& [name, value] : headers.fields()) {
    if (is_redacted_header(name, rules)) value = std::string{k_redacted};
  }
}

std::string redact_target(const std::string& target, const RedactRules& rules) {
  const auto mark = target.find('?');
  if (mark == std::string::npos || rules.query.empty()) return target;
  return target.substr(0, mark + 1) + redact_form(target.substr(mark + 1), rules.query);
}

// The JSON body with the configured fields redacted, keeping member order,
// or nullopt when it does not parse or nothing changed (the bytes stay as sent).
std::optional<std::string> redact_json_body(const std::string& body, const RedactRules& rules) {
  if (rules.json.empty() || !json_nesting_within(body, k_max_json_depth)) return std::nullopt;
  auto document = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !redact_json_fields(document, rules.json)) return std::nullopt;
  return document.dump();
}

std::optional<std::string> redact_form_body(const std::string& body, const RedactRules& rules) {
  auto redacted = redact_form(body, rules.query);
  if (redacted == body) return std::nullopt;
  return redacted;
}

// Replaces the body, keeping a Content-Length header (if any) true.
void replace_body(std::string& body, Headers& headers, std::optional<std::string> redacted) {
  if (!redacted) return;
  body = std::move(*redacted);
  if (headers.contains("content-length"))
    headers.set("Content-Length", std::to_string(body.size()));
}
}  // namespace

Request redact_request(const Request& request, const RedactRules& rules) {
  Request out = request;
  redact_headers(out.headers, rules);
  out.target = redact_target(request.target, rules);
  // Only the bodies that the canonical request reads structurally, so that
  // the key of the redacted request stays the key of the original.
  switch (body_kind(request.headers)) {
    case BodyKind::json:
      replace_body(out.body, out.headers, redact_json_body(out.body, rules));
      break;
    case BodyKind::form:
      replace_body(out.body, out.headers, redact_form_body(out.body, rules));
      break;
    case BodyKind::multipart:
    case BodyKind::raw:
      break;
  }
  return out;
}

Response redact_response(const Response& response, const RedactRules& rules) {
  Response out = response;
  redact_headers(out.headers, rules);
  // Any body that parses as JSON, whatever its Content-Type claims: a token
  // in a mislabelled response is still a secret.
  replace_body(out.body, out.headers, redact_json_body(out.body, rules));
  return out;
}

}  // namespace automock
