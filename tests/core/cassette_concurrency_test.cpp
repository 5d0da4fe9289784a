#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <automock/cassette.hpp>
#include <thread>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

constexpr int k_threads = 8;
constexpr int k_processes = 4;
constexpr int k_requests_each = 50;

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

}  // namespace
}  // namespace automock
