#include "tooling/fixture_verify.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <automock/error.hpp>
#include <filesystem>
#include <fstream>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"

namespace automock::tooling {
namespace {

using test::get;
using test::json_response;
using test::write_fixture;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in{file};
  return {std::istreambuf_iterator<char>{in}, {}};
}

TEST(FixtureVerifyTest, AGoodTreeHasNoProblems) {
  test::TempDir dir;
  write_fixture(dir / "a", {get("/a"), json_response("{}")});
  write_fixture(dir / "b", {get("/b"), json_response("{}"), 1});
  EXPECT_TRUE(verify_fixtures(dir.path(), Config{}).empty());
}

TEST(FixtureVerifyTest, EveryBadFileIsListedWithItsField) {
  test::TempDir dir;
  dir.write("a/GET-a-0123456789abcdef.json", "{");
  const auto file = write_fixture(dir / "b", {get("/b"), json_response("{}")});
  auto text = read_text(file);
  text.replace(text.find("\"status\": 200"), 13, "\"status\": \"ok\"");
  std::ofstream(file) << text;
  const auto problems = verify_fixtures(dir.path(), Config{});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].file, dir / "a/GET-a-0123456789abcdef.json");
  EXPECT_EQ(problems[1].file, file);
  EXPECT_EQ(problems[1].field, "/response/status");
}

TEST(FixtureVerifyTest, EntriesNamedLikeFixturesThatAreNoRegularFilesAreReportedUnread) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/good"), json_response("{}")});
  std::filesystem::create_symlink("/dev/zero", dir / "GET-zero-0123456789abcdef.json");
  ASSERT_EQ(::mkfifo((dir / "GET-fifo-0123456789abcdef.json").c_str(), 0600), 0);
  const auto problems = verify_fixtures(dir.path(), Config{});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].file, dir / "GET-fifo-0123456789abcdef.json");
  EXPECT_EQ(problems[0].what, "is a FIFO, not a regular file; not read");
  EXPECT_EQ(problems[1].file, dir / "GET-zero-0123456789abcdef.json");
  EXPECT_EQ(problems[1].what, "is a character device, not a regular file; not read");
}

TEST(FixtureVerifyTest, AFileAboveTheConfiguredCapIsReported) {
  test::TempDir dir;
  const auto file = write_fixture(dir.path(), {get("/a"), json_response("{}")});
  Config config;
  config.max_fixture_bytes = 10;
  const auto problems = verify_fixtures(dir.path(), config);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, file);
  EXPECT_NE(problems[0].what.find("larger than 10 bytes"), std::string::npos) << problems[0].what;
}

TEST(FixtureVerifyTest, AKeyThatNoLongerMatchesTheRulesIsReported) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a?_ts=1"), json_response("{}")});
  Config config;
  config.match.ignore_query = {"_ts"};
  const auto problems = verify_fixtures(dir.path(), config);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/key");
  EXPECT_NE(problems[0].what.find("rekey"), std::string::npos);
}

TEST(FixtureVerifyTest, AFileNameThatDisagreesWithSeqIsReported) {
  test::TempDir dir;
  const auto file = write_fixture(dir.path(), {get("/a"), json_response("{}"), 0});
  auto renamed = file;
  renamed.replace_filename(file.stem().string() + "-4.json");
  std::filesystem::rename(file, renamed);
  const auto problems = verify_fixtures(dir.path(), Config{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "file name");
}

TEST(FixtureVerifyTest, ARouteMissingFromTheConfigIsReported) {
  test::TempDir dir;
  write_fixture(dir.path(),
                {get("/a"), json_response("{}"), 0, 0.0, MatchContext{.route = "todo"}});
  const auto problems = verify_fixtures(dir.path(), Config{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "/request/route");
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

TEST(FixtureVerifyTest, AMissingDirectoryIsAnInputError) {
  test::TempDir dir;
  EXPECT_THROW(verify_fixtures(dir / "none", Config{}), InputError);
}

TEST(FixtureVerifyEdgeTest, ProblemsPrintFileFieldAndWhatOnOneLine) {
  const std::vector<FixtureProblem> problems = {{"c/a.json", "key", "stale"},
                                                {"c/b.json", "", "not JSON"}};
  EXPECT_EQ(format_problems(problems), "c/a.json: key: stale\nc/b.json: not JSON\n");
}

}  // namespace
}  // namespace automock::tooling
