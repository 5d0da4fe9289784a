// End to end: `automock fixtures audit` with the built binary: exit codes
// and the GitHub annotations a CI job shows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/run_command.hpp"
#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using test::automock;
using ::testing::HasSubstr;

const std::string k_token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";

using test::quoted;

TEST(FixturesAuditCliTest, APlantedSecretExitsOneWithAGithubAnnotationAndACleanTreeZero) {
  test::TempDir dir;
  const auto leaky = test::write_fixture(
      dir / "leaky", {test::get("/settings"), test::json_response(R"({"ci":")" + k_token + "\"}")});
  test::write_fixture(dir / "clean", {test::get("/ok"), test::json_response(R"({"n":1})")});

  const auto found = automock("fixtures audit " + quoted(dir / "clean") + " " +
                              quoted(dir / "leaky") + " --format github");
  EXPECT_EQ(found.exit_code, 1) << found.output;
  EXPECT_THAT(found.output, HasSubstr("::error file=" + leaky.string() + ",line="));
  EXPECT_THAT(found.output, HasSubstr("::GitHub token in response body"));
  EXPECT_EQ(found.output.find(k_token), std::string::npos) << "the secret is never printed";

  const auto clean = automock("fixtures audit " + quoted(dir / "clean"));
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_THAT(clean.output, HasSubstr("0 secret(s) found"));

  EXPECT_EQ(automock("fixtures audit " + quoted(dir / "missing")).exit_code, 2);
  EXPECT_EQ(automock("fixtures audit " + quoted(dir / "clean") + " --format yaml").exit_code, 2);
}

}  // namespace
}  // namespace automock
