#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/har.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "core/cassette_engine.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::SizeIs;
using Json = nlohmann::json;
namespace fs = std::filesystem;

class HarExportTest : public ::testing::Test {
 protected:
  // Records a small cassette: JSON, a binary body, a sequence, a redirect.
  fs::path record_sample() {
    const auto directory = dir_ / "original";
    Cassette cassette{directory, {.mode = Mode::new_episodes}};
    const Headers json_type{{"Content-Type", "application/json"}};
    CassetteEngine{cassette}.record({"POST", "/v1/todos", json_type, R"({"title":"a"})"},
                                    {201, json_type, R"({"id":1,"title":"a"})"}, 3.5);
    CassetteEngine{cassette}.record({"GET", "/v1/todos?tag=x&done=false", {}, ""},
                                    {200, json_type, "[]"}, 1.0);
    CassetteEngine{cassette}.record({"GET", "/v1/todos?tag=x&done=false", {}, ""},
                                    {200, json_type, "[1]"}, 1.0);
    CassetteEngine{cassette}.record(
        {"GET", "/logo", {}, ""},
        {200, {{"Content-Type", "image/png"}}, std::string("\x89PNG\0\xff", 6)}, 2.0);
    CassetteEngine{cassette}.record({"GET", "/old", {}, ""}, {302, {{"Location", "/v1/todos"}}, ""},
                                    0.5);
    return directory;
  }

  // File name -> parsed fixture, for comparing two cassettes.
  static std::map<std::string, Exchange> fixtures_in(const fs::path& directory) {
    std::map<std::string, Exchange> fixtures;
    for (const auto& file : fs::directory_iterator{directory}) {
      fixtures.emplace(file.path().filename().string(), read_fixture(file.path()));
    }
    return fixtures;
  }

  test::ScopedEnv no_mode_{"AUTOMOCK_MODE", std::nullopt};
  test::ScopedEnv no_ci_{"CI", std::nullopt};
  test::TempDir dir_;
};

TEST_F(HarExportTest, ExportIsAHar12LogWithAbsoluteUrls) {
  const auto har = Json::parse(export_har(record_sample(), {.base_url = "http://api.test/"}));
  EXPECT_EQ(har["log"]["version"], "1.2");
  EXPECT_EQ(har["log"]["creator"]["name"], "automock");
  ASSERT_THAT(har["log"]["entries"], SizeIs(5));
  for (const auto& entry : har["log"]["entries"]) {
    EXPECT_TRUE(entry["request"]["url"].get<std::string>().starts_with("http://api.test/"));
    for (const char* field : {"startedDateTime", "time", "request", "response", "cache", "timings"})
      EXPECT_TRUE(entry.contains(field)) << field;
    for (const char* field :
         {"method", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"})
      EXPECT_TRUE(entry["request"].contains(field)) << field;
    for (const char* field : {"status", "statusText", "httpVersion", "cookies", "headers",
                              "content", "redirectURL", "headersSize", "bodySize"})
      EXPECT_TRUE(entry["response"].contains(field)) << field;
  }
}

TEST_F(HarExportTest, BinaryBodiesAreBase64AndQueriesAreListed) {
  const auto har = Json::parse(export_har(record_sample()));
  bool saw_binary = false;
  bool saw_query = false;
  for (const auto& entry : har["log"]["entries"]) {
    if (entry["request"]["url"] == "http://localhost/logo") {
      EXPECT_EQ(entry["response"]["content"]["encoding"], "base64");
      EXPECT_EQ(entry["response"]["content"]["text"], "iVBORwD/");
      saw_binary = true;
    }
    if (entry["request"]["queryString"].size() == 2) {
      EXPECT_EQ(entry["request"]["queryString"][0]["name"], "tag");
      saw_query = true;
    }
  }
  EXPECT_TRUE(saw_binary);
  EXPECT_TRUE(saw_query);
}

TEST_F(HarExportTest, AStreamKeepsItsChunksAndCutThroughExportAndImport) {
  const auto original = dir_ / "stream";
  Cassette cassette{original, {.mode = Mode::new_episodes}};
  Response stream{200, {{"Content-Type", "text/event-stream"}}, "data: one\n\ndata: two\n\n"};
  stream.chunks = {{11, 0.0}, {11, 5.25}};
  stream.cut = "client closed";
  CassetteEngine{cassette}.record({"GET", "/events", {}, ""}, stream, 5.5);
  const auto har = export_har(original, {.base_url = "http://api.test"});
  const auto automock = Json::parse(har)["log"]["entries"][0]["_automock"];
  EXPECT_EQ(automock["chunks"], Json::parse(R"([{"size":11,"offset_ms":0},
                                                 {"size":11,"offset_ms":5.25}])"));
  EXPECT_EQ(automock["cut"], "client closed");
  const auto result = import_har(har, "export.har", dir_ / "copy", {.base_url = "http://api.test"});
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(fixtures_in(dir_ / "copy"), fixtures_in(original));
}

TEST_F(HarExportTest, ImportOfTheExportGivesTheSameFixtures) {
  const auto original = record_sample();
  const auto har = export_har(original, {.base_url = "http://api.test/base"});
  const auto result =
      import_har(har, "export.har", dir_ / "copy", {.base_url = "http://api.test/base"});
  EXPECT_TRUE(result.problems.empty());
  EXPECT_THAT(result.files, SizeIs(5));
  EXPECT_EQ(fixtures_in(dir_ / "copy"), fixtures_in(original));
}

}  // namespace
}  // namespace automock
