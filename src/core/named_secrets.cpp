// Named secrets: placeholders on record, values put back on send.

#include "core/named_secrets.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "core/body_kind.hpp"
#include "core/json_edit.hpp"
#include "core/percent.hpp"
#include "core/text.hpp"

namespace automock {

namespace {

constexpr std::string_view k_placeholder_open = "<SECRET:";

bool is_secret_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

bool is_valid_secret_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_secret_name_char);
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& each) { return iequals(each, name); });
}

// --- Writing placeholders -------------------------------------------------

// "Bearer <SECRET:x>" when redaction kept a scheme, else "<SECRET:x>".
std::string marked_header(const std::string& stored, const std::string& placeholder) {
  const std::string kept_scheme = std::string{" "} + std::string{k_redacted};
  if (stored.ends_with(kept_scheme)) {
    return stored.substr(0, stored.size() - k_redacted.size()) + placeholder;
  }
  return placeholder;
}

// The cookies of `sent` (a Cookie header, or a Set-Cookie's first pair and
// attributes) with the named ones as placeholders and the others redacted;
// nullopt when none of them is named.
std::optional<std::string> marked_cookies(std::string_view header_name, std::string_view sent,
                                          const NamedSecret& secret) {
  const bool set_cookie = iequals(header_name, "set-cookie");
  std::string out;
  bool named = false;
  size_t start = 0;
  while (start < sent.size()) {
    const size_t end = std::min(sent.find(';', start), sent.size());
    const auto pair = trim(sent.substr(start, end - start));
    const auto equals = pair.find('=');
    if (!out.empty()) out += "; ";
    if (equals == std::string_view::npos) {
      out += pair;
    } else {
      const auto name = pair.substr(0, equals);
      const bool is_named = listed(secret.cookies, name);
      named = named || is_named;
      out += std::string{name} + "=" +
             (is_named ? secret_placeholder(secret.name) : std::string{k_redacted});
    }
    if (set_cookie) {
      if (end < sent.size()) out += std::string{sent.substr(end)};
      break;
    }
    start = end + 1;
  }
  if (!named) return std::nullopt;
  return out;
}

void mark_headers(const Headers& sent, const NamedSecret& secret, Headers& stored) {
  auto& fields = stored.fields();
  if (fields.size() != sent.fields().size()) return;  // redaction keeps every field in place
  for (size_t i = 0; i < fields.size(); ++i) {
    auto& [name, value] = fields[i];
    if (listed(secret.headers, name)) {
      value = marked_header(value, secret_placeholder(secret.name));
    } else if (iequals(name, "cookie") || iequals(name, "set-cookie")) {
      if (auto cookies = marked_cookies(name, trim(sent.fields()[i].second), secret)) {
        value = std::move(*cookies);
      }
    }
  }
}

// `text` (a query or form body) with the values of `names` as the placeholder.
std::string marked_form(std::string_view text, const std::vector<std::string>& names,
                        const std::string& placeholder) {
  std::string out;
  size_t written = 0;
  for (const auto& part : split_form(text)) {
    const auto name = percent_decode(part.raw_name, PlusIs::space);
    if (std::find(names.begin(), names.end(), name) == names.end()) continue;
    const size_t part_start = static_cast<size_t>(part.raw.data() - text.data());
    out.append(text.substr(written, part_start - written));
    out.append(part.raw_name);
    out += '=';
    out += placeholder;
    written = part_start + part.raw.size();
  }
  out.append(text.substr(written));
  return out;
}

std::string marked_target(const std::string& target, const NamedSecret& secret) {
  const auto mark = target.find('?');
  if (mark == std::string::npos || secret.query.empty()) return target;
  return target.substr(0, mark + 1) +
         marked_form(target.substr(mark + 1), secret.query, secret_placeholder(secret.name));
}

