#pragma once
// Gitignore-like globs over normalised, root-relative paths.

#include <string>
#include <string_view>
#include <vector>

namespace automock::coverage {

class Glob {
 public:
  // Throws InputError saying what is wrong with the pattern; the caller adds
  // where the pattern came from.
  explicit Glob(std::string_view pattern);

  // True if the pattern matches `path` or one of its parent directories. An
  // absolute path (outside the root) is matched without its leading '/'.
  bool matches(const std::vector<std::string_view>& path_segments) const;
  bool matches(std::string_view path) const;

  static std::vector<std::string_view> split(std::string_view path);

 private:
  bool match_from(std::size_t pattern_index, std::size_t path_index,
                  const std::vector<std::string_view>& path) const;

  std::vector<std::string> segments_;
};

}  // namespace automock::coverage
