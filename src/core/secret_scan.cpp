// Secret shapes (docs/config.md): one pass over the text, looking closer only
// at the bytes that can start a shape.

#include "core/secret_scan.hpp"

#include <array>
#include <automock/match.hpp>
#include <optional>

namespace automock {

namespace {
bool is_alnum_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_upper_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_word_byte(char c) {
  return is_alnum_byte(c) || c == '_';
}
bool is_base64url_byte(char c) {
  return is_word_byte(c) || c == '-';
}
// RFC 9110's token68, the credentials of "Bearer".
bool is_token68_byte(char c) {
  return is_base64url_byte(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

using BytePredicate = bool (*)(char);

size_t run_of(std::string_view text, size_t from, BytePredicate accepted) {
  size_t end = from;
  while (end < text.size() && accepted(text[end])) ++end;
  return end - from;
}

bool starts_word(std::string_view text, size_t at) {
  return at == 0 || !is_base64url_byte(text[at - 1]);
}

struct PrefixedKey {
  std::string_view prefix;
  std::string_view kind;
  size_t min_body;
  size_t max_body;  // the body's length is cut there
  BytePredicate body_byte;
};

constexpr size_t k_unbounded = std::string_view::npos;

// A '?' in a prefix stands for any lowercase ASCII letter (ghp_, gho_...; xoxb-, xoxp-...).
constexpr std::array k_prefixed_keys{
    PrefixedKey{"sk_live_", "Stripe secret key", 16, k_unbounded, is_alnum_byte},
    PrefixedKey{"rk_live_", "Stripe restricted key", 16, k_unbounded, is_alnum_byte},
    PrefixedKey{"github_pat_", "GitHub token", 22, k_unbounded, is_word_byte},
    PrefixedKey{"gh?_", "GitHub token", 30, k_unbounded, is_alnum_byte},
    PrefixedKey{"AKIA", "AWS access key id", 16, 16, is_upper_alnum},
    PrefixedKey{"ASIA", "AWS access key id", 16, 16, is_upper_alnum},
    PrefixedKey{"AIza", "Google API key", 35, 35, is_base64url_byte},
    PrefixedKey{"xox?-", "Slack token", 10, k_unbounded, is_base64url_byte},
    PrefixedKey{"sk-", "API key (sk-)", 20, k_unbounded, is_base64url_byte},
};

bool has_prefix_at(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[at + i];
    if (prefix[i] == '?' ? !(c >= 'a' && c <= 'z') : c != prefix[i]) return false;
  }
  return true;
}

std::optional<SecretShape> prefixed_key_at(std::string_view text, size_t at) {
  if (!starts_word(text, at)) return std::nullopt;
  for (const auto& key : k_prefixed_keys) {
    if (!has_prefix_at(text, at, key.prefix)) continue;
    const size_t body = run_of(text, at + key.prefix.size(), key.body_byte);
    if (body < key.min_body) continue;
    return SecretShape{key.kind, at, key.prefix.size() + std::min(body, key.max_body)};
  }
  return std::nullopt;
}

// header.payload.signature, each base64url; the header starts "eyJ" ('{"').
std::optional<SecretShape> jwt_at(std::string_view text, size_t at) {
  constexpr size_t k_min_part = 10;
  if (!starts_word(text, at) || text.compare(at, 3, "eyJ") != 0) return std::nullopt;
  size_t end = at;
  for (int part = 0; part < 3; ++part) {
    if (part > 0 && (end >= text.size() || text[end++] != '.')) return std::nullopt;
    const size_t length = run_of(text, end, is_base64url_byte);
    if (length < k_min_part) return std::nullopt;
    end += length;
  }
  return SecretShape{"JWT", at, end - at};
}

// The credentials after "Bearer " (any case), 16 bytes or more.
std::optional<SecretShape> bearer_at(std::string_view text, size_t at) {
  constexpr std::string_view k_scheme = "bearer ";
  constexpr size_t k_min_credentials = 16;
  if (text.size() - at < k_scheme.size() || !starts_word(text, at)) return std::nullopt;
  for (size_t i = 0; i < k_scheme.size(); ++i) {
    if ((text[at + i] | 0x20) != k_scheme[i]) return std::nullopt;
  }
  const size_t start = at + k_scheme.size();
  const size_t length = run_of(text, start, is_token68_byte);
  if (length < k_min_credentials) return std::nullopt;
  return SecretShape{"Bearer token", start, length};
}

// From "-----BEGIN ... PRIVATE KEY-----" to the end of its END line (or of the text).
std::optional<SecretShape> private_key_at(std::string_view text, size_t at) {
  constexpr std::string_view k_begin = "-----BEGIN ";
  constexpr std::string_view k_dashes = "-----";
  if (text.compare(at, k_begin.size(), k_begin) != 0) return std::nullopt;
  const size_t label_end = text.find(k_dashes, at + k_begin.size());
  if (label_end == std::string_view::npos) return std::nullopt;
  const auto label = text.substr(at + k_begin.size(), label_end - at - k_begin.size());
  if (!label.ends_with("PRIVATE KEY")) return std::nullopt;
  const size_t end_line = text.find("-----END ", label_end + k_dashes.size());
  const size_t end_dashes = end_line == std::string_view::npos
                                ? std::string_view::npos
                                : text.find(k_dashes, end_line + k_dashes.size());
  const size_t end =
      end_dashes == std::string_view::npos ? text.size() : end_dashes + k_dashes.size();
  return SecretShape{"private key", at, end - at};
}

bool is_query_value_byte(char c) {
  return is_base64url_byte(c) || c == '%' || c == '/' || c == '+' || c == '=' || c == '.';
}

// The value of an AWS presigned URL's signature, credential or session token
// ("X-Amz-Signature=<value>"), 16 bytes or more; the name is kept.
std::optional<SecretShape> presigned_value_at(std::string_view text, size_t at) {
  constexpr std::array<std::string_view, 3> k_names{
      "X-Amz-Signature=", "X-Amz-Credential=", "X-Amz-Security-Token="};
  constexpr size_t k_min_value = 16;
  for (const auto name : k_names) {
    if (text.compare(at, name.size(), name) != 0) continue;
    const size_t start = at + name.size();
    const size_t length = run_of(text, start, is_query_value_byte);
    if (length >= k_min_value) return SecretShape{"AWS presigned URL value", start, length};
  }
  return std::nullopt;
}

std::optional<SecretShape> shape_at(std::string_view text, size_t at) {
  switch (text[at]) {
    case 'X':
      return presigned_value_at(text, at);
    case 'e':
      return jwt_at(text, at);
    case 'B':
    case 'b':
      return bearer_at(text, at);
    case '-':
      return private_key_at(text, at);
    case 's':
    case 'r':
    case 'g':
    case 'A':
    case 'x':
      return prefixed_key_at(text, at);
    default:
      return std::nullopt;
  }
}
}  // namespace

std::vector<SecretShape> find_secret_shapes(std::string_view text) {
  std::vector<SecretShape> shapes;
  for (size_t at = 0; at < text.size();) {
    const auto shape = shape_at(text, at);
    if (!shape) {
      ++at;
      continue;
    }
    shapes.push_back(*shape);
    at = shape->offset + shape->length;
  }
  return shapes;
}

std::string redact_secret_shapes(std::string_view text, const std::vector<SecretShape>& shapes) {
  std::string out;
  size_t written = 0;
  for (const auto& shape : shapes) {
    out.append(text.substr(written, shape.offset - written));
    out.append(k_redacted);
    written = shape.offset + shape.length;
  }
  out.append(text.substr(written));
  return out;
}

}  // namespace automock
