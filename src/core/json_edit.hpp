#pragma once
// Reading untrusted JSON text within a nesting limit, and editing parsed JSON
// in place: RFC 6901 JSON pointers (removal, redaction) and redaction of a
// field name at any depth. Works on nlohmann::json and nlohmann::ordered_json
// alike.

#include <automock/match.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// The reference tokens of a JSON pointer ("/a~1b/0" -> {"a/b", "0"}), with
// ~1 and ~0 unescaped; nullopt unless `pointer` starts with '/' and every '~'
// is followed by '0' or '1'.
std::optional<std::vector<std::string>> parse_json_pointer(std::string_view pointer);

// Deepest nesting of arrays and objects that automock reads structurally;
// deeper JSON is treated as bytes (the recursive editing and serialising
// below would otherwise risk the stack).
inline constexpr size_t k_max_json_depth = 512;

// True when the arrays and objects of the JSON text `text` nest at most
// `limit` deep (brackets inside strings do not count) and it holds no NUL
// byte: JSON never does, and nlohmann takes one for the end of the input
// ("1\0x" would read as 1). The check before every nlohmann parse of
// untrusted text. Cheap, no parsing.
bool json_nesting_within(std::string_view text, size_t limit);

// `text` parsed as `Json` when it is JSON that json_nesting_within(text,
// limit) allows; nullopt otherwise. Never throws. The one parse of untrusted
// JSON text (bodies sent, recorded or stored, files automock wrote): nlohmann
// parses iteratively, but copying, flattening and serialising recurse, and a
// body of a million '[' would overflow the stack.
template <class Json = nlohmann::json>
std::optional<Json> parse_json_within(std::string_view text, size_t limit = k_max_json_depth) {
  if (!json_nesting_within(text, limit)) return std::nullopt;
  auto value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

// The array index a reference token names ("0", "12", never "01"), or nullopt.
std::optional<size_t> array_index(std::string_view token);

// The value `tokens` refers to inside `root`, or nullptr.
template <class Json>
Json* resolve_json_pointer(Json& root, std::span<const std::string> tokens) {
  Json* node = &root;
  for (const auto& token : tokens) {
    if (node->is_object()) {
      const auto found = node->find(token);
      if (found == node->end()) return nullptr;
      node = &*found;
    } else if (const auto index = array_index(token); node->is_array() && index) {
      if (*index >= node->size()) return nullptr;
      node = &(*node)[*index];
    } else {
      return nullptr;
    }
  }
  return node;
}

// Removes the value `pointer` refers to; false when there is none.
template <class Json>
bool remove_json_pointer(Json& root, std::string_view pointer) {
  const auto tokens = parse_json_pointer(pointer);
  if (!tokens) return false;
  const std::span<const std::string> all{*tokens};
  Json* parent = resolve_json_pointer(root, all.first(all.size() - 1));
  if (parent == nullptr) return false;
  if (parent->is_object()) return parent->erase(tokens->back()) > 0;
  const auto index = array_index(tokens->back());
  if (!parent->is_array() || !index || *index >= parent->size()) return false;
  parent->erase(*index);
  return true;
}

// Sets `value` to the string <REDACTED>; false when it already was.
template <class Json>
bool set_redacted(Json& value) {
  if (value.is_string() && value.template get_ref<const std::string&>() == k_redacted) {
    return false;
  }
  value = std::string{k_redacted};
  return true;
}

// Redacts every member whose name satisfies `is_secret` in every object at
// any depth, arrays included; true when anything changed.
template <class Json, class NamePredicate>
bool redact_json_names_if(Json& node, const NamePredicate& is_secret) {
  bool changed = false;
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      changed = (is_secret(key) ? set_redacted(value) : redact_json_names_if(value, is_secret)) ||
                changed;
    }
  } else if (node.is_array()) {
    for (auto& element : node) changed = redact_json_names_if(element, is_secret) || changed;
  }
  return changed;
}

// Redacts every member called `name` in every object at any depth, arrays
// included; true when anything changed.
template <class Json>
bool redact_json_name(Json& node, const std::string& name) {
  return redact_json_names_if(node, [&](const std::string& key) { return key == name; });
}

// Applies redaction rules ("/a/b" is a pointer, "password" a name at any
// depth); true when anything changed.
template <class Json>
bool redact_json_fields(Json& root, const std::vector<std::string>& rules) {
  bool changed = false;
  for (const auto& rule : rules) {
    if (rule.starts_with('/')) {
      const auto tokens = parse_json_pointer(rule);
      Json* target =
          tokens ? resolve_json_pointer(root, std::span<const std::string>{*tokens}) : nullptr;
      changed = (target != nullptr && set_redacted(*target)) || changed;
    } else {
      changed = redact_json_name(root, rule) || changed;
    }
  }
  return changed;
}

}  // namespace automock
