// Redaction of requests and responses before they are written to disk.

#include <algorithm>
#include <automock/match.hpp>
#include <optional>

#include "core/body_kind.hpp"
#include "core/json_redact.hpp"
#include "core/named_secrets.hpp"
#include "core/percent.hpp"
#include "core/secret_names.hpp"
#include "core/secret_scan.hpp"
#include "core/text.hpp"

namespace automock {

namespace {
// Shorter secret values are not propagated: they would replace unrelated bytes.
constexpr size_t k_min_propagated_bytes = 8;

// The secret values met while redacting one exchange, as they were sent.
class SecretValues {
 public:
  void note(std::string_view value) {
    if (value.size() >= k_min_propagated_bytes && value != k_redacted) values_.emplace_back(value);
  }

  // `text` with every occurrence of a noted value (as it is, or
  // percent-encoded) replaced by <REDACTED>, longest values first.
  std::string replaced_in(std::string text) const {
    auto values = values_;
    std::sort(values.begin(), values.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& value : values) {
      text = with_every(std::move(text), value);
      text = with_every(std::move(text), percent_encode(value));
    }
    return text;
  }

 private:
  static std::string with_every(std::string text, const std::string& value) {
    for (size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + k_redacted.size())) {
      text.replace(at, value.size(), k_redacted);
    }
    return text;
  }

