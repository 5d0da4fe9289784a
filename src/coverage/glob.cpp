#include "coverage/glob.hpp"

#include <automock/error.hpp>

namespace automock::coverage {

namespace {

// The end of the class starting at `open` ('['), or npos if unterminated.
std::size_t class_end(std::string_view segment, std::size_t open) {
  std::size_t i = open + 1;
  if (i < segment.size() && (segment[i] == '!' || segment[i] == '^')) ++i;
  if (i < segment.size() && segment[i] == ']') ++i;  // a leading ] is literal
  const auto close = segment.find(']', i);
  return close;
}

bool class_matches(std::string_view set, char c) {
  bool negated = false;
  if (!set.empty() && (set[0] == '!' || set[0] == '^')) {
    negated = true;
    set.remove_prefix(1);
  }
  bool found = false;
  for (std::size_t i = 0; i < set.size(); ++i) {
    if (i + 2 < set.size() && set[i + 1] == '-') {
      found = found || (set[i] <= c && c <= set[i + 2]);
      i += 2;
    } else {
      found = found || set[i] == c;
    }
  }
  return found != negated;
}

// Matches one path segment against one pattern segment (*, ?, [..]).
bool segment_matches(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0;
  std::size_t star = std::string_view::npos, star_name = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_name = n;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '[') {
      const auto close = class_end(pattern, p);
      if (class_matches(pattern.substr(p + 1, close - p - 1), name[n])) {
        p = close + 1;
        ++n;
        continue;
      }
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
      continue;
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    n = ++star_name;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

void validate_segment(std::string_view segment) {
  if (segment.empty()) throw InputError("empty path segment (double slash)");
  if (segment == "." || segment == "..") throw InputError("'.' and '..' are not allowed");
  if (segment != "**" && segment.find("**") != std::string_view::npos) {
    throw InputError("'**' must be a whole path segment");
  }
  for (std::size_t i = segment.find('['); i != std::string_view::npos; i = segment.find('[', i)) {
    const auto close = class_end(segment, i);
    if (close == std::string_view::npos) throw InputError("unterminated '['");
    i = close + 1;
  }
}

}  // namespace

Glob::Glob(std::string_view pattern) {
  if (pattern.empty()) throw InputError("empty pattern");
  if (pattern.find('\\') != std::string_view::npos)
    throw InputError("use '/' to separate directories");
  if (pattern.starts_with('!')) throw InputError("negated patterns are not supported");
  if (pattern.starts_with('/')) pattern.remove_prefix(1);
  if (pattern.ends_with('/')) pattern.remove_suffix(1);
  if (pattern.empty()) throw InputError("pattern matches nothing");
  for (const auto segment : split(pattern)) {
    validate_segment(segment);
    segments_.emplace_back(segment);
  }
}

std::vector<std::string_view> Glob::split(std::string_view path) {
  // Paths outside the root stay absolute; "/usr/**" (or "usr/**") matches them.
  if (path.starts_with('/')) path.remove_prefix(1);
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool Glob::matches(std::string_view path) const {
  return matches(split(path));
}

bool Glob::matches(const std::vector<std::string_view>& path_segments) const {
  return match_from(0, 0, path_segments);
}

bool Glob::match_from(std::size_t pattern_index, std::size_t path_index,
                      const std::vector<std::string_view>& path) const {
  // The whole pattern matched the path, or a directory above it.
  if (pattern_index == segments_.size()) return true;
  const std::string& segment = segments_[pattern_index];
  if (segment == "**") {
    for (std::size_t next = path_index; next <= path.size(); ++next) {
      if (match_from(pattern_index + 1, next, path)) return true;
    }
    return false;
  }
  return path_index < path.size() && segment_matches(segment, path[path_index]) &&
         match_from(pattern_index + 1, path_index + 1, path);
}

}  // namespace automock::coverage
