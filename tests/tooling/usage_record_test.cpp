#include "tooling/usage_record.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::tooling {
namespace {

using test::json_response;
using test::write_fixture;

TEST(UsageRecordTest, TellsPlayedFromUnplayedFiles) {
  test::TempDir dir;
  test::ScopedEnv mode{"AUTOMOCK_MODE", std::nullopt};
  const auto a = write_fixture(dir.path(), {Request{.target = "/a"}, json_response("1")});
  const auto b = write_fixture(dir.path(), {Request{.target = "/b"}, json_response("2")});
  dir.write("notes.json", "{}");
  Cassette cassette{dir.path()};
  cassette.play(Request{.target = "/a"});
  const auto record = usage_of(cassette);
  EXPECT_EQ(record.cassette, dir.path());
  EXPECT_EQ(record.used, std::vector<std::string>{a.filename().string()});
  EXPECT_EQ(record.unused, std::vector<std::string>{b.filename().string()});
}

TEST(UsageRecordTest, RoundTripsThroughAFile) {
  test::TempDir dir;
  const UsageRecord record{"/x/cassette", {"GET-a-0123456789abcdef.json"}, {}};
  write_usage_record(dir / "usage.json", record);
  EXPECT_EQ(read_usage_record(dir / "usage.json"), record);
}

TEST(UsageRecordTest, AFileThatIsNotARecordIsAnInputError) {
  test::TempDir dir;
  EXPECT_THROW(read_usage_record(dir / "none.json"), IoError);
  EXPECT_THROW(usage_from_json(R"({"automock_usage":1,"cassette":"c","used":[]})", "u"),
               InputError);
  EXPECT_THROW(usage_from_json("[]", "u"), InputError);
}

}  // namespace
}  // namespace automock::tooling
