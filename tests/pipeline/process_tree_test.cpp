#include "pipeline/process_tree.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using pipeline::ProcessTree;

// Starts `/bin/sh -c script` as a child of this process.
pid_t start_shell(const std::string& script) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

bool contains(const std::vector<pid_t>& pids, pid_t pid) {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

void stop(pid_t pid) {
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
  EXPECT_TRUE(contains(tree.children_since(::getpid(), {}), child));
  EXPECT_EQ(tree.live_descendants({child}), (std::set<pid_t>{child, grandchild}));
  ::kill(grandchild, SIGKILL);
  stop(child);
}

TEST(ProcessTreeTest, AZombieIsAChildButNotALiveDescendant) {
  const pid_t child = start_shell("exit 0");
  while (ProcessTree::read().live_descendants({child}).contains(child)) {
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  EXPECT_TRUE(contains(ProcessTree::read().children_since(::getpid(), {}), child));
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(contains(ProcessTree::read().children_since(::getpid(), {}), child));
}

}  // namespace
}  // namespace automock::test
