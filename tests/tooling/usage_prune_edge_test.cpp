// Usage records as `automock fixtures prune` meets them: written by another
// version or by hand, made on another machine, listing files that are not
// fixtures; and what prune prints.
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_prune.hpp"
#include "tooling/usage_record.hpp"

namespace automock::tooling {
namespace {

namespace fs = std::filesystem;
using test::json_response;
using test::write_fixture;

// The message of the InputError that parsing `text` throws, or "" (a failure).
std::string parse_error(const std::string& text) {
  try {
    usage_from_json(text, "usage.json");
  } catch (const InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "not an InputError: " << error.what();
    return "";
  }
  ADD_FAILURE() << "accepted: " << text;
  return "";
}

TEST(UsageRecordEdgeTest, AMistypedVersionIsAnInputErrorNamingTheField) {
  for (const char* text : {R"({"automock_usage":"1","cassette":"c","used":[],"unused":[]})",
                           R"({"automock_usage":null,"cassette":"c","used":[],"unused":[]})",
                           R"({"automock_usage":[1],"cassette":"c","used":[],"unused":[]})"}) {
    const auto message = parse_error(text);
    EXPECT_NE(message.find("usage.json"), std::string::npos) << message;
    EXPECT_NE(message.find("automock_usage"), std::string::npos) << message;
  }
}

TEST(UsageRecordEdgeTest, AnotherVersionIsRefused) {
  const auto message = parse_error(R"({"automock_usage":2,"cassette":"c","used":[],"unused":[]})");
  EXPECT_NE(message.find("'automock_usage' must be 1"), std::string::npos) << message;
  EXPECT_NE(parse_error(R"({"cassette":"c","used":[],"unused":[]})").find("automock_usage"),
            std::string::npos);
}

TEST(UsageRecordEdgeTest, EachMistypedFieldIsNamed) {
  EXPECT_NE(
      parse_error(R"({"automock_usage":1,"cassette":3,"used":[],"unused":[]})").find("'cassette'"),
      std::string::npos);
  EXPECT_NE(
      parse_error(R"({"automock_usage":1,"cassette":"c","used":{},"unused":[]})").find("'used'"),
      std::string::npos);
  EXPECT_NE(
      parse_error(R"({"automock_usage":1,"cassette":"c","used":[],"unused":[7]})").find("'unused'"),
      std::string::npos);
}

TEST(UsageRecordEdgeTest, TruncatedJsonIsAnInputError) {
  EXPECT_NE(parse_error(R"({"automock_usage":1,"cassette":)").find("not a JSON usage record"),
            std::string::npos);
}

TEST(UsageRecordEdgeTest, NamesWithUnicodeAndQuotesRoundTrip) {
  const UsageRecord record{"/tmp/caf\xc3\xa9 \"x\"", {"GET-caf-0123456789abcdef.json"}, {}};
  EXPECT_EQ(usage_from_json(usage_to_json(record), "r"), record);
}

TEST(UsageRecordEdgeTest, UsageOfAFreshCassetteListsEveryFixtureAsUnused) {
  test::TempDir dir;
  test::ScopedEnv mode{"AUTOMOCK_MODE", std::nullopt};
  const auto a = write_fixture(dir.path(), {Request{.target = "/a"}, json_response("1")});
  const auto b = write_fixture(dir.path(), {Request{.target = "/b"}, json_response("2")});
  write_fixture(dir / "nested", {Request{.target = "/c"}, json_response("3")});
  const auto record = usage_of(Cassette{dir.path()});
  EXPECT_TRUE(record.used.empty());
  EXPECT_EQ(record.unused,
            (std::vector<std::string>{a.filename().string(), b.filename().string()}));
}

class PruneEdgeTest : public testing::Test {
 protected:
  fs::path fixture(const std::string& target) {
    return write_fixture(dir_.path(), {Request{.target = target}, json_response("1")});
  }
  UsageRecord record_of(std::vector<std::string> unused) const {
    return UsageRecord{dir_.path(), {}, std::move(unused)};
  }

  test::TempDir dir_;
};

TEST_F(PruneEdgeTest, ANonFixtureNameAnywhereInTheRecordRemovesNothing) {
  const auto first = fixture("/first");
  const auto record = record_of({first.filename().string(), "automock.json"});
  dir_.write("automock.json", "{}");
  EXPECT_THROW(prune_fixtures(dir_.path(), record, DryRun::no), InputError);
  EXPECT_TRUE(fs::exists(first));
  EXPECT_TRUE(fs::exists(dir_ / "automock.json"));
}

TEST_F(PruneEdgeTest, ANameInASubdirectoryIsRefused) {
  fixture("/a");
  EXPECT_THROW(
      prune_fixtures(dir_.path(), record_of({"sub/GET-a-0123456789abcdef.json"}), DryRun::no),
      InputError);
}

TEST_F(PruneEdgeTest, ARecordMadeOnAnotherMachineStillPrunesByName) {
  const auto stale = fixture("/stale");
  auto record = record_of({stale.filename().string()});
  record.cassette = "/home/someone-else/project/fixtures/todo";
  const auto result = prune_fixtures(dir_.path(), record, DryRun::no);
  EXPECT_EQ(result.removed, std::vector<fs::path>{stale});
  EXPECT_FALSE(fs::exists(stale));
}

TEST_F(PruneEdgeTest, ARecordNamingTheCassetteThroughAnotherPathIsAccepted) {
  const auto stale = fixture("/stale");
  auto record = record_of({stale.filename().string()});
  record.cassette = dir_.path() / "." / "sub" / "..";
  fs::create_directories(dir_ / "sub");
  EXPECT_EQ(prune_fixtures(dir_.path(), record, DryRun::no).removed.size(), 1u);
}

TEST_F(PruneEdgeTest, AMissingCassetteIsAnInputError) {
  EXPECT_THROW(prune_fixtures(dir_ / "none", record_of({}), DryRun::no), InputError);
}

TEST_F(PruneEdgeTest, AnEmptyRecordRemovesNothingAndSaysSo) {
  const auto kept = fixture("/kept");
  const auto result = prune_fixtures(dir_.path(), record_of({}), DryRun::no);
  EXPECT_TRUE(result.removed.empty());
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_EQ(format_prune(result, DryRun::no), "0 unused exchange(s) removed\n");
}

TEST_F(PruneEdgeTest, TheReportListsRemovedAndVanishedFilesThenCounts) {
  const PruneResult result{{"c/GET-a-0123456789abcdef.json"}, {"c/GET-b-0123456789abcdef.json"}};
  EXPECT_EQ(format_prune(result, DryRun::no),
            "removed c/GET-a-0123456789abcdef.json\n"
            "already gone: c/GET-b-0123456789abcdef.json\n"
            "1 unused exchange(s) removed\n");
  EXPECT_EQ(format_prune(result, DryRun::yes),
            "would remove c/GET-a-0123456789abcdef.json\n"
            "already gone: c/GET-b-0123456789abcdef.json\n"
            "dry run: 1 unused exchange(s) to remove\n");
}

}  // namespace
}  // namespace automock::tooling
