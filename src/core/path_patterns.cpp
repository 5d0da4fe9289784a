// Volatile path segments: the built-in patterns and the placeholders that
// replace the segments they match (docs/canonical-request.md#volatile-values).

#include <algorithm>
#include <array>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <memory>
#include <mutex>
#include <regex>
#include <unordered_map>

namespace automock {

namespace {

// Built on first use, not at static initialisation: a test's global rules
// may ask for a built-in before this file's globals would exist.
const std::array<PathPattern, 3>& builtins() {
  static const std::array<PathPattern, 3> patterns = [] {
    const std::string colon = "(?::|%3A)";
    const std::string offset = "(?:[Zz]|(?:[+-]|%2B)[0-9]{2}(?:" + colon + "?[0-9]{2})?)";
    return std::array<PathPattern, 3>{{
        {"uuid", "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"},
        {"timestamp", "[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}" + colon + "[0-9]{2}(?:" + colon +
                          "[0-9]{2}(?:[.,][0-9]+)?)?" + offset + "?)?"},
        {"epoch", "[0-9]{10}(?:[0-9]{3})?"},
    }};
  }();
  return patterns;
}

// The compiled form of `regex`, compiled once per process. Throws
// std::regex_error when it does not compile.
const std::regex& compiled(const std::string& regex) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<const std::regex>> cache;
  std::lock_guard lock{mutex};
  auto& slot = cache[regex];
  if (!slot) slot = std::make_unique<const std::regex>(regex, std::regex::ECMAScript);
  return *slot;
}

bool is_placeholder_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// The pattern that matches `segment` whole, or nullptr. A match that the
// regex engine gives up on (too complex) is no match.
const PathPattern* pattern_matching(std::string_view segment,
                                    const std::vector<PathPattern>& patterns) {
  if (segment.empty() || segment.size() > k_max_volatile_segment) return nullptr;
  const std::string normalized = normalize_path(segment);
  for (const auto& pattern : patterns) {
    try {
      if (std::regex_match(normalized, compiled(pattern.regex))) return &pattern;
    } catch (const std::regex_error&) {
      continue;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<PathPattern> builtin_path_pattern(std::string_view name) {
  for (const auto& pattern : builtins()) {
    if (pattern.name == name) return pattern;
  }
  return std::nullopt;
}

std::string_view builtin_path_pattern_names() {
  return "uuid, timestamp, epoch";
}

void check_path_pattern(const PathPattern& pattern) {
  if (!is_placeholder_name(pattern.name)) {
    throw InputError("path pattern name '" + pattern.name +
                     "': expected letters, digits, '_' and '-'");
  }
  if (pattern.regex.empty() || pattern.regex.size() > k_max_path_regex) {
    throw InputError("path pattern '" + pattern.name + "': the regex must have 1 to " +
                     std::to_string(k_max_path_regex) + " characters");
  }
  try {
    compiled(pattern.regex);
  } catch (const std::regex_error& error) {
    throw InputError("path pattern '" + pattern.name + "': the regex '" + pattern.regex +
                     "' does not compile (" + error.what() + ")");
  }
}

std::string with_placeholders(std::string_view path, const std::vector<PathPattern>& patterns) {
  if (patterns.empty()) return std::string{path};
  std::string out;
  size_t start = 0;
  while (true) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (const auto* pattern = pattern_matching(segment, patterns)) {
      out += "{" + pattern->name + "}";
    } else {
      out += segment;
    }
    if (end == path.size()) return out;
    out += '/';
    start = end + 1;
  }
}

std::string target_with_placeholders(std::string_view target,
                                     const std::vector<PathPattern>& patterns) {
  const auto query = std::min(target.find('?'), target.size());
  return with_placeholders(target.substr(0, query), patterns) + std::string{target.substr(query)};
}

}  // namespace automock
