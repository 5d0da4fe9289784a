#include "tooling/fixture_rekey.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <automock/cassette.hpp>
#include <automock/match.hpp>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_tree.hpp"
#include "tooling/fixture_verify.hpp"

namespace automock::tooling {
namespace {

namespace fs = std::filesystem;
using test::get;
using test::json_response;
using test::write_fixture;

// Writes `exchange` under the name its key and seq give, whatever its request.
fs::path write_exchange(const fs::path& directory, const Exchange& exchange) {
  const auto file = directory / expected_file_name(exchange);
  std::ofstream(file, std::ios::binary) << serialize_fixture(exchange);
  return file;
}

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

TEST(FixtureRekeyTest, NewPathPatternsPutPlaceholdersInTheFixtureSoAnotherIdReplays) {
  test::TempDir dir;
  write_fixture(dir / "s", {get("/v1/carts/3f2504e0-4f89-11d3-9a0c-0305e82c3301?x=1"),
                            json_response("cart"), 0});
  Config config;
  config.match.path_patterns = {*builtin_path_pattern("uuid")};
  apply_rekey(plan_rekey(dir.path(), config));
  const auto files = find_fixture_files(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(read_fixture(files[0]).request.target, "/v1/carts/{uuid}?x=1");
  EXPECT_TRUE(verify_fixtures(dir.path(), config).empty());
  Cassette replaying{dir / "s", {.mode = Mode::replay, .config = config}};
  EXPECT_EQ(
      replaying.handle(get("/v1/carts/123e4567-e89b-12d3-a456-426614174000?x=1"), nullptr).body,
      "cart");
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

TEST(FixtureRekeyEdgeTest, AChainOfRenamesKeepsEveryExchange) {
  test::TempDir dir;
  // `first` moves to the name `second` has now; `second` moves on to a new one.
  const auto first = write_fixture(dir.path(), {get("/a?_ts=1"), json_response("\"first\"")});
  auto stale = test::exchange_of({get("/a?x=1"), json_response("\"second\"")});
  stale.key = request_key(get("/a"), MatchContext{});
  const auto second = write_exchange(dir.path(), stale);
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  ASSERT_EQ(plan.moves.size(), 2u);
  EXPECT_TRUE(plan.collisions.empty());
  apply_rekey(plan);
  EXPECT_FALSE(fs::exists(first));
  EXPECT_EQ(read_fixture(second).response.body, "\"first\"");
  std::vector<std::string> bodies;
  for (const auto& file : find_fixture_files(dir.path())) {
    bodies.push_back(read_fixture(file).response.body);
  }
  EXPECT_EQ(bodies.size(), 2u);
  EXPECT_NE(std::find(bodies.begin(), bodies.end(), "\"second\""), bodies.end());
  EXPECT_TRUE(verify_fixtures(dir.path(), ignoring_ts()).empty());
}

TEST(FixtureRekeyEdgeTest, AnUnreadableFileIsLeftAloneAndKeepsItsName) {
  test::TempDir dir;
  const auto target_name =
      fixture_file_name("GET", "/a", request_key(get("/a"), MatchContext{}), 0);
  const auto broken = dir.write(target_name, "not json");
  const auto moving = write_fixture(dir.path(), {get("/a?_ts=1"), json_response("1")});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  EXPECT_TRUE(plan.moves.empty());
  ASSERT_EQ(plan.unreadable.size(), 1u);
  EXPECT_EQ(plan.unreadable[0].file, broken);
  ASSERT_EQ(plan.collisions.size(), 1u);
  EXPECT_EQ(plan.collisions[0].sources, (std::vector<fs::path>{broken, moving}));
  const auto report = format_rekey(plan, DryRun::no);
  EXPECT_NE(report.find("collision, left as is: " + broken.string()), std::string::npos);
  EXPECT_NE(report.find("unreadable, left as is: "), std::string::npos) << report;
  EXPECT_TRUE(report.ends_with("0 rekeyed, 0 unchanged, 1 collision(s), 1 unreadable\n")) << report;
}

TEST(FixtureRekeyEdgeTest, AFixtureOfARouteTheConfigLacksIsUnreadableForRekey) {
  test::TempDir dir;
  const auto file = write_fixture(
      dir.path(), {get("/a"), json_response("1"), 0, 0.0, MatchContext{.route = "gone"}});
  const auto plan = plan_rekey(dir.path(), Config{.routes = {Route{.name = "todo"}}});
  ASSERT_EQ(plan.unreadable.size(), 1u);
  EXPECT_NE(plan.unreadable[0].what.find("route 'gone'"), std::string::npos);
  apply_rekey(plan);
  EXPECT_TRUE(fs::exists(file));
}

TEST(FixtureRekeyEdgeTest, AStaleKeyFieldIsRewrittenInPlace) {
  test::TempDir dir;
  auto exchange = test::exchange_of({get("/a?_ts=1"), json_response("1")});
  exchange.key = request_key(get("/a"), MatchContext{});
  const auto file = write_exchange(dir.path(), exchange);
  exchange.key = "0123456789abcdef";
  std::ofstream(file, std::ios::binary) << serialize_fixture(exchange);
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  ASSERT_EQ(plan.moves.size(), 1u);
  EXPECT_EQ(plan.moves[0].from, plan.moves[0].to);
  EXPECT_EQ(plan.moves[0].old_key, "0123456789abcdef");
  apply_rekey(plan);
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ(read_fixture(file).key, request_key(get("/a"), MatchContext{}));
  EXPECT_TRUE(verify_fixtures(dir.path(), ignoring_ts()).empty());
}

TEST(FixtureRekeyEdgeTest, TheReportNamesEachMoveWithItsKeys) {
  test::TempDir dir;
  const auto file = write_fixture(dir.path(), {get("/a?_ts=1"), json_response("1")});
  const auto plan = plan_rekey(dir.path(), ignoring_ts());
  ASSERT_EQ(plan.moves.size(), 1u);
  const auto& move = plan.moves[0];
  EXPECT_EQ(format_rekey(plan, DryRun::no),
            "rekeyed " + file.string() + " -> " + move.to.filename().string() + " (" +
                move.old_key + " -> " + move.exchange.key + ")\n" +
                "1 rekeyed, 0 unchanged, 0 collision(s), 0 unreadable\n");
}

}  // namespace
}  // namespace automock::tooling
