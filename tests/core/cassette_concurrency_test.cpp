#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <automock/cassette.hpp>
#include <condition_variable>
#include <future>
#include <map>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/cassette_engine.hpp"
#include "core/fixture_file.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

constexpr int k_threads = 8;
constexpr int k_processes = 4;
constexpr int k_requests_each = 50;

// A write(2) that holds each writer until a second one is writing too (or a
// timeout passes), and records whether two writes ever overlapped.
class OverlapProbe {
 public:
  static ssize_t write(int fd, const void* data, size_t size) {
    std::unique_lock lock{mutex_};
    ++inside_;
    cv_.notify_all();
    if (cv_.wait_for(lock, std::chrono::seconds{5}, [] { return overlapped_ || inside_ >= 2; }))
      overlapped_ = true;
    lock.unlock();
    const ssize_t written = ::write(fd, data, size);
    lock.lock();
    --inside_;
    return written;
  }
  static bool overlapped() {
    std::lock_guard lock{mutex_};
    return overlapped_;
  }

 private:
  static inline std::mutex mutex_;
  static inline std::condition_variable cv_;
  static inline int inside_ = 0;
  static inline bool overlapped_ = false;
};

class CassetteConcurrencyTest : public test::CassetteTestBase {
 protected:
  // Threads share one cassette, so requests identical across threads are new
  // episodes: half the requests are unique to the writer, half shared.
  void record_shared_batch(Cassette& cassette, int writer) {
    for (int i = 0; i < k_requests_each; ++i) {
      const auto target = i % 2 == 0 ? "/w" + std::to_string(writer) + "/" + std::to_string(i)
                                     : "/shared/" + std::to_string(i);
      cassette.handle(get(target), &upstream_);
    }
  }

  // Each process has its own cassette object (a request another process
  // recorded replays there), so each records its own 10 requests 5 times each.
  void record_process_batch(Cassette& cassette, int writer) {
    for (int i = 0; i < k_requests_each; ++i) {
      cassette.handle(get("/w" + std::to_string(writer) + "/" + std::to_string(i % 10)),
                      &upstream_);
    }
  }

  void expect_every_file_whole(size_t expected) {
    const auto all = files();
    EXPECT_EQ(all.size(), expected);
    for (const auto& file : all) {
      EXPECT_NE(file.filename().string().front(), '.') << "temporary file left: " << file;
      EXPECT_NO_THROW(read_fixture(file)) << file;
    }
  }
};

TEST_F(CassetteConcurrencyTest, EightThreadsRecordingOneCassetteLoseNothing) {
  auto cassette = open(Mode::new_episodes);
  std::vector<std::thread> threads;
  for (int writer = 0; writer < k_threads; ++writer) {
    threads.emplace_back([&, writer] { record_shared_batch(*cassette, writer); });
  }
  for (auto& thread : threads) thread.join();
  expect_every_file_whole(k_threads * k_requests_each);
}

TEST_F(CassetteConcurrencyTest, FourProcessesRecordingOneCassetteLoseNothing) {
  std::vector<pid_t> children;
  for (int writer = 0; writer < k_processes; ++writer) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto cassette = open(Mode::new_episodes);
        record_process_batch(*cassette, writer);
      } catch (...) {
        status = 1;
      }
      ::_exit(status);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  expect_every_file_whole(k_processes * k_requests_each);
}

TEST_F(CassetteConcurrencyTest, ThreadsWriteTheirFixturesAtTheSameTime) {
  auto cassette = open(Mode::new_episodes);
  set_atomic_file_write_for_testing(&OverlapProbe::write);
  std::thread first{[&] { cassette->handle(get("/first"), &upstream_); }};
  std::thread second{[&] { cassette->handle(get("/second"), &upstream_); }};
  first.join();
  second.join();
  set_atomic_file_write_for_testing(nullptr);
  EXPECT_TRUE(OverlapProbe::overlapped()) << "one writer waited for the other's write and fsync";
  expect_every_file_whole(2);
}

