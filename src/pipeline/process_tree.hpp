#pragma once
// Who is whose parent among the running processes, read from /proc, so that
// the runner can find every descendant of a stage, including those that left
// its process group (setsid) and those re-parented to the runner after their
// parent died (the runner is a child subreaper).

#include <sys/types.h>

#include <map>
#include <set>
#include <vector>

namespace automock::pipeline {

// A snapshot of every process's parent (/proc/<pid>/stat, fields 3 and 4).
// Processes that exit while it is read are left out. Pids can be reused once
// a process is reaped: a snapshot is only meaningful for a moment, except for
// the caller's own unreaped children, whose pids stay theirs.
class ProcessTree {
 public:
  // The current processes. Never throws for a vanished process; an unreadable
  // /proc gives an empty tree.
  static ProcessTree read();

  // The children of `parent`, zombies (exited, not yet reaped) included.
  std::vector<pid_t> children_of(pid_t parent) const;
  // `roots` and every process whose parent chain leads to one of them,
  // zombies left out (they cannot be signalled, only reaped).
  std::set<pid_t> live_descendants(const std::vector<pid_t>& roots) const;

 private:
  struct Entry {
    pid_t parent = 0;
    bool zombie = false;
  };
  std::map<pid_t, Entry> processes_;
};

}  // namespace automock::pipeline