bool mark_json_name(nlohmann::ordered_json& node, const std::string& name,
                    const std::string& placeholder) {
  bool changed = false;
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      if (key == name) {
        value = placeholder;
        changed = true;
      } else {
        changed = mark_json_name(value, name, placeholder) || changed;
      }
    }
  } else if (node.is_array()) {
    for (auto& element : node) changed = mark_json_name(element, name, placeholder) || changed;
  }
  return changed;
}

bool mark_json_place(nlohmann::ordered_json& document, const std::string& place,
                     const std::string& placeholder) {
  if (!place.starts_with('/')) return mark_json_name(document, place, placeholder);
  const auto tokens = parse_json_pointer(place);
  auto* target =
      tokens ? resolve_json_pointer(document, std::span<const std::string>{*tokens}) : nullptr;
  if (target == nullptr) return false;
  *target = placeholder;
  return true;
}

// Replaces a body, keeping a Content-Length header (if any) true.
void set_body_keeping_length(std::string& body, Headers& headers, std::string replacement) {
  body = std::move(replacement);
  if (headers.contains("content-length")) {
    headers.set("Content-Length", std::to_string(body.size()));
  }
}

void mark_json_body(std::string& body, Headers& headers, const NamedSecret& secret) {
  if (secret.json.empty()) return;
  auto parsed = parse_json_within<nlohmann::ordered_json>(body);
  if (!parsed) return;
  auto& document = *parsed;
  bool changed = false;
  for (const auto& place : secret.json) {
    changed = mark_json_place(document, place, secret_placeholder(secret.name)) || changed;
  }
  if (changed) set_body_keeping_length(body, headers, document.dump());
}

void mark_request_body(Request& stored, const NamedSecret& secret) {
  switch (body_kind(stored.headers)) {
    case BodyKind::json:
      mark_json_body(stored.body, stored.headers, secret);
      break;
    case BodyKind::form:
      if (!secret.query.empty()) {
        set_body_keeping_length(
            stored.body, stored.headers,
            marked_form(stored.body, secret.query, secret_placeholder(secret.name)));
      }
      break;
    case BodyKind::multipart:
    case BodyKind::raw:
      break;
  }
}

// --- Putting values back --------------------------------------------------

