#include "tooling/fixture_prune.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>

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

}  // namespace
}  // namespace automock::tooling
