// Fixture readers accept only regular files under the size cap: what a
// cassette directory may hold under a fixture's name instead (a symlink to
// /dev/zero, a FIFO, a directory, a huge sparse file) is refused, naming the
// file, without being read. On a reader that reads whatever it opens, these
// tests hang (a FIFO) or exhaust memory (/dev/zero).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/cassette_engine.hpp"
#include "support/cassette_test_base.hpp"
#include "support/fixture_writer.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class FixtureFileTest : public test::CassetteTestBase {
 protected:
  // Where the fixture of GET `target` lives in the cassette.
  fs::path fixture_path(const std::string& target) const {
    const auto request = get(target);
    return dir_ / fixture_file_name("GET", request.path(), request_key(request, {}), 0);
  }
  // The message of the FixtureError that reading `file` throws, or "".
  static std::string refusal(const fs::path& file, std::uint64_t max_bytes) {
    try {
      read_fixture(file, max_bytes);
    } catch (const FixtureError& error) {
      EXPECT_EQ(error.path(), file.string());
      return error.what();
    }
    ADD_FAILURE() << file << " was read";
    return "";
  }
};

TEST_F(FixtureFileTest, ASymlinkToDevZeroIsRefusedUnread) {
  const auto file = fixture_path("/zero");
  fs::create_symlink("/dev/zero", file);
  EXPECT_THAT(refusal(file, k_default_max_fixture_bytes),
              HasSubstr("is a character device, not a regular file"));
}

TEST_F(FixtureFileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
  const auto file = fixture_path("/fifo");
  ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0);
  EXPECT_THAT(refusal(file, k_default_max_fixture_bytes), HasSubstr("is a FIFO"));
}

TEST_F(FixtureFileTest, ADirectoryIsRefused) {
  const auto file = fixture_path("/dir");
  fs::create_directory(file);
  EXPECT_THAT(refusal(file, k_default_max_fixture_bytes), HasSubstr("is a directory"));
}

TEST_F(FixtureFileTest, ASparseFileAboveTheCapIsRefusedUnread) {
  const auto file = fixture_path("/huge");
  std::ofstream{file}.close();
  fs::resize_file(file, (std::uint64_t{2} << 30) + 1);  // 2 GiB, sparse
  EXPECT_THAT(refusal(file, k_default_max_fixture_bytes),
              HasSubstr("larger than 1073741824 bytes"));
}

TEST_F(FixtureFileTest, TheCapIsTheCallersAndAFileAtItIsRead) {
  const auto file = test::write_fixture(dir_.path(), {get("/a"), test::json_response("1")});
  const auto size = fs::file_size(file);
  EXPECT_EQ(read_fixture(file, size).request.target, "/a");
  EXPECT_THAT(refusal(file, size - 1), HasSubstr("max_fixture_bytes"));
}

TEST_F(FixtureFileTest, ASymlinkToARegularFixtureIsRead) {
  const auto shared = test::write_fixture(dir_ / "shared", {get("/a"), test::json_response("1")});
  const auto link = dir_.path() / shared.filename();
  fs::create_symlink(shared, link);
  EXPECT_EQ(read_fixture(link).response.body, "1");
}

TEST_F(FixtureFileTest, TheCassetteRefusesADevZeroFixtureNamingIt) {
  fs::create_symlink("/dev/zero", fixture_path("/zero"));
  auto cassette = open(Mode::replay);
  try {
    cassette->handle(get("/zero"), nullptr);
    FAIL() << "replayed from /dev/zero";
  } catch (const FixtureError& error) {
    EXPECT_EQ(error.path(), fixture_path("/zero").string());
  }
}

TEST_F(FixtureFileTest, TheCassetteRefusesAFifoFixture) {
  ASSERT_EQ(::mkfifo(fixture_path("/fifo").c_str(), 0600), 0);
  EXPECT_THROW(open(Mode::replay)->handle(get("/fifo"), nullptr), FixtureError);
}

TEST_F(FixtureFileTest, TheCassetteTakesItsCapFromTheConfig) {
  const auto file = test::write_fixture(dir_.path(), {get("/a"), test::json_response("1")});
  CassetteOptions options;
  options.config.max_fixture_bytes = fs::file_size(file) - 1;
  EXPECT_THROW(open(Mode::replay, options)->handle(get("/a"), nullptr), FixtureError);
  EXPECT_EQ(open(Mode::replay)->handle(get("/a"), nullptr).body, "1");
}

TEST_F(FixtureFileTest, AMissReportSkipsADevZeroFixture) {
  fs::create_symlink("/dev/zero", fixture_path("/zero"));
  EXPECT_THROW(open(Mode::replay)->handle(get("/other"), nullptr), UnmatchedRequest);
}

}  // namespace
}  // namespace automock
