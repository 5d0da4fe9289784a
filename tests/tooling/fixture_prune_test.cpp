#include "tooling/fixture_prune.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <string>
#include <vector>

#include "support/fixture_writer.hpp"
#include "support/temp_dir.hpp"

namespace automock::tooling {
namespace {

namespace fs = std::filesystem;
using test::json_response;
using test::write_fixture;

class FixturePruneTest : public testing::Test {
 protected:
  void SetUp() override {
    used_ = write_fixture(dir_.path(), {Request{.target = "/used"}, json_response("1")});
    unused_ = write_fixture(dir_.path(), {Request{.target = "/unused"}, json_response("2")});
  }
  UsageRecord usage() const {
    return {dir_.path(), {used_.filename().string()}, {unused_.filename().string()}};
  }

  test::TempDir dir_;
  fs::path used_;
  fs::path unused_;
};

TEST_F(FixturePruneTest, RemovesTheUnusedExchangesOnly) {
  const auto result = prune_fixtures(dir_.path(), usage(), DryRun::no);
  EXPECT_EQ(result.removed, std::vector<fs::path>{unused_});
  EXPECT_FALSE(fs::exists(unused_));
  EXPECT_TRUE(fs::exists(used_));
}

TEST_F(FixturePruneTest, ADryRunRemovesNothing) {
  const auto result = prune_fixtures(dir_.path(), usage(), DryRun::yes);
  EXPECT_EQ(result.removed, std::vector<fs::path>{unused_});
  EXPECT_TRUE(fs::exists(unused_));
  EXPECT_NE(format_prune(result, DryRun::yes).find("would remove"), std::string::npos);
}

TEST_F(FixturePruneTest, FilesAlreadyGoneAreReported) {
  fs::remove(unused_);
  const auto result = prune_fixtures(dir_.path(), usage(), DryRun::no);
  EXPECT_TRUE(result.removed.empty());
  EXPECT_EQ(result.missing, std::vector<fs::path>{unused_});
}

TEST_F(FixturePruneTest, ANameLeavingTheCassetteIsRefused) {
  auto record = usage();
  record.unused = {"../GET-a-0123456789abcdef.json"};
  EXPECT_THROW(prune_fixtures(dir_.path(), record, DryRun::no), InputError);
  EXPECT_TRUE(fs::exists(unused_));
}

TEST_F(FixturePruneTest, ARecordForAnotherExistingCassetteIsRefused) {
  test::TempDir other;
  auto record = usage();
  record.cassette = other.path();
  EXPECT_THROW(prune_fixtures(dir_.path(), record, DryRun::no), InputError);
  EXPECT_TRUE(fs::exists(unused_));
}

// Records as prune meets them: listing files that are not fixtures, made on
// another machine or through another path; and what prune prints.

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
