// Escaping shared by the report writers (coverage gate, fixtures verify).

#include "coverage/output_escapes.hpp"

#include <cstdio>
#include <random>

#include "core/text.hpp"

namespace automock::coverage {

std::string markdown_escape(const std::string& text) {
  static constexpr Escape k_markdown_escapes[] = {{'|', "\\|"}, {'*', "\\*"}, {'_', "\\_"}};
  return escape_chars(text, k_markdown_escapes);
}

// GitHub workflow commands: data escapes %, CR and LF; properties also : and ,.
std::string github_data(const std::string& text) {
  static constexpr Escape k_data_escapes[] = {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}};
  return escape_chars(text, k_data_escapes);
}

std::string github_property(const std::string& text) {
  static constexpr Escape k_property_escapes[] = {
      {'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}};
  return escape_chars(text, k_property_escapes);
}

// A token no report can guess, for GitHub's ::stop-commands::.
std::string stop_commands_token() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", random());
    token += part;
  }
  return token;
}

}  // namespace automock::coverage
