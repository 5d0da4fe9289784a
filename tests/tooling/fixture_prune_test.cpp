#include "tooling/fixture_prune.hpp"

#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "core/cassette_engine.hpp"
#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
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

// The workflow docs/replay-server.md describes: a suite resets the replay
// server before each test, the server writes its usage record at the end,
// then prune runs on that record.
class PruneWorkflowTest : public FixturePruneTest {
 protected:
  // One "test" of the suite: a reset, then one request.
  static void run_test(Cassette& cassette, const std::string& target) {
    cassette.reset();
    CassetteEngine{cassette}.play(Request{.target = target});
  }
  // The usage record of `cassette`, written to a file and read back.
  UsageRecord record_after(const Cassette& cassette) const {
    write_usage_record(dir_ / "usage.json", usage_of(cassette));
    return read_usage_record(dir_ / "usage.json");
  }
  // Moves the modification time of `file` to after the usage record's.
  static void touch_later(const fs::path& file, const UsageRecord& record) {
    fs::last_write_time(file, *record.written_at + std::chrono::seconds{2});
  }
  test::ScopedEnv mode_{"AUTOMOCK_MODE", std::nullopt};
};

TEST_F(PruneWorkflowTest, ResettingBeforeEachTestThenPruningRemovesNothingATestPlayed) {
  const auto other = write_fixture(dir_.path(), {Request{.target = "/other"}, json_response("3")});
  Cassette cassette{dir_.path()};
  run_test(cassette, "/used");
  run_test(cassette, "/other");
  const auto result = prune_fixtures(dir_.path(), record_after(cassette), DryRun::no);
  EXPECT_EQ(result.removed, std::vector<fs::path>{unused_});
  EXPECT_TRUE(fs::exists(used_));
  EXPECT_TRUE(fs::exists(other));
}

TEST_F(PruneWorkflowTest, ARecordOlderThanAFixtureIsRefusedUnlessForced) {
  Cassette cassette{dir_.path()};
  run_test(cassette, "/used");
  const auto record = record_after(cassette);
  touch_later(unused_, record);
  try {
    prune_fixtures(dir_.path(), record, DryRun::no);
    ADD_FAILURE() << "a stale record was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string{error.what()}.find(unused_.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string{error.what()}.find("--force"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(fs::exists(unused_));
  EXPECT_EQ(prune_fixtures(dir_.path(), record, DryRun::no, Force::yes).removed,
            std::vector<fs::path>{unused_});
}

TEST_F(PruneWorkflowTest, ARecordWrittenAfterEveryFixtureIsCurrent) {
  Cassette cassette{dir_.path()};
  const auto record = record_after(cassette);
  ASSERT_TRUE(record.written_at);
  EXPECT_EQ(prune_fixtures(dir_.path(), record, DryRun::yes).removed.size(), 2u);
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
