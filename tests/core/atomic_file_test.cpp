#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "support/temp_dir.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator{dir}) names.push_back(entry.path().filename());
  return names;
}

size_t hidden_files_in(const fs::path& dir) {
  size_t count = 0;
  for (const auto& name : names_in(dir)) count += name.front() == '.' ? 1 : 0;
  return count;
}

// A fixture whose key identifies the writer and its n-th write.
std::string fixture_of(int writer, int n) {
  Exchange exchange;
  char key[17];
  std::snprintf(key, sizeof key, "%08x%08x", writer, n);
  exchange.key = key;
  exchange.response.body = "writer " + std::to_string(writer) + " write " + std::to_string(n);
  return serialize_fixture(exchange);
}

// Writes `count` fixtures with create_new, each taking the first free name
// from the writer's cursor on ("f-0.json", "f-1.json"...), as sequence numbers are claimed.
void claim_names(const fs::path& dir, int writer, int count) {
  int cursor = 0;
  for (int n = 0; n < count; ++n) {
    const std::string text = fixture_of(writer, n);
    while (!write_file_atomic(dir / ("f-" + std::to_string(cursor) + ".json"), text,
                              WriteMode::create_new)) {
      ++cursor;
    }
  }
}

TEST(AtomicFileTest, CreateNewWritesAFreeName) {
  test::TempDir dir;
  EXPECT_TRUE(write_file_atomic(dir.path() / "a.json", "first", WriteMode::create_new));
  EXPECT_EQ(read_text(dir.path() / "a.json"), "first");
}

TEST(AtomicFileTest, APrivateFileIsOwnerOnlyFromItsFirstByte) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "key.pem", "secret", WriteMode::create_new, 0600));
  EXPECT_EQ(fs::status(dir.path() / "key.pem").permissions(),
            fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_TRUE(write_file_atomic(dir.path() / "plain.json", "{}", WriteMode::create_new));
  EXPECT_NE(fs::status(dir.path() / "plain.json").permissions() & fs::perms::others_read,
            fs::perms::none)
      << "the default stays readable by others";
}

TEST(AtomicFileTest, CreateNewNeverOverwrites) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "a.json", "first", WriteMode::create_new));
  EXPECT_FALSE(write_file_atomic(dir.path() / "a.json", "second", WriteMode::create_new));
  EXPECT_EQ(read_text(dir.path() / "a.json"), "first");
  EXPECT_EQ(hidden_files_in(dir.path()), 0u);
}

TEST(AtomicFileTest, ReplaceOverwrites) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "a.json", "first", WriteMode::replace));
  EXPECT_TRUE(write_file_atomic(dir.path() / "a.json", "second", WriteMode::replace));
  EXPECT_EQ(read_text(dir.path() / "a.json"), "second");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.json"});
}

TEST(AtomicFileTest, CreatesMissingDirectories) {
  test::TempDir dir;
  const auto file = dir.path() / "cassette" / "nested" / "a.json";
  EXPECT_TRUE(write_file_atomic(file, "x", WriteMode::create_new));
  EXPECT_EQ(read_text(file), "x");
}

TEST(AtomicFileTest, WritesLargeAndBinaryContentExactly) {
  test::TempDir dir;
  std::string text(8 << 20, '\0');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 7919 % 251);
  ASSERT_TRUE(write_file_atomic(dir.path() / "big.bin", text, WriteMode::replace));
  EXPECT_EQ(read_text(dir.path() / "big.bin"), text);
}

TEST(AtomicFileTest, LongFileNamesStillGetATemporaryFile) {
  test::TempDir dir;
  const std::string name(250, 'n');
  EXPECT_TRUE(write_file_atomic(dir.path() / name, "x", WriteMode::create_new));
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{name});
}

TEST(AtomicFileTest, ParallelThreadsAndProcessesClaimDistinctNames) {
  constexpr int k_threads = 8;
  constexpr int k_processes = 4;
  constexpr int k_writes = 50;
  test::TempDir dir;
  // Fork before any thread exists, so children start from a single-threaded image.
  std::vector<pid_t> children;
  for (int p = 0; p < k_processes; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        claim_names(dir.path(), k_threads + p, k_writes);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&dir, t] { claim_names(dir.path(), t, k_writes); });
  }
  for (auto& thread : threads) thread.join();
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  const auto names = names_in(dir.path());
  EXPECT_EQ(names.size(), size_t{(k_threads + k_processes) * k_writes});
  EXPECT_EQ(hidden_files_in(dir.path()), 0u);
  std::set<std::string> keys;
  for (const auto& name : names) keys.insert(read_fixture(dir.path() / name).key);
  EXPECT_EQ(keys.size(), names.size());
}

