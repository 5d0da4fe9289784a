#include <automock/error.hpp>
#include <automock/fixture.hpp>

#include "core/fixture_key.hpp"

namespace automock {

namespace {
constexpr size_t k_max_method = 20;
constexpr size_t k_max_slug = 60;

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// The uppercased method with everything but A-Z dropped, "X" when nothing is left.
std::string method_part(std::string_view method) {
  std::string part;
  for (char c : method) {
    const char upper = ascii_upper(c);
    if (upper >= 'A' && upper <= 'Z' && part.size() < k_max_method) part += upper;
  }
  return part.empty() ? "X" : part;
}

// Runs of [a-z0-9_] of the lowercased path joined by '-', "root" when none.
std::string slug_part(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  std::string slug;
  bool pending_dash = false;
  for (char c : path) {
    const char lower = ascii_lower(c);
    if (!is_lower_alnum(lower)) {
      pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) slug += '-';
    pending_dash = false;
    slug += lower;
    if (slug.size() >= k_max_slug) break;
  }
  slug.resize(std::min(slug.size(), k_max_slug));
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "root" : slug;
}
}  // namespace

std::string fixture_file_name(std::string_view method, std::string_view path, std::string_view key,
                              int seq) {
  if (!is_fixture_key(key)) {
    throw InputError("fixture key must be 16 lowercase hex digits, got \"" +
                     std::string{key.substr(0, 40)} + "\"");
  }
  if (seq < 0) throw InputError("fixture sequence must be 0 or more, got " + std::to_string(seq));
  std::string name = method_part(method) + "-" + slug_part(path) + "-" + std::string{key};
  if (seq > 0) name += "-" + std::to_string(seq);
  return name + ".json";
}

}  // namespace automock
