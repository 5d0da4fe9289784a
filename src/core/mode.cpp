#include <array>
#include <automock/error.hpp>
#include <automock/mode.hpp>
#include <cstdlib>
#include <string>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace automock {

namespace {
constexpr EnumNames<Mode, 5> k_mode_names{{{Mode::replay, "replay"},
                                           {Mode::once, "once"},
                                           {Mode::new_episodes, "new_episodes"},
                                           {Mode::record, "record"},
                                           {Mode::passthrough, "passthrough"}}};

std::string_view env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

constexpr std::array<const char*, 11> k_ci_system_variables{"GITHUB_ACTIONS",
                                                            "GITLAB_CI",
                                                            "JENKINS_URL",
                                                            "TF_BUILD",
                                                            "BUILDKITE",
                                                            "CIRCLECI",
                                                            "TRAVIS",
                                                            "TEAMCITY_VERSION",
                                                            "DRONE",
                                                            "CODEBUILD_BUILD_ID",
                                                            "BITBUCKET_BUILD_NUMBER"};
}  // namespace

std::optional<Mode> parse_mode(std::string_view text) {
  return value_of(k_mode_names, text);
}

std::string_view to_string(Mode mode) {
  return name_of(k_mode_names, mode);
}

bool may_reach_network(Mode mode) {
  return mode != Mode::replay;
}

Mode effective_mode(Mode chosen) {
  const auto text = env("AUTOMOCK_MODE");
  if (text.empty()) return chosen;
  if (auto mode = parse_mode(text)) return *mode;
  throw InputError("AUTOMOCK_MODE: unknown mode '" + std::string{text} +
                   "' (expected replay, once, new_episodes, record or passthrough)");
}

std::optional<std::string> ci_variable() {
  const auto ci = to_lower(env("CI"));
  if (!ci.empty() && ci != "0" && ci != "false") return "CI";
  for (const char* name : k_ci_system_variables) {
    if (!env(name).empty()) return name;
  }
  return std::nullopt;
}

void check_network_allowed(Mode mode, bool explicitly_allowed) {
  if (!may_reach_network(mode) || explicitly_allowed) return;
  const auto ci = ci_variable();
  if (!ci || env("AUTOMOCK_ALLOW_NETWORK_IN_CI") == "1") return;
  throw NetworkRefused("mode '" + std::string{to_string(mode)} +
                       "' may reach the network, which automock refuses in CI (" + *ci +
                       " is set); replay the cassette (AUTOMOCK_MODE=replay) or set "
                       "AUTOMOCK_ALLOW_NETWORK_IN_CI=1");
}

}  // namespace automock
