#include "tooling/fixture_list.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>

#include "support/fixture_writer.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {
namespace {

using test::json_response;
using test::write_fixture;

Request get(std::string target) {
  return Request{.method = "GET", .target = std::move(target)};
}

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

}  // namespace
}  // namespace automock::tooling
