#pragma once
// Record modes, with the meanings of Ruby VCR's record modes.

#include <optional>
#include <string>
#include <string_view>

namespace automock {

enum class Mode {
  replay,        // never touch the network; an unmatched request is an error (default)
  once,          // replay if the cassette exists, otherwise record it whole
  new_episodes,  // replay what matches, record what does not
  record,        // always forward and overwrite
  passthrough,   // forward, record nothing
};

std::optional<Mode> parse_mode(std::string_view text);
std::string_view to_string(Mode mode);
// True for every mode but replay (and once on an existing cassette).
bool may_reach_network(Mode mode);

// The mode in force: AUTOMOCK_MODE when set (an unknown value throws
// InputError), else `chosen`.
Mode effective_mode(Mode chosen);

// Whether this process runs under a CI system, and the environment variable
// that says so: CI set to anything but empty, "0" or "false" (any case), or a
// variable a common CI system sets, non-empty: GITHUB_ACTIONS (GitHub
// Actions), GITLAB_CI (GitLab), JENKINS_URL (Jenkins), TF_BUILD (Azure
// Pipelines), BUILDKITE, CIRCLECI, TRAVIS, TEAMCITY_VERSION (TeamCity),
// BITBUCKET_BUILD_NUMBER (Bitbucket Pipelines), CODEBUILD_BUILD_ID (AWS
// CodeBuild), DRONE. nullopt outside CI.
std::optional<std::string> ci_variable();

// The CI guard: under CI (ci_variable()) a mode that may reach the network
// throws NetworkRefused unless AUTOMOCK_ALLOW_NETWORK_IN_CI=1 or
// `explicitly_allowed`.
void check_network_allowed(Mode mode, bool explicitly_allowed);

}  // namespace automock
