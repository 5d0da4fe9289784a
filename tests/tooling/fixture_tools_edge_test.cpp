// `fixtures ls|show|verify|rekey` on the trees people actually have: bodies
// that are empty, binary or plain text, broken files among good ones, routes,
// stale names that chain into each other; and the reports they print.
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/match.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/fake_upstream.hpp"
#include "support/fixture_writer.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_list.hpp"
#include "tooling/fixture_rekey.hpp"
#include "tooling/fixture_tree.hpp"
#include "tooling/fixture_verify.hpp"

namespace automock::tooling {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::json_response;
using test::write_fixture;

Request get(std::string target) {
  return Request{.method = "GET", .target = std::move(target)};
}

// Writes `exchange` under the name its key and seq give, whatever its request.
fs::path write_exchange(const fs::path& directory, const Exchange& exchange) {
  const auto file = directory / expected_file_name(exchange);
  std::ofstream(file, std::ios::binary) << serialize_fixture(exchange);
  return file;
}

TEST(FixtureShowEdgeTest, BodiesAreShownAsJsonTextOrAByteCount) {
  test::TempDir dir;
  const auto text = write_fixture(dir.path(), {get("/text"), Response{200, {}, "plain text"}});
  EXPECT_NE(show_fixture(text).find("\nplain text\n"), std::string::npos);
  const auto empty = write_fixture(dir.path(), {get("/empty"), Response{204, {}, ""}});
  EXPECT_TRUE(show_fixture(empty).ends_with("\n< 204\n\n(empty body)\n")) << show_fixture(empty);
  const std::string binary{"\x89PNG\r\n\x1a\n\xff\xfe", 10};
  const auto image = write_fixture(
      dir.path(), {get("/image"), Response{200, {{"Content-Type", "image/png"}}, binary}});
  EXPECT_NE(show_fixture(image).find("(10 bytes of binary data)"), std::string::npos);
}

TEST(FixtureShowEdgeTest, HeadersAreMarkedByDirectionAndTheRouteIsShown) {
  test::TempDir dir;
  Request request{"POST", "/v1/todos", {{"Content-Type", "application/json"}}, R"({"t":1})"};
  const auto file = write_fixture(
      dir.path(), {request, json_response("{}", 201), 0, 12.5, MatchContext{.route = "todo"}});
  const auto shown = show_fixture(file);
  EXPECT_NE(shown.find("route:    todo\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("latency 12.5 ms"), std::string::npos) << shown;
  EXPECT_NE(shown.find("> Content-Type: application/json\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("< Content-Type: application/json\n"), std::string::npos) << shown;
}

TEST(FixtureShowEdgeTest, AFileThatDoesNotParseIsAFixtureError) {
  test::TempDir dir;
  const auto file = dir.write("GET-a-0123456789abcdef.json", R"({"version": 1})");
  EXPECT_THROW(show_fixture(file), FixtureError);
}

TEST(FixtureListEdgeTest, TheTableAlignsEveryColumn) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a"), json_response("1")});
  write_fixture(dir.path(), {get("/a/much/longer/path?with=query"), json_response("12345", 404)});
  const auto table = format_table(list_fixtures(dir.path()));
  std::vector<size_t> file_columns;
  std::istringstream lines{table};
  for (std::string line; std::getline(lines, line);) {
    file_columns.push_back(line.find(line.starts_with("METHOD") ? "FILE" : "GET-"));
  }
  ASSERT_EQ(file_columns.size(), 3u);
  EXPECT_EQ(file_columns[0], file_columns[1]) << table;
  EXPECT_EQ(file_columns[1], file_columns[2]) << table;
}

TEST(FixtureListEdgeTest, JsonRowsOfUnreadableFilesCarryOnlyTheFileAndTheError) {
  test::TempDir dir;
  dir.write("GET-bad-0123456789abcdef.json", "not json");
  const auto listed = json::parse(format_json(list_fixtures(dir.path())));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["file"], "GET-bad-0123456789abcdef.json");
  EXPECT_TRUE(listed[0].contains("error"));
  EXPECT_FALSE(listed[0].contains("method"));
  EXPECT_FALSE(listed[0].contains("status"));
}

TEST(FixtureListEdgeTest, AnEmptyTreeListsOnlyTheHeader) {
  test::TempDir dir;
  dir.write("automock.json", "{}");
  const auto rows = list_fixtures(dir.path());
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(format_table(rows), "METHOD  PATH  STATUS  SIZE  RECORDED  SEQ  FILE\n");
  EXPECT_EQ(format_json(rows), "[]\n");
}

TEST(FixtureVerifyEdgeTest, ProblemsPrintFileFieldAndWhatOnOneLine) {
  const std::vector<FixtureProblem> problems = {{"c/a.json", "key", "stale"},
                                                {"c/b.json", "", "not JSON"}};
  EXPECT_EQ(format_problems(problems), "c/a.json: key: stale\nc/b.json: not JSON\n");
}

TEST(FixtureVerifyEdgeTest, AProblemsTextDoesNotRepeatTheFileAndField) {
  test::TempDir dir;
  dir.write("GET-bad-0123456789abcdef.json", R"({"version": 1})");
  const auto problems = verify_fixtures(dir.path(), Config{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].what.find(problems[0].file.string()), std::string::npos)
      << problems[0].what;
  EXPECT_FALSE(problems[0].what.empty());
}

TEST(FixtureVerifyEdgeTest, OtherJsonFilesInTheTreeAreNotVerified) {
  test::TempDir dir;
  dir.write("automock.json", "{ not even json");
  dir.write("suite/usage.json", "[]");
  write_fixture(dir / "suite", {get("/a"), json_response("1")});
  EXPECT_TRUE(verify_fixtures(dir.path(), Config{}).empty());
}

TEST(FixtureDriftEdgeTest, EachReadableRecordedRequestIsResentAsRecorded) {
  test::TempDir dir;
  dir.write("GET-bad-0123456789abcdef.json", "not json");
  Request posted{"POST", "/v1/todos?x=1", {{"Content-Type", "application/json"}}, R"({"t":1})"};
  write_fixture(dir.path(), {posted, json_response(R"({"id":1})", 201)});
  test::FakeUpstream upstream{[](const Request&) { return json_response(R"({"id":1})", 201); }};
  EXPECT_TRUE(check_drift(dir.path(), upstream, {}).empty());
  ASSERT_EQ(upstream.calls(), 1u);
  EXPECT_EQ(upstream.seen()[0].method, "POST");
  EXPECT_EQ(upstream.seen()[0].target, "/v1/todos?x=1");
  EXPECT_EQ(upstream.seen()[0].body, R"({"t":1})");
}

TEST(FixtureDriftEdgeTest, ARecordedJsonBodyNowAnsweredAsTextIsAByteDrift) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a"), json_response(R"({"ok":true})")});
  test::FakeUpstream upstream{[](const Request&) { return Response{200, {}, "<html>"}; }};
  const auto drifts = check_drift(dir.path(), upstream, {});
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].differences,
            (std::vector<std::string>{"body: recorded 11 bytes, now 6 bytes that differ"}));
}

TEST(FixtureDriftEdgeTest, DriftsPrintTheFileTheRequestAndEachDifferenceIndented) {
  const std::vector<Drift> drifts = {
      {"c/GET-a.json", "GET /a", {"status: recorded 200, now 500", "body /id: recorded 1, now 2"}}};
  EXPECT_EQ(format_drifts(drifts),
            "c/GET-a.json (GET /a)\n"
            "  status: recorded 200, now 500\n"
            "  body /id: recorded 1, now 2\n");
}

Config ignoring_ts() {
  Config config;
  config.match.ignore_query = {"_ts"};
  return config;
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
