#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/mode.hpp>
#include <list>
#include <string>
#include <vector>

#include "support/scoped_env.hpp"

namespace automock {
namespace {

using test::ScopedEnv;

TEST(ModeTest, NamesRoundTrip) {
  for (auto mode :
       {Mode::replay, Mode::once, Mode::new_episodes, Mode::record, Mode::passthrough}) {
    EXPECT_EQ(parse_mode(to_string(mode)), mode);
  }
  EXPECT_FALSE(parse_mode("Replay").has_value());
}

TEST(ModeTest, EnvironmentOverridesTheChosenMode) {
  ScopedEnv mode{"AUTOMOCK_MODE", "new_episodes"};
  EXPECT_EQ(effective_mode(Mode::replay), Mode::new_episodes);
}

TEST(ModeTest, ChosenModeStandsWithoutEnvironment) {
  ScopedEnv mode{"AUTOMOCK_MODE", std::nullopt};
  EXPECT_EQ(effective_mode(Mode::record), Mode::record);
}

TEST(ModeTest, UnknownEnvironmentModeIsAnInputError) {
  ScopedEnv mode{"AUTOMOCK_MODE", "recrod"};
  EXPECT_THROW(effective_mode(Mode::replay), InputError);
}

// The variables the docs name as CI markers; each test starts with none set.
const std::vector<std::string> k_ci_markers{"CI",
                                            "GITHUB_ACTIONS",
                                            "GITLAB_CI",
                                            "JENKINS_URL",
                                            "TF_BUILD",
                                            "BUILDKITE",
                                            "CIRCLECI",
                                            "TRAVIS",
                                            "TEAMCITY_VERSION",
                                            "BITBUCKET_BUILD_NUMBER",
                                            "CODEBUILD_BUILD_ID",
                                            "DRONE"};

class CiGuardTest : public ::testing::Test {
 protected:
  CiGuardTest() {
    for (const auto& name : k_ci_markers) cleared_.emplace_back(name, std::nullopt);
  }

 private:
  std::list<ScopedEnv> cleared_;
  ScopedEnv allow_{"AUTOMOCK_ALLOW_NETWORK_IN_CI", std::nullopt};
};

TEST_F(CiGuardTest, RefusesNetworkModesUnderCi) {
  ScopedEnv ci{"CI", "true"};
  EXPECT_THROW(check_network_allowed(Mode::record, false), NetworkRefused);
  EXPECT_THROW(check_network_allowed(Mode::passthrough, false), NetworkRefused);
  EXPECT_NO_THROW(check_network_allowed(Mode::replay, false));
}

TEST_F(CiGuardTest, TheRefusalNamesTheVariableAndTheWayOut) {
  ScopedEnv jenkins{"JENKINS_URL", "https://jenkins.example/"};
  try {
    check_network_allowed(Mode::record, false);
    FAIL() << "not refused";
  } catch (const NetworkRefused& refused) {
    EXPECT_EQ(std::string{refused.what()},
              "mode 'record' may reach the network, which automock refuses in CI (JENKINS_URL is "
              "set); replay the cassette (AUTOMOCK_MODE=replay) or set "
              "AUTOMOCK_ALLOW_NETWORK_IN_CI=1");
  }
}

TEST_F(CiGuardTest, EnvironmentOrExplicitOptionAllowsNetwork) {
  ScopedEnv ci{"CI", "true"};
  EXPECT_NO_THROW(check_network_allowed(Mode::record, true));
  ScopedEnv allow{"AUTOMOCK_ALLOW_NETWORK_IN_CI", "1"};
  EXPECT_NO_THROW(check_network_allowed(Mode::new_episodes, false));
}

TEST_F(CiGuardTest, OutsideCiEveryModeIsAllowed) {
  EXPECT_EQ(ci_variable(), std::nullopt);
  EXPECT_NO_THROW(check_network_allowed(Mode::record, false));
}

TEST_F(CiGuardTest, CiMeansAnyValueButEmptyZeroOrFalse) {
  for (const char* value : {"true", "True", "TRUE", "1", "yes", "on", "github"}) {
    ScopedEnv ci{"CI", value};
    EXPECT_EQ(ci_variable(), "CI") << value;
    EXPECT_THROW(check_network_allowed(Mode::record, false), NetworkRefused) << value;
  }
  for (const char* value : {"", "0", "false", "False", "FALSE"}) {
    ScopedEnv ci{"CI", value};
    EXPECT_EQ(ci_variable(), std::nullopt) << value;
    EXPECT_NO_THROW(check_network_allowed(Mode::record, false)) << value;
  }
}

TEST_F(CiGuardTest, EachCiSystemsOwnVariableIsEnough) {
  for (size_t i = 1; i < k_ci_markers.size(); ++i) {
    ScopedEnv marker{k_ci_markers[i], "True"};
    EXPECT_EQ(ci_variable(), k_ci_markers[i]);
    EXPECT_THROW(check_network_allowed(Mode::new_episodes, false), NetworkRefused)
        << k_ci_markers[i];
  }
  ScopedEnv empty{"GITHUB_ACTIONS", ""};
  EXPECT_EQ(ci_variable(), std::nullopt);
}

}  // namespace
}  // namespace automock
