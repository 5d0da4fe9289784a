// The default secret names of query strings, form bodies and JSON bodies.

#include "core/secret_names.hpp"

#include <algorithm>
#include <optional>

namespace automock {

const std::vector<std::string>& default_redacted_names() {
  // Lowercase; compared ignoring ASCII case. docs/config.md gives the reason for each.
  static const std::vector<std::string> names{"access_token",
                                              "refresh_token",
                                              "id_token",
                                              "token",
                                              "auth_token",
                                              "session_token",
                                              "client_secret",
                                              "password",
                                              "passwd",
                                              "secret",
                                              "api_key",
                                              "apikey",
                                              "api-key",
                                              "private_key",
                                              "x-amz-signature",
                                              "x-amz-credential",
                                              "x-amz-security-token",
                                              "x-goog-signature",
                                              "x-goog-credential",
                                              "sig"};
  return names;
}

bool is_default_secret_name(std::string_view name) {
  const auto& names = default_redacted_names();
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& each) { return iequals(each, name); });
}

bool is_secret_name(std::string_view name, const std::vector<std::string>& configured,
                    bool defaults) {
  return std::find(configured.begin(), configured.end(), name) != configured.end() ||
         (defaults && is_default_secret_name(name));
}

namespace {

// The prefix of `segment` that a rule keeps, or nullopt when no rule redacts it.
std::optional<std::string_view> kept_prefix(std::string_view segment,
                                            const std::vector<std::string>& prefixes) {
  for (const auto& prefix : prefixes) {
    if (segment.size() > prefix.size() && segment.starts_with(prefix) &&
        segment.substr(prefix.size()) != k_redacted) {
      return segment.substr(0, prefix.size());
    }
  }
  return std::nullopt;
}

// Calls `each(segment, kept prefix or nullopt)` for every '/'-separated segment.
template <class Each>
void for_each_segment(std::string_view path, const std::vector<std::string>& prefixes,
                      const Each& each) {
  size_t start = 0;
  for (;;) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    each(segment, kept_prefix(segment, prefixes), end == path.size());
    if (end == path.size()) return;
    start = end + 1;
  }
}

}  // namespace

std::string redact_path_segments(std::string_view path, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return std::string{path};
  std::string out;
  for_each_segment(path, prefixes,
                   [&](std::string_view segment, std::optional<std::string_view> kept, bool last) {
                     out +=
                         kept ? std::string{*kept} + std::string{k_redacted} : std::string{segment};
                     if (!last) out += '/';
                   });
  return out;
}

std::vector<std::string_view> path_segment_secrets(std::string_view path,
                                                   const std::vector<std::string>& prefixes) {
  std::vector<std::string_view> secrets;
  if (prefixes.empty()) return secrets;
  for_each_segment(path, prefixes,
                   [&](std::string_view segment, std::optional<std::string_view> kept, bool) {
                     if (kept) secrets.push_back(segment.substr(kept->size()));
                   });
  return secrets;
}

}  // namespace automock
