// A full disk while recording: the seam in core/atomic_file.hpp lets a few
// bytes through, then fails every write with ENOSPC, as a full file system does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <automock/cassette.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;

std::atomic<size_t> bytes_left_on_disk{0};

ssize_t write_until_full(int fd, const void* data, size_t size) {
  const size_t allowed = std::min(size, bytes_left_on_disk.load());
  if (allowed == 0) {
    errno = ENOSPC;
    return -1;
  }
  const ssize_t written = ::write(fd, data, allowed);
  if (written > 0) bytes_left_on_disk -= static_cast<size_t>(written);
  return written;
}

// The disk is full (after `bytes_left` more bytes) while this lives.
class FullDisk {
 public:
  explicit FullDisk(size_t bytes_left) {
    bytes_left_on_disk = bytes_left;
    set_atomic_file_write_for_testing(write_until_full);
  }
  ~FullDisk() { set_atomic_file_write_for_testing(nullptr); }
  FullDisk(const FullDisk&) = delete;
  FullDisk& operator=(const FullDisk&) = delete;
};

class DiskFullTest : public test::CassetteTestBase {
 protected:
  // Every file of the cassette directory (temporary files included) and its bytes.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> contents;
    for (const auto& file : files()) {
      std::ifstream in{file, std::ios::binary};
      std::ostringstream bytes;
      bytes << in.rdbuf();
      contents[file.filename().string()] = bytes.str();
    }
    return contents;
  }

  void expect_disk_full_error(Cassette& cassette, const Request& request) {
    try {
      cassette.handle(request, &upstream_);
      FAIL() << "no IoError on a full disk";
    } catch (const IoError& error) {
      EXPECT_THAT(error.what(), HasSubstr(std::strerror(ENOSPC)));
      EXPECT_THAT(error.what(), HasSubstr(dir_.path().string())) << "names the file";
    }
  }
};

TEST_F(DiskFullTest, RecordingANewExchangeFailsClearlyAndKeepsEarlierFixtures) {
  auto cassette = open(Mode::new_episodes);
  cassette->handle(get("/v1/todos/1"), &upstream_);
  const auto before = snapshot();
  ASSERT_EQ(before.size(), 1u);
  {
    FullDisk full{10};
    expect_disk_full_error(*cassette, get("/v1/todos/2"));
  }
  EXPECT_EQ(snapshot(), before) << "no partial fixture, no temporary file, earlier bytes intact";
  EXPECT_THROW(open(Mode::replay)->handle(get("/v1/todos/2"), nullptr), UnmatchedRequest);
}

TEST_F(DiskFullTest, ReRecordingOnAFullDiskKeepsTheOldRecording) {
  open(Mode::new_episodes)->handle(get("/v1/todos/1"), &upstream_);
  const auto before = snapshot();
  auto cassette = open(Mode::record);
  {
    FullDisk full{0};
    expect_disk_full_error(*cassette, get("/v1/todos/1"));
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(DiskFullTest, RecordingWorksAgainOnceThereIsSpace) {
  open(Mode::new_episodes)->handle(get("/v1/todos/1"), &upstream_);
  auto cassette = open(Mode::record);
  {
    FullDisk full{0};
    expect_disk_full_error(*cassette, get("/v1/todos/1"));
  }
  cassette->handle(get("/v1/todos/1"), &upstream_);
  EXPECT_EQ(snapshot().size(), 1u) << "the retry replaces seq 0 instead of adding seq 1";
  EXPECT_EQ(open(Mode::replay)->handle(get("/v1/todos/1"), nullptr).status, 200);
}

}  // namespace
}  // namespace automock