TEST_F(CassetteConcurrencyTest, IdenticalRequestsRecordedAtOnceTakeEverySequenceNumberOnce) {
  auto cassette = open(Mode::new_episodes);
  std::vector<std::thread> threads;
  for (int writer = 0; writer < k_threads; ++writer) {
    threads.emplace_back([&] {
      for (int i = 0; i < k_requests_each; ++i) cassette->handle(get("/same"), &upstream_);
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<int> sequences;
  for (const auto& file : files()) sequences.insert(read_fixture(file).seq);
  ASSERT_EQ(sequences.size(), size_t{k_threads * k_requests_each});
  EXPECT_EQ(*sequences.begin(), 0);
  EXPECT_EQ(*sequences.rbegin(), k_threads * k_requests_each - 1) << "no gap in the sequence";
}

TEST_F(CassetteConcurrencyTest, ThreadsReplayingShareSequencesWithoutLoss) {
  auto recorder = open(Mode::new_episodes);
  for (int i = 0; i < 100; ++i) recorder->handle(get("/same"), &upstream_);
  auto cassette = open(Mode::replay);
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> bodies;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto body = cassette->handle(get("/same"), nullptr).body;
        std::lock_guard lock{mutex};
        bodies.insert(std::move(body));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(bodies.size(), 100u) << "each recording played exactly once";
}

TEST_F(CassetteConcurrencyTest, ThreadsReplayingPastTheLastRecordingPlayEachOnceThenRepeatTheLast) {
  constexpr int k_recorded = 40;
  constexpr int k_each = 6;  // 8 threads x 6 = 48 requests: 8 past the last recording
  auto recorder = open(Mode::new_episodes);
  std::vector<std::string> recorded;
  for (int i = 0; i < k_recorded; ++i)
    recorded.push_back(recorder->handle(get("/same"), &upstream_).body);
  auto cassette = open(Mode::replay);
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::map<std::string, int> plays;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < k_each; ++i) {
        auto body = cassette->handle(get("/same"), nullptr).body;
        std::lock_guard lock{mutex};
        ++plays[std::move(body)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(plays.size(), size_t{k_recorded}) << "every recording played";
  for (int i = 0; i + 1 < k_recorded; ++i) EXPECT_EQ(plays[recorded[i]], 1) << "recording " << i;
  EXPECT_EQ(plays[recorded.back()], k_threads * k_each - k_recorded + 1) << "the last repeats";
}

// Reading the fixture file of /slow blocks until the test lets it go on: a
// lookup of another fixture must meanwhile be answered.
TEST_F(CassetteConcurrencyTest, AFixtureFileBeingReadDoesNotHoldUpOtherRequests) {
  auto recorder = open(Mode::new_episodes);
  recorder->handle(get("/slow"), &upstream_);
  recorder->handle(get("/fast"), &upstream_);

  auto cassette = open(Mode::replay);
  std::promise<void> slow_reading;
  std::promise<void> go_on;
  CassetteEngine{*cassette}.read_files_with(
      [&, go = go_on.get_future().share()](const std::filesystem::path& file,
                                           std::uint64_t max_bytes) {
        if (file.filename().string().starts_with("GET-slow")) {
          slow_reading.set_value();
          go.wait();
        }
        return read_fixture_bytes(file, max_bytes);
      });
  auto slow =
      std::async(std::launch::async, [&] { return cassette->handle(get("/slow"), nullptr); });
  slow_reading.get_future().wait();
  auto fast =
      std::async(std::launch::async, [&] { return cassette->handle(get("/fast"), nullptr); });
  EXPECT_EQ(fast.wait_for(std::chrono::seconds{5}), std::future_status::ready)
      << "a lookup waited for another lookup's file read";
  go_on.set_value();
  EXPECT_EQ(slow.get().status, 200);
  EXPECT_EQ(fast.get().status, 200);
}

}  // namespace
}  // namespace automock
