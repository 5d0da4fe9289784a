#include "tooling/usage_record.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <string>
#include <vector>

#include "core/cassette_engine.hpp"
#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::tooling {
namespace {

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

TEST(UsageRecordTest, TellsPlayedFromUnplayedFiles) {
  test::TempDir dir;
  test::ScopedEnv mode{"AUTOMOCK_MODE", std::nullopt};
  const auto a = write_fixture(dir.path(), {Request{.target = "/a"}, json_response("1")});
  const auto b = write_fixture(dir.path(), {Request{.target = "/b"}, json_response("2")});
  dir.write("notes.json", "{}");
  Cassette cassette{dir.path()};
  CassetteEngine{cassette}.play(Request{.target = "/a"});
  const auto record = usage_of(cassette);
  EXPECT_EQ(record.cassette, dir.path());
  EXPECT_EQ(record.used, std::vector<std::string>{a.filename().string()});
  EXPECT_EQ(record.unused, std::vector<std::string>{b.filename().string()});
}

TEST(UsageRecordTest, RoundTripsThroughAFile) {
  test::TempDir dir;
  const UsageRecord record{"/x/cassette", {"GET-a-0123456789abcdef.json"}, {}};
  write_usage_record(dir / "usage.json", record);
  auto read = read_usage_record(dir / "usage.json");
  EXPECT_EQ(read.written_at, std::filesystem::last_write_time(dir / "usage.json"));
  read.written_at.reset();
  EXPECT_EQ(read, record);
}

TEST(UsageRecordTest, AFileThatIsNotARecordIsAnInputError) {
  test::TempDir dir;
  EXPECT_THROW(read_usage_record(dir / "none.json"), IoError);
  EXPECT_THROW(usage_from_json(R"({"automock_usage":1,"cassette":"c","used":[]})", "u"),
               InputError);
  EXPECT_THROW(usage_from_json("[]", "u"), InputError);
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

}  // namespace
}  // namespace automock::tooling