// `text` with each placeholder whose variable `source` has replaced by
// `encode`(value); the variables it does not have are added to `missing`.
template <class Encode>
std::string filled(std::string_view text, const SecretSource& source, const Encode& encode,
                   std::set<std::string>& missing) {
  std::string out;
  size_t at = 0;
  for (size_t open = text.find(k_placeholder_open); open != std::string_view::npos;
       open = text.find(k_placeholder_open, at)) {
    const size_t name_start = open + k_placeholder_open.size();
    const size_t close = text.find('>', name_start);
    const auto name = text.substr(
        name_start, close == std::string_view::npos ? std::string_view::npos : close - name_start);
    std::optional<std::string> value;
    if (close != std::string_view::npos && is_valid_secret_name(name)) {
      const auto variable = secret_variable(name);
      value = source(variable);
      if (!value) missing.insert(variable);
    }
    const size_t end = close == std::string_view::npos ? text.size() : close + 1;
    out.append(text.substr(at, open - at));
    out += value ? encode(*value) : std::string{text.substr(open, end - open)};
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

std::string as_is(const std::string& value) {
  return value;
}

std::string json_escaped(const std::string& value) {
  const auto quoted = nlohmann::json(value).dump();
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

std::string secret_placeholder(std::string_view name) {
  return std::string{k_placeholder_open} + std::string{name} + ">";
}

std::string secret_variable(std::string_view name) {
  auto variable = "AUTOMOCK_SECRET_" + to_upper(name);
  std::replace(variable.begin(), variable.end(), '-', '_');
  return variable;
}

RedactRules with_secret_places(RedactRules rules) {
  for (const auto& secret : rules.secrets) {
    rules.headers.insert(rules.headers.end(), secret.headers.begin(), secret.headers.end());
    rules.query.insert(rules.query.end(), secret.query.begin(), secret.query.end());
    rules.json.insert(rules.json.end(), secret.json.begin(), secret.json.end());
  }
  return rules;
}

std::vector<NamedSecret> parse_named_secrets(const ConfigReader& reader, const nlohmann::json& node,
                                             const std::string& path) {
  if (!node.is_array()) reader.fail(path, "expected an array of named secrets");
  std::vector<NamedSecret> secrets;
  std::set<std::string> variables;
  for (size_t i = 0; i < node.size(); ++i) {
    const ObjectReader entry{
        reader, node[i], child_path(path, i), {"name", "headers", "query", "json", "cookies"}};
    const auto places = [&entry](std::string_view key) {
      return entry.has(key) ? entry.strings(key) : std::vector<std::string>{};
    };
    NamedSecret secret{.name = entry.string("name"),
                       .headers = places("headers"),
                       .query = places("query"),
                       .json = places("json"),
                       .cookies = places("cookies")};
    if (!is_valid_secret_name(secret.name)) {
      reader.fail(entry.path("name"), "expected a name of letters, digits, '_' or '-'");
    }
    if (!variables.insert(secret_variable(secret.name)).second) {
      reader.fail(entry.path("name"),
                  "another secret already uses " + secret_variable(secret.name));
    }
    if (secret.headers.empty() && secret.query.empty() && secret.json.empty() &&
        secret.cookies.empty()) {
      reader.fail(child_path(path, i), "expected at least one of headers, query, json, cookies");
    }
    for (size_t j = 0; j < secret.json.size(); ++j) {
      const auto& place = secret.json[j];
      if (place.empty() || (place.starts_with('/') && !parse_json_pointer(place))) {
        reader.fail(child_path(entry.path("json"), j),
                    "expected a field name or a JSON pointer such as \"/auth/token\"");
      }
    }
    secrets.push_back(std::move(secret));
  }
  return secrets;
}

void mark_named_secrets(const Request& sent, const Response& answered,
                        const std::vector<NamedSecret>& secrets, RedactedExchange& stored) {
  for (const auto& secret : secrets) {
    mark_headers(sent.headers, secret, stored.request.headers);
    mark_headers(answered.headers, secret, stored.response.headers);
    stored.request.target = marked_target(stored.request.target, secret);
    mark_request_body(stored.request, secret);
    mark_json_body(stored.response.body, stored.response.headers, secret);
  }
}

std::optional<std::string> secret_from_environment(const std::string& variable) {
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string{value};
}

FilledRequest fill_secrets(const Request& recorded, const SecretSource& source) {
  std::set<std::string> missing;
  FilledRequest out{.request = recorded, .missing = {}};
  auto& request = out.request;
  for (auto& [name, value] : request.headers.fields())
    value = filled(value, source, as_is, missing);
  request.target = filled(request.target, source, percent_encode, missing);
  std::string body;
  switch (body_kind(request.headers)) {
    case BodyKind::json:
      body = filled(request.body, source, json_escaped, missing);
      break;
    case BodyKind::form:
      body = filled(request.body, source, percent_encode, missing);
      break;
    case BodyKind::multipart:
    case BodyKind::raw:
      body = filled(request.body, source, as_is, missing);
      break;
  }
  if (body != request.body) set_body_keeping_length(request.body, request.headers, body);
  out.missing.assign(missing.begin(), missing.end());
  return out;
}

std::string replace_placeholders(std::string_view text,
                                 const std::function<std::string(const std::string&)>& with) {
  std::set<std::string> unused;
  const SecretSource replacement = [&with](const std::string& variable) {
    return std::optional<std::string>{with(variable)};
  };
  return filled(text, replacement, as_is, unused);
}

std::string placeholders_as_variables(std::string_view text) {
  return replace_placeholders(text, [](const std::string& variable) { return "$" + variable; });
}

}  // namespace automock
