// A cassette directory may hold JSON files that are not fixtures: a usage
// record written next to the fixtures, a per-suite automock.json, notes.
// They are not exchanges: never unused, never proof that a cassette exists.
#include <gtest/gtest.h>

#include <automock/match.hpp>
#include <random>

#include "core/cassette_engine.hpp"
#include "core/exchange_cache.hpp"
#include "support/cassette_test_base.hpp"

namespace automock::test {
namespace {

class CassetteForeignFilesTest : public CassetteTestBase {
 protected:
  void write_foreign_files() {
    dir_.write("automock.json", "{}");
    dir_.write("usage.json", R"({"automock_usage": 1})");
    dir_.write("notes-0123456789abcdef.txt", "not json");
  }
};

TEST_F(CassetteForeignFilesTest, UnusedListsFixturesOnly) {
  write_foreign_files();
  auto cassette = open(Mode::new_episodes);
  cassette->handle(get("/played"), &upstream_);
  cassette->handle(get("/not-played"), &upstream_);
  cassette->forget_usage();
  CassetteEngine{*cassette}.play(get("/played"));
  const auto unused = cassette->unused();
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_TRUE(unused[0].filename().string().starts_with("GET-not-played-")) << unused[0];
}

TEST_F(CassetteForeignFilesTest, OnceRecordsIntoADirectoryHoldingOnlyOtherJsonFiles) {
  write_foreign_files();
  auto cassette = open(Mode::once);
  EXPECT_EQ(cassette->handle(get("/a"), &upstream_).status, 200);
  EXPECT_EQ(upstream_.calls(), 1u);
  EXPECT_EQ(open(Mode::once)->handle(get("/a"), &upstream_).status, 200);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(CassetteForeignFilesTest, UnusedIgnoresFilesThatAreNotFixtures) {
  dir_.write("notes.txt", "hello");
  Cassette cassette{dir_.path()};
  EXPECT_TRUE(cassette.unused().empty());
}

TEST_F(CassetteForeignFilesTest, OnceRecordsIntoADirectoryHoldingOnlyOtherFiles) {
  dir_.write("README.md", "not a fixture");
  auto cassette = open(Mode::once);
  EXPECT_EQ(cassette->handle(get("/v1/items"), &upstream_).status, 200);
  EXPECT_EQ(upstream_.calls(), 1u);
  EXPECT_EQ(files().size(), 2u) << "the fixture next to the README";
}

TEST_F(CassetteForeignFilesTest, OtherJsonFilesDoNotLetOnceSkipTheCiGuard) {
  write_foreign_files();
  ScopedEnv ci{"CI", "true"};
  EXPECT_THROW(open(Mode::once), NetworkRefused);
}

struct NameCase {
  const char* name;
  bool fixture;
};

TEST(FixtureFileShapeTest, OnlyNamesShapedLikeFixturesAreFixtureFiles) {
  const NameCase cases[] = {
      {"GET-v1-todos-0123456789abcdef.json", true},
      {"GET-v1-todos-0123456789abcdef-2.json", true},
      {"GET-v1-todos-0123456789abcdef-10.json", true},
      {"GET-root-0123456789abcdef.json", true},
      {"M-SEARCH-root-0123456789abcdef.json", true},
      {"X-0123456789abcdef.json", true},
      {"automock.json", false},
      {"usage.json", false},
      {"GET-v1-todos.json", false},
      {"GET-v1-todos-0123456789abcdeg.json", false},
      {"GET-v1-todos-0123456789ABCDEF.json", false},
      {"GET-v1-todos-0123456789abcdef-.json", false},
      {"GET-v1-todos-0123456789abcdef.json.tmp", false},
      {".GET-v1-todos-0123456789abcdef.json", false},
      {"0123456789abcdef.json", false},
      {"-0123456789abcdef.json", false},
      {"", false},
  };
  for (const auto& [name, fixture] : cases) EXPECT_EQ(is_fixture_file_name(name), fixture) << name;
}

// Every name the recorder gives is one the cassette counts, whatever the
// method, path and sequence number.
TEST(FixtureFileShapeTest, EveryGeneratedNameIsAFixtureFileName) {
  std::mt19937 random{20261126};
  const std::string methods[] = {"GET", "post", "M-SEARCH", "", "../", "PROPFIND", "x1"};
  for (int i = 0; i < 2000; ++i) {
    std::string path;
    const auto length = random() % 80;
    for (size_t c = 0; c < length; ++c) path += static_cast<char>(random() % 256);
    const auto key = request_key(Request{.target = "/" + std::to_string(i)}, MatchContext{});
    const auto name = fixture_file_name(methods[random() % 7], path, key,
                                        static_cast<int>(random() % 3 == 0 ? random() % 1000 : 0));
    EXPECT_TRUE(is_fixture_file_name(name)) << name;
  }
}

}  // namespace
}  // namespace automock::test
