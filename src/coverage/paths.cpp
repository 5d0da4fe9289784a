#include <algorithm>

#include "coverage/report.hpp"

namespace automock::coverage {

namespace {

bool is_absolute(std::string_view path) {
  return path.starts_with('/') ||
         (path.size() > 2 && path[1] == ':' && path[2] == '/');  // C:/ on Windows reports
}

}  // namespace

std::string normalize_path(std::string_view raw, const std::filesystem::path& absolute_root) {
  std::string slashed(raw);
  std::replace(slashed.begin(), slashed.end(), '\\', '/');
  std::filesystem::path path(slashed);
  if (!is_absolute(slashed)) return path.lexically_normal().generic_string();
  path = path.lexically_normal();
  std::filesystem::path relative = path.lexically_relative(absolute_root);
  const std::string text = relative.generic_string();
  if (relative.empty() || text == ".." || text.starts_with("../")) return path.generic_string();
  return text;
}

}  // namespace automock::coverage
