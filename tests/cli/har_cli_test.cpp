// End to end: `automock har import` and `automock har export` with the built binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/run_command.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string k_chromium_har = AUTOMOCK_SOURCE_DIR "/fixtures/har/todo-chromium.har";
using test::automock;
using test::k_automock;

TEST(HarCliTest, ImportThenExportGivesAHarWithEveryImportedExchange) {
  test::TempDir dir;
  const auto cassette = test::shell_quote((dir / "cassette").string());
  const auto imported = automock("har import " + k_chromium_har + " --cassette " + cassette);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr(" exchanges written to "));
  const auto files = std::distance(std::filesystem::directory_iterator{dir / "cassette"}, {});

  const auto har = dir / "out.har";
  const auto exported = automock("har export --cassette " + cassette + " -o " +
                                 test::shell_quote(har.string()) + " --base-url http://todo.test");
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in{har};
  const auto log = nlohmann::json::parse(in)["log"];
  EXPECT_EQ(log["version"], "1.2");
  EXPECT_THAT(log["entries"], SizeIs(files));
}

TEST(HarCliTest, ATwoHostHarWithoutBaseUrlKeepsTheHostsApartAndVerifies) {
  test::TempDir dir;
  const auto entry = [](const std::string& url, const std::string& body) {
    return nlohmann::json{
        {"request", {{"method", "GET"}, {"url", url}, {"headers", nlohmann::json::array()}}},
        {"response",
         {{"status", 200},
          {"headers", nlohmann::json::array()},
          {"content", {{"mimeType", "text/plain"}, {"text", body}}}}}};
  };
  const nlohmann::json har{{"log",
                            {{"version", "1.2"},
                             {"entries",
                              {entry("https://api.github.test/user", "gh"),
                               entry("https://api.stripe.test/user", "st")}}}}};
  const auto file = dir.write("two.har", har.dump());
  const auto cassette = test::shell_quote((dir / "cassette").string());
  const auto imported = automock("har import " + file.string() + " --cassette " + cassette);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  std::vector<std::string> routes;
  for (const auto& fixture : std::filesystem::directory_iterator{dir / "cassette"}) {
    std::ifstream in{fixture.path()};
    routes.push_back(nlohmann::json::parse(in)["request"]["route"]);
  }
  std::sort(routes.begin(), routes.end());
  EXPECT_EQ(routes,
            (std::vector<std::string>{"https://api.github.test", "https://api.stripe.test"}));
  const auto verified = automock("fixtures verify " + cassette);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

TEST(HarCliTest, StrictImportExitsOneWhenAnEntryIsLeftOut) {
  test::TempDir dir;
  const auto har = dir.write("bad.har", R"({"log": {"version": "1.2", "entries": [{}]}})");
  const auto result = automock("har import --strict " + har.string() + " --cassette " +
                               test::shell_quote((dir / "c").string()));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("entry 0 not imported: /log/entries/0/request: missing"));
}

TEST(HarCliTest, AFileThatIsNotAHarExitsTwo) {
  test::TempDir dir;
  const auto file = dir.write("x.har", "[1, 2]");
  const auto result =
      automock("har import " + file.string() + " --cassette " + (dir / "c").string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr(file.string() + ": not a HAR file (/: expected an object)"));
}

TEST(HarCliTest, AFileThatIsNotJsonNamesTheLineAndColumn) {
  test::TempDir dir;
  const auto file = dir.write("x.har", "{\"log\": {\n  \"entries\": [,]}}");
  const auto result =
      automock("har import " + file.string() + " --cassette " + (dir / "c").string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr(file.string() + ": not a HAR file: not valid JSON at line 2, column"));
}

}  // namespace
}  // namespace automock
