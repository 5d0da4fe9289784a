// Group commit of write_file_atomic(): the sync seam in core/atomic_file.hpp
// counts the shared syncs, notes what the directory held when each started,
// and makes them fail; the write seam tells when every writer has written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/files.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;

// The file's bytes, or "" when it went away (a temporary file moved into place).
std::string text_if_present(const fs::path& file) {
  try {
    return read_file(file);
  } catch (const IoError&) {
    return "";
  }
}

// What the seams see, shared by the plain functions the seams take.
struct SyncProbe {
  fs::path directory;
  int writers = 0;    // the first sync waits until this many have written
  bool fail = false;  // every sync fails with EIO
  std::mutex mutex;
  std::condition_variable wrote;
  int writes = 0;
  int syncs = 0;
  // For each completed sync: the directory's files (name: content) when it started.
  std::vector<std::map<std::string, std::string>> completed;
};
SyncProbe* active_probe = nullptr;

ssize_t counting_write(int fd, const void* data, size_t size) {
  const ssize_t written = ::write(fd, data, size);
  std::lock_guard lock{active_probe->mutex};
  ++active_probe->writes;
  active_probe->wrote.notify_all();
  return written;
}

int observing_sync(int fd) {
  std::map<std::string, std::string> files;
  {
    std::unique_lock lock{active_probe->mutex};
    if (active_probe->syncs++ == 0) {
      active_probe->wrote.wait(lock, [] { return active_probe->writes >= active_probe->writers; });
    }
    for (const auto& entry : fs::directory_iterator{active_probe->directory}) {
      files[entry.path().filename().string()] = text_if_present(entry.path());
    }
  }
  if (active_probe->fail) {
    errno = EIO;
    return -1;
  }
  const int result = ::syncfs(fd);
  std::lock_guard lock{active_probe->mutex};
  active_probe->completed.push_back(std::move(files));
  return result;
}

// Installs the seams for one test and removes them after.
class GroupCommitConcurrencyTest : public ::testing::Test {
 protected:
  GroupCommitConcurrencyTest() {
    probe_.directory = dir_.path();
    active_probe = &probe_;
    set_atomic_file_write_for_testing(counting_write);
    set_atomic_file_sync_for_testing(observing_sync);
  }
  ~GroupCommitConcurrencyTest() override {
    set_atomic_file_sync_for_testing(nullptr);
    set_atomic_file_write_for_testing(nullptr);
    active_probe = nullptr;
  }

  // True when a sync that started while `name` held `text` has completed.
  bool synced_with(const std::string& name, const std::string& text) {
    std::lock_guard lock{probe_.mutex};
    for (const auto& files : probe_.completed) {
      const auto found = files.find(name);
      if (found != files.end() && found->second == text) return true;
    }
    return false;
  }

  // Runs `writer(n)` on `count` threads at once.
  template <typename Writer>
  static void on_threads(int count, Writer writer) {
    std::vector<std::thread> threads;
    for (int n = 0; n < count; ++n) threads.emplace_back(writer, n);
    for (auto& thread : threads) thread.join();
  }

  test::TempDir dir_;
  SyncProbe probe_;
};

TEST_F(GroupCommitConcurrencyTest, ALoneWriteSyncsItsContentThenItsNameBeforeReturning) {
  probe_.writers = 1;
  ASSERT_TRUE(write_file_atomic(dir_.path() / "a.json", "complete", WriteMode::create_new));
  ASSERT_EQ(probe_.completed.size(), 2u) << "one sync for the content, one for the name";
  const auto& first = probe_.completed[0];
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first.begin()->first.front(), '.') << "the temporary file, not yet in place";
  EXPECT_EQ(first.begin()->second, "complete");
  EXPECT_EQ(probe_.completed[1].count("a.json"), 1u) << "the name was synced too";
}

TEST_F(GroupCommitConcurrencyTest, FiftyWritersShareSyncsAndEachReturnsWithItsFileSynced) {
  constexpr int k_writers = 50;
  constexpr int k_files_each = 4;
  probe_.writers = k_writers;
  std::vector<int> unsynced(k_writers, 0);
  on_threads(k_writers, [&](int writer) {
    for (int n = 0; n < k_files_each; ++n) {
      const std::string name = "w" + std::to_string(writer) + "-" + std::to_string(n) + ".json";
      const std::string text = "writer " + std::to_string(writer) + " file " + std::to_string(n);
      write_file_atomic(dir_.path() / name, text, WriteMode::create_new);
      if (!synced_with(name, text) || read_file(dir_.path() / name) != text) ++unsynced[writer];
    }
  });
  for (int writer = 0; writer < k_writers; ++writer) {
    EXPECT_EQ(unsynced[writer], 0) << "writer " << writer << " returned before a sync of its file";
  }
  constexpr int k_files = k_writers * k_files_each;
  EXPECT_LT(probe_.syncs, k_files) << "writers at the same moment share a sync";
  EXPECT_EQ(std::distance(fs::directory_iterator{dir_.path()}, fs::directory_iterator{}), k_files);
}

TEST_F(GroupCommitConcurrencyTest, AFailedSharedSyncFailsEveryWriterThatWaitedForIt) {
  constexpr int k_writers = 50;
  probe_.writers = k_writers;
  probe_.fail = true;
  std::vector<std::string> errors(k_writers);
  on_threads(k_writers, [&](int writer) {
    const auto file = dir_.path() / ("w" + std::to_string(writer) + ".json");
    try {
      write_file_atomic(file, "data", WriteMode::create_new);
    } catch (const IoError& error) {
      errors[writer] = error.what();
    }
  });
  for (int writer = 0; writer < k_writers; ++writer) {
    const std::string& error = errors[writer];
    EXPECT_NE(error.find("w" + std::to_string(writer) + ".json"), std::string::npos) << error;
    EXPECT_NE(error.find(std::strerror(EIO)), std::string::npos) << error;
  }
  EXPECT_EQ(probe_.syncs, 1) << "all 50 had written before the one sync failed";
  EXPECT_TRUE(fs::is_empty(dir_.path())) << "no fixture, no temporary file";
}

}  // namespace
}  // namespace automock
