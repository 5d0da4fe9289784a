// The default secret names of query strings, form bodies and JSON bodies.

#include "core/secret_names.hpp"

#include <algorithm>

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

}  // namespace automock