TEST(AtomicFileTest, FailureRaisesIoErrorAndKeepsEarlierFiles) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "kept.json", "kept", WriteMode::create_new));
  ASSERT_TRUE(write_file_atomic(dir.path() / "file", "a regular file", WriteMode::create_new));
  // A path through a regular file fails even for root.
  try {
    write_file_atomic(dir.path() / "file" / "sub" / "x.json", "x", WriteMode::create_new);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_NE(std::string{error.what()}.find("x.json"), std::string::npos) << error.what();
  }
  EXPECT_EQ(read_text(dir.path() / "kept.json"), "kept");
  EXPECT_EQ(read_text(dir.path() / "file"), "a regular file");
  EXPECT_EQ(names_in(dir.path()).size(), 2u);
}

TEST(AtomicFileTest, FailedRenameLeavesNoTemporaryFile) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "taken" / "child");
  // rename(2) cannot replace a non-empty directory with a file.
  try {
    write_file_atomic(dir.path() / "taken", "x", WriteMode::replace);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_NE(std::string{error.what()}.find("rename"), std::string::npos) << error.what();
  }
  EXPECT_EQ(hidden_files_in(dir.path()), 0u);
  EXPECT_TRUE(fs::is_directory(dir.path() / "taken" / "child"));
}

// A write seam that writes half of what it is given, then kills its process.
ssize_t write_half_then_die(int fd, const void* data, size_t size) {
  const ssize_t written = ::write(fd, data, size / 2);
  ::raise(SIGKILL);
  return written;
}

// A write seam that waits until the test lets it write.
std::promise<void>* write_started = nullptr;
std::shared_future<void>* write_allowed = nullptr;
ssize_t write_when_allowed(int fd, const void* data, size_t size) {
  write_started->set_value();
  write_allowed->wait();
  return ::write(fd, data, size);
}

TEST(AtomicFileTest, AWriterKilledMidWriteLeavesOnlyATemporaryFileTheCleanUpRemoves) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "kept.json", "kept", WriteMode::create_new));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    set_atomic_file_write_for_testing(write_half_then_die);
    write_file_atomic(dir.path() / "killed.json", std::string(1 << 20, 'x'), WriteMode::create_new);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_FALSE(fs::exists(dir.path() / "killed.json"));
  EXPECT_EQ(hidden_files_in(dir.path()), 1u);

  EXPECT_EQ(remove_abandoned_temp_files(dir.path()), 1u);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"kept.json"});
  EXPECT_EQ(read_text(dir.path() / "kept.json"), "kept");
}

TEST(AtomicFileTest, CleanUpLeavesEveryOtherFileAlone) {
  test::TempDir dir;
  const std::set<std::string> others{".gitkeep", "GET-x-0123456789abcdef.json", "notes.tmp",
                                     ".draft.tmp", ".GET-x.json.12.x.3.tmp"};
  for (const auto& name : others) dir.write(name, "text");
  dir.write(".GET-x-0123456789abcdef.json.4242.7.1234567.tmp", "{\"automock\": 1,");
  fs::create_directories(dir.path() / "sub");
  dir.write("sub/.GET-y.json.1.2.3.tmp", "below the cassette");

  EXPECT_EQ(remove_abandoned_temp_files(dir.path()), 1u);
  const auto names = names_in(dir.path());
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), others.size() + 1);
  for (const auto& name : others) EXPECT_TRUE(fs::exists(dir.path() / name)) << name;
  EXPECT_TRUE(fs::exists(dir.path() / "sub" / ".GET-y.json.1.2.3.tmp"));
  EXPECT_EQ(remove_abandoned_temp_files(dir.path() / "missing"), 0u);
}

TEST(AtomicFileTest, CleanUpKeepsTheTemporaryFileOfAWriteInFlight) {
  test::TempDir dir;
  std::promise<void> started;
  std::promise<void> allow;
  std::shared_future<void> allowed = allow.get_future().share();
  write_started = &started;
  write_allowed = &allowed;
  set_atomic_file_write_for_testing(write_when_allowed);
  std::thread writer{
      [&dir] { write_file_atomic(dir.path() / "slow.json", "complete", WriteMode::create_new); }};
  started.get_future().wait();

  EXPECT_EQ(remove_abandoned_temp_files(dir.path()), 0u);
  EXPECT_EQ(hidden_files_in(dir.path()), 1u);
  allow.set_value();
  writer.join();
  set_atomic_file_write_for_testing(nullptr);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"slow.json"});
  EXPECT_EQ(read_text(dir.path() / "slow.json"), "complete");
}

}  // namespace
}  // namespace automock
