#include "cli/exit_code.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <stdexcept>

namespace automock::cli {
namespace {

TEST(ExitCodeTest, OutcomesMapToTheDocumentedExitCodes) {
  EXPECT_EQ(exit_code(Outcome::ok), 0);
  EXPECT_EQ(exit_code(Outcome::check_failed), 1);
  EXPECT_EQ(exit_code(Outcome::bad_input), 2);
  EXPECT_EQ(exit_code(Outcome::interrupted), 130);
}

TEST(ExitCodeTest, APassedCheckIsOkAndAFailedOneIsCheckFailed) {
  EXPECT_EQ(check(true), Outcome::ok);
  EXPECT_EQ(check(false), Outcome::check_failed);
}

TEST(ExitCodeTest, CheckFailedIsACheckFailure) {
  EXPECT_EQ(outcome_of(CheckFailed("unmatched request")), Outcome::check_failed);
}

TEST(ExitCodeTest, EveryOtherErrorIsBadInput) {
  EXPECT_EQ(outcome_of(InputError("bad")), Outcome::bad_input);
  EXPECT_EQ(outcome_of(ConfigError("automock.json", "/mode", "unknown mode")), Outcome::bad_input);
  EXPECT_EQ(outcome_of(FixtureError("a.json", "/version", "unsupported")), Outcome::bad_input);
  EXPECT_EQ(outcome_of(IoError("disk full")), Outcome::bad_input);
  EXPECT_EQ(outcome_of(TransportError(TransportError::Cause::timeout, "timed out")),
            Outcome::bad_input);
  EXPECT_EQ(outcome_of(std::runtime_error("anything else")), Outcome::bad_input);
}

}  // namespace
}  // namespace automock::cli
