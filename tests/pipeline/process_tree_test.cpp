#include "pipeline/process_tree.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using pipeline::ProcessTree;

// Starts `/bin/sh -c script` as a child of this process, leading a process
// group of its own (dash forks even a lone command: see kill_and_reap).
pid_t start_shell(const std::string& script) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

bool lists_pid(const std::vector<pid_t>& pids, pid_t pid) {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// Kills the shell's whole group: a command it forked would otherwise outlive
// the test holding ctest's output pipe open until it ends.
void kill_and_reap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

TEST(ProcessTreeTest, ListsAGrandchildWhoseNameHoldsAParenthesisAndASpace) {
  TempDir dir;
  std::filesystem::copy_file("/bin/sleep", dir / "odd) name");
  const pid_t child = start_shell("'" + (dir / "odd) name").string() + "' 300 & echo $! > '" +
                                  (dir / "grandchild.pid").string() + "'; wait");
  ASSERT_TRUE(wait_for_line(dir / "grandchild.pid"));
  const pid_t grandchild = read_pid(dir / "grandchild.pid");
  const auto tree = ProcessTree::read();
  EXPECT_TRUE(lists_pid(tree.children_since(::getpid(), {}), child));
  EXPECT_EQ(tree.with_descendants({child}), (std::set<pid_t>{child, grandchild}));
  ::kill(grandchild, SIGKILL);
  kill_and_reap(child);
}

TEST(ProcessTreeTest, AZombieIsListedUntilItIsReaped) {
  const pid_t child = start_shell("exit 0");
  siginfo_t info{};
  // WNOWAIT: waits for the exit but leaves the child a zombie.
  ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  EXPECT_TRUE(lists_pid(ProcessTree::read().children_since(::getpid(), {}), child));
  EXPECT_TRUE(ProcessTree::read().with_descendants({child}).contains(child));
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(lists_pid(ProcessTree::read().children_since(::getpid(), {}), child));
}

TEST(ProcessTreeTest, WithinOneTickTheLaterPidIsLessThanHalfATurnAheadAcrossTheWrap) {
  using pipeline::started_since;
  EXPECT_TRUE(started_since({100, 501}, {100, 500}));
  EXPECT_TRUE(started_since({100, 500}, {100, 500}));
  EXPECT_FALSE(started_since({100, 499}, {100, 500}));
  const pid_t near_max = std::stoi(read_file("/proc/sys/kernel/pid_max")) - 68;
  EXPECT_TRUE(started_since({100, 300}, {100, near_max}));  // pids wrapped in between
  EXPECT_FALSE(started_since({100, near_max}, {100, 300}));
  EXPECT_TRUE(started_since({101, 1}, {100, 500}));
  EXPECT_FALSE(started_since({99, 900}, {100, 500}));
}

TEST(ProcessTreeTest, OnlyChildrenStartedSinceAGivenProcessAreListed) {
  const pid_t older = start_shell("sleep 300");
  const pid_t newer = start_shell("sleep 300");
  const auto since = ProcessTree::start_of(newer);
  ASSERT_TRUE(since.has_value());
  const auto children = ProcessTree::read().children_since(::getpid(), *since);
  EXPECT_FALSE(lists_pid(children, older));
  EXPECT_TRUE(lists_pid(children, newer));
  kill_and_reap(older);
  kill_and_reap(newer);
}

}  // namespace
}  // namespace automock::test