  std::vector<std::string> values_;
};

bool is_credentials_header(std::string_view name) {
  return iequals(name, "authorization") || iequals(name, "proxy-authorization");
}

// Notes the value of each name=value pair (a Set-Cookie only has one).
void note_cookie_values(std::string_view name, std::string_view header, SecretValues& found) {
  size_t start = 0;
  while (start < header.size()) {
    const size_t end = std::min(header.find(';', start), header.size());
    const auto pair = trim(header.substr(start, end - start));
    if (const auto equals = pair.find('='); equals != std::string_view::npos) {
      found.note(trim(pair.substr(equals + 1)));
    }
    if (iequals(name, "set-cookie")) return;
    start = end + 1;
  }
}

// "Bearer <REDACTED>" for credentials with a scheme, else <REDACTED>.
std::string redacted_header(std::string_view name, std::string_view value, SecretValues& found) {
  const auto sent = trim(value);
  found.note(sent);
  note_cookie_values(name, sent, found);
  const auto space = sent.find(' ');
  if (!is_credentials_header(name) || space == std::string_view::npos) {
    return std::string{k_redacted};
  }
  found.note(trim(sent.substr(space + 1)));
  return std::string{sent.substr(0, space)} + " " + std::string{k_redacted};
}

void redact_headers(Headers& headers, const RedactRules& rules, SecretValues& found) {
  for (auto& [name, value] : headers.fields()) {
    if (is_redacted_header(name, rules)) value = redacted_header(name, value, found);
  }
}

std::string redact_form_noting(std::string_view text, const RedactRules& rules,
                               SecretValues& found) {
  for (const auto& [name, value] : decode_form(text)) {
    if (is_secret_name(name, rules.query, rules.defaults)) found.note(value);
  }
  return redact_form(text, rules.query, rules.defaults);
}

std::string redact_target(const std::string& target, const RedactRules& rules,
                          SecretValues& found) {
  const auto mark = std::min(target.find('?'), target.size());
  const auto path = std::string_view{target}.substr(0, mark);
  for (const auto secret : path_segment_secrets(path, rules.path)) found.note(secret);
  auto out = redact_path_segments(path, rules.path);
  if (mark == target.size()) return out;
  return out + '?' + redact_form_noting(target.substr(mark + 1), rules, found);
}

// `url` with query rules applied to its query and its fragment
// ("#access_token=...&state=..." of an OAuth implicit redirect).
std::string redact_url(std::string_view url, const RedactRules& rules, SecretValues& found) {
  const auto hash = std::min(url.find('#'), url.size());
  const auto mark = std::min(url.find('?'), hash);
  std::string out{url.substr(0, mark)};
  if (mark < hash) {
    out += '?' + redact_form_noting(url.substr(mark + 1, hash - mark - 1), rules, found);
  }
  if (hash < url.size()) out += '#' + redact_form_noting(url.substr(hash + 1), rules, found);
  return out;
}

// Location and Content-Location hold a URL; Refresh holds "0; url=URL".
void redact_url_headers(Headers& headers, const RedactRules& rules, SecretValues& found) {
  for (auto& [name, value] : headers.fields()) {
    if (iequals(name, "location") || iequals(name, "content-location")) {
      value = redact_url(value, rules, found);
    } else if (iequals(name, "refresh")) {
      const auto url = to_lower(value).find("url=");
      if (url == std::string::npos) continue;
      value = value.substr(0, url + 4) + redact_url(value.substr(url + 4), rules, found);
    }
  }
}

// The JSON body with the configured and default fields redacted, every
// other byte as sent, or nullopt when it is not JSON or nothing changed.
std::optional<std::string> redact_json_body(const std::string& body, const RedactRules& rules,
                                            SecretValues& found) {
  auto redacted = redact_json_text(body, rules);
  if (!redacted) return std::nullopt;
  for (const auto& secret : redacted->secrets) found.note(secret);
  return std::move(redacted->text);
}

std::optional<std::string> redact_form_body(const std::string& body, const RedactRules& rules,
                                            SecretValues& found) {
  auto redacted = redact_form_noting(body, rules, found);
  if (redacted == body) return std::nullopt;
  return redacted;
}

// Replaces the body, keeping a Content-Length header (if any) true.
void replace_body(std::string& body, Headers& headers, std::optional<std::string> redacted) {
  if (!redacted || *redacted == body) return;
  body = std::move(*redacted);
  if (headers.contains("content-length"))
    headers.set("Content-Length", std::to_string(body.size()));
}

// `text` with the secret shapes in it replaced, each noted as "<kind> in <field>".
std::string without_shapes(std::string_view text, const std::string& field,
                           std::vector<std::string>& shapes_found) {
  const auto shapes = find_secret_shapes(text);
  for (const auto& shape : shapes) {
    shapes_found.push_back(std::string{shape.kind} + " in " + field + " (redacted)");
  }
  return shapes.empty() ? std::string{text} : redact_secret_shapes(text, shapes);
}

void scan_headers(Headers& headers, const std::string& side, const MatchRules& matched,
                  std::vector<std::string>& shapes_found) {
  for (auto& [name, value] : headers.fields()) {
    const auto field = side + " header " + name;
    const std::string& header_name = name;  // clang 14 cannot capture a structured binding
    const bool is_matched =
        std::any_of(matched.headers.begin(), matched.headers.end(),
                    [&](const std::string& each) { return iequals(each, header_name); });
    if (is_matched) {
      for (const auto& shape : find_secret_shapes(value)) {
        shapes_found.push_back(std::string{shape.kind} + " in " + field + " (kept: it is matched)");
      }
    } else {
      value = without_shapes(value, field, shapes_found);
    }
  }
}

// The request's target and body decide its key: a shape there is reported, not replaced.
void report_keyed_shapes(const Request& request, std::vector<std::string>& shapes_found) {
  for (const auto& [text, field] : {std::pair{std::string_view{request.target}, "request target"},
                                    std::pair{std::string_view{request.body}, "request body"}}) {
    for (const auto& shape : find_secret_shapes(text)) {
      shapes_found.push_back(std::string{shape.kind} + " in " + field +
                             " (kept: part of the key; add a redact rule for it)");
    }
  }
}

void scan_exchange(RedactedExchange& exchange, const MatchRules& matched) {
  auto& found = exchange.shapes_found;
  scan_headers(exchange.request.headers, "request", matched, found);
  report_keyed_shapes(exchange.request, found);
  scan_headers(exchange.response.headers, "response", {}, found);
  auto& response = exchange.response;
  replace_body(response.body, response.headers,
               without_shapes(response.body, "response body", found));
}

Request redact_request_noting(const Request& request, const RedactRules& rules,
                              SecretValues& found) {
  Request out = request;
  redact_headers(out.headers, rules, found);
  out.target = redact_target(request.target, rules, found);
  // Only the bodies that the canonical request reads structurally, so that
  // the key of the redacted request stays the key of the original.
  switch (body_kind(request.headers)) {
    case BodyKind::json:
      replace_body(out.body, out.headers, redact_json_body(out.body, rules, found));
      break;
    case BodyKind::form:
      replace_body(out.body, out.headers, redact_form_body(out.body, rules, found));
      break;
    case BodyKind::multipart:
    case BodyKind::raw:
      break;
  }
  return out;
}

Response redact_response_noting(const Response& response, const RedactRules& rules,
                                SecretValues& found) {
  Response out = response;
  redact_headers(out.headers, rules, found);
  redact_url_headers(out.headers, rules, found);
  // Any body that parses as JSON, whatever its Content-Type claims: a token
  // in a mislabelled response is still a secret.
  replace_body(out.body, out.headers, redact_json_body(out.body, rules, found));
  return out;
}
}  // namespace

Request redact_request(const Request& request, const RedactRules& rules) {
  SecretValues found;
  RedactedExchange out{.request = redact_request_noting(request, rules, found)};
  mark_named_secrets(request, Response{}, rules.secrets, out);
  return std::move(out.request);
}

Response redact_response(const Response& response, const RedactRules& rules) {
  SecretValues found;
  return redact_response_noting(response, rules, found);
}

RedactedExchange redact_exchange(const Request& request, const Response& response,
                                 const MatchContext& context) {
  const auto& rules = context.redact;
  SecretValues found;
  RedactedExchange out{.request = redact_request_noting(request, rules, found),
                       .response = redact_response_noting(response, rules, found)};
  for (auto& [name, value] : out.response.headers.fields()) value = found.replaced_in(value);
  replace_body(out.response.body, out.response.headers, found.replaced_in(out.response.body));
  if (rules.scan != ScanPolicy::off) scan_exchange(out, context.match);
  mark_named_secrets(request, response, rules.secrets, out);
  return out;
}

}  // namespace automock
