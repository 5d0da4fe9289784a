#include "tooling/fixture_list.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/match.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {
namespace {

using nlohmann::json;
using test::get;
using test::json_response;
using test::write_fixture;

TEST(FixtureTreeTest, FixtureNamesAreToldFromOtherJsonFiles) {
  EXPECT_TRUE(is_fixture_file_name("GET-v1_todos-0123456789abcdef.json"));
  EXPECT_TRUE(is_fixture_file_name("POST-x-0123456789abcdef-3.json"));
  EXPECT_FALSE(is_fixture_file_name("automock.json"));
  EXPECT_FALSE(is_fixture_file_name(".GET-x-0123456789abcdef.json.tmp"));
  EXPECT_FALSE(is_fixture_file_name("GET-x-0123456789abcdef.txt"));
}

TEST(FixtureTreeTest, FindsFixturesAtAnyDepthSortedAndSkipsOtherFiles) {
  test::TempDir dir;
  const auto b = write_fixture(dir / "suite_b", {get("/b"), json_response("{}")});
  const auto a = write_fixture(dir / "suite_a/nested", {get("/a"), json_response("{}")});
  dir.write("automock.json", "{}");
  EXPECT_EQ(find_fixture_files(dir.path()), (std::vector<std::filesystem::path>{a, b}));
}

TEST(FixtureTreeTest, SequencesAreListedInNumericOrder) {
  test::TempDir dir;
  std::vector<std::filesystem::path> written;
  for (int seq : {0, 1, 2, 10}) {
    written.push_back(write_fixture(dir.path(), {get("/n"), json_response("{}"), seq}));
  }
  EXPECT_EQ(find_fixture_files(dir.path()), written);
}

TEST(FixtureTreeTest, AMissingDirectoryIsAnInputError) {
  test::TempDir dir;
  EXPECT_THROW(find_fixture_files(dir / "none"), InputError);
}

TEST(FixtureListTest, RowsCarryMethodPathStatusSizeDateSeqAndFile) {
  test::TempDir dir;
  write_fixture(dir / "suite", {get("/v1/todos?done=1"), json_response(R"({"id":7})", 201), 2});
  const auto rows = list_fixtures(dir.path());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].method, "GET");
  EXPECT_EQ(rows[0].url, "/v1/todos?done=1");
  EXPECT_EQ(rows[0].status, 201);
  EXPECT_EQ(rows[0].size, 8u);
  EXPECT_EQ(rows[0].recorded_at, "2026-11-26T00:00:00Z");
  EXPECT_EQ(rows[0].seq, 2);
  EXPECT_EQ(rows[0].file.parent_path(), "suite");
  const auto table = format_table(rows);
  EXPECT_NE(table.find("METHOD"), std::string::npos);
  EXPECT_NE(table.find("/v1/todos?done=1"), std::string::npos);
}

TEST(FixtureListTest, AnUnreadableFileIsListedWithItsError) {
  test::TempDir dir;
  dir.write("GET-x-0123456789abcdef.json", "not json");
  const auto rows = list_fixtures(dir.path());
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].error);
  EXPECT_NE(format_table(rows).find("unreadable"), std::string::npos);
}

TEST(FixtureListTest, JsonOutputHasOneObjectPerFixture) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a"), json_response("{}")});
  write_fixture(dir.path(), {get("/b"), json_response("{}", 404)});
  const auto listed = nlohmann::json::parse(format_json(list_fixtures(dir.path())));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["path"], "/b");
  EXPECT_EQ(listed[1]["status"], 404);
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

TEST(FixtureShowTest, PrintsRequestAndResponseWithPrettyJsonBodies) {
  test::TempDir dir;
  const auto file = write_fixture(
      dir.path(),
      {Request{"POST", "/v1/todos", {{"Content-Type", "application/json"}}, R"({"t":1})"},
       json_response(R"({"id":7})", 201)});
  const auto text = show_fixture(file);
  EXPECT_NE(text.find("> POST /v1/todos"), std::string::npos);
  EXPECT_NE(text.find("\"t\": 1"), std::string::npos);
  EXPECT_NE(text.find("< 201"), std::string::npos);
  EXPECT_NE(text.find("\"id\": 7"), std::string::npos);
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

TEST(FixtureShowEdgeTest, AStreamIsShownChunkByChunkWithItsOffsetsAndCut) {
  test::TempDir dir;
  Response stream{200, {{"Content-Type", "text/event-stream"}}, "data: one\n\ndata: two\n\n"};
  stream.chunks = {{11, 0.0}, {11, 5.25}};
  stream.cut = "time limit";
  const auto shown = show_fixture(write_fixture(dir.path(), {get("/events"), stream}));
  EXPECT_NE(shown.find("stream:   2 chunks over 5.2 ms, cut: time limit\n"), std::string::npos)
      << shown;
  EXPECT_TRUE(
      shown.ends_with("\n~ chunk 1 at 0.0 ms, 11 bytes\ndata: one\n\n"
                      "~ chunk 2 at 5.2 ms, 11 bytes\ndata: two\n\n"))
      << shown;
  stream.body = std::string{"\xff\xfe", 2} + std::string(20, 'x');
  stream.cut.clear();
  const auto binary = show_fixture(write_fixture(dir.path(), {get("/bytes"), stream}));
  EXPECT_NE(binary.find("stream:   2 chunks over 5.2 ms\n"), std::string::npos) << binary;
  EXPECT_TRUE(binary.ends_with("(22 bytes of binary data)\n")) << binary;
}

TEST(FixtureShowEdgeTest, JsonNestedTooDeepIsShownAsItsText) {
  test::TempDir dir;
  const auto deep = test::deeply_nested_json(1'000'000);
  const auto file = write_fixture(dir.path(), {get("/deep"), json_response(deep)});
  EXPECT_TRUE(show_fixture(file).ends_with("\n" + deep + "\n"));
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

}  // namespace
}  // namespace automock::tooling
