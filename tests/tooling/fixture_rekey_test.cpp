#include "tooling/fixture_rekey.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "support/fixture_writer.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {
namespace {

namespace fs = std::filesystem;
using test::json_response;
using test::write_fixture;

Config ignoring_ts() {
  Config config;
  config.match.ignore_query = {"_ts"};
  return config;
}

TEST(FixtureRekeyTest, NewRulesRewriteKeysAndRenameFilesKeepingSequences) {
  test::TempDir dir;
  const auto first =
      write_fixture(dir / "s", {Request{.target = "/a?_ts=1"}, json_response("1"), 0});
  const auto second =
      write_fixture(dir / "s", {Request{.target = "/a?_ts=1"}, json_response("2"), 1});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  ASSERT_EQ(plan.moves.size(), 2u);
  apply_rekey(plan);
  EXPECT_FALSE(fs::exists(first));
  EXPECT_FALSE(fs::exists(second));
  EXPECT_TRUE(verify_fixtures(dir.path(), ignoring_ts()).empty());
  std::map<int, std::string> body_by_seq;
  for (const auto& file : find_fixture_files(dir.path())) {
    const auto exchange = read_fixture(file);
    body_by_seq[exchange.seq] = exchange.response.body;
  }
  EXPECT_EQ(body_by_seq, (std::map<int, std::string>{{0, "1"}, {1, "2"}}));
}

TEST(FixtureRekeyTest, UpToDateFixturesAreLeftAlone) {
  test::TempDir dir;
  write_fixture(dir.path(), {Request{.target = "/a"}, json_response("1")});
  const auto plan = plan_rekey(dir.path(), Config{});
  EXPECT_TRUE(plan.moves.empty());
  EXPECT_EQ(plan.unchanged, 1u);
}

TEST(FixtureRekeyTest, ADryRunChangesNothing) {
  test::TempDir dir;
  const auto file = write_fixture(dir.path(), {Request{.target = "/a?_ts=1"}, json_response("1")});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  EXPECT_EQ(plan.moves.size(), 1u);
  EXPECT_NE(format_rekey(plan, DryRun::yes).find("would rekey"), std::string::npos);
  EXPECT_TRUE(fs::exists(file));
}

TEST(FixtureRekeyTest, RequestsTheNewRulesNoLongerTellApartCollideAndStay) {
  test::TempDir dir;
  const auto one = write_fixture(dir.path(), {Request{.target = "/a?_ts=1"}, json_response("1")});
  const auto two = write_fixture(dir.path(), {Request{.target = "/a?_ts=2"}, json_response("2")});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  EXPECT_TRUE(plan.moves.empty());
  ASSERT_EQ(plan.collisions.size(), 1u);
  EXPECT_THAT(plan.collisions[0].sources, testing::UnorderedElementsAre(one, two));
  apply_rekey(plan);
  EXPECT_TRUE(fs::exists(one));
  EXPECT_TRUE(fs::exists(two));
}

TEST(FixtureRekeyTest, AFileWouldNotReplaceOneThatStays) {
  test::TempDir dir;
  const auto kept = write_fixture(dir.path(), {Request{.target = "/a"}, json_response("kept")});
  const auto moved = write_fixture(dir.path(), {Request{.target = "/a?_ts=1"}, json_response("x")});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  EXPECT_TRUE(plan.moves.empty());
  ASSERT_EQ(plan.collisions.size(), 1u);
  EXPECT_EQ(plan.collisions[0].sources, (std::vector<fs::path>{kept, moved}));
}

}  // namespace
}  // namespace automock::tooling
