#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/mode.hpp>

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

TEST(CiGuardTest, RefusesNetworkModesUnderCi) {
  ScopedEnv ci{"CI", "true"};
  ScopedEnv allow{"AUTOMOCK_ALLOW_NETWORK_IN_CI", std::nullopt};
  EXPECT_THROW(check_network_allowed(Mode::record, false), NetworkRefused);
  EXPECT_THROW(check_network_allowed(Mode::passthrough, false), NetworkRefused);
  EXPECT_NO_THROW(check_network_allowed(Mode::replay, false));
}

TEST(CiGuardTest, EnvironmentOrExplicitOptionAllowsNetwork) {
  ScopedEnv ci{"CI", "true"};
  EXPECT_NO_THROW(check_network_allowed(Mode::record, true));
  ScopedEnv allow{"AUTOMOCK_ALLOW_NETWORK_IN_CI", "1"};
  EXPECT_NO_THROW(check_network_allowed(Mode::new_episodes, false));
}

TEST(CiGuardTest, OutsideCiEveryModeIsAllowed) {
  ScopedEnv ci{"CI", std::nullopt};
  EXPECT_NO_THROW(check_network_allowed(Mode::record, false));
}

}  // namespace
}  // namespace automock
