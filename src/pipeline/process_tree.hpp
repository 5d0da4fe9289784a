#pragma once
// Who is whose parent among the running processes, read from /proc, so that
// the runner can find every descendant of a stage, including those that left
// its process group (setsid) and those re-parented to the runner after their
// parent died (the runner is a child subreaper).

#include <sys/types.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace automock::pipeline {

// When a process started: clock ticks since boot (/proc/<pid>/stat field
// 22), and its pid, which orders the processes started within one tick.
struct ProcessStart {
  unsigned long long ticks = 0;
  pid_t pid = 0;
};

// True when `process` started at `since` or later. Within one tick, the
// later process has the later pid: the kernel hands pids out in increasing
// order, wrapping around at pid_max, and never hands out pid_max / 2 of them
// within one tick, so the later pid is the one less than half a turn ahead.
bool started_since(ProcessStart process, ProcessStart since);

// A snapshot of every process's parent and start (/proc/<pid>/stat).
// Processes that exit while it is read are left out. Pids can be reused once
// a process is reaped: a snapshot is only meaningful for a moment, except for
// the caller's own unreaped children, whose pids stay theirs. Reading costs a
// file read per process: take one only when it is needed.
class ProcessTree {
 public:
  // The current processes. Never throws; an unreadable /proc gives an empty
  // tree.
  static ProcessTree read();
  // When `pid` started; nullopt when it is gone. Reads that process only.
  static std::optional<ProcessStart> start_of(pid_t pid);

  // The children of `parent` that started at `since` or later, zombies
  // (exited, not yet reaped) included.
  std::vector<pid_t> children_since(pid_t parent, ProcessStart since) const;
  // `roots` and every process whose parent chain leads to one of them,
  // zombies included (a zombie's children are re-parented, then reaped).
  std::set<pid_t> with_descendants(const std::vector<pid_t>& roots) const;

 private:
  struct Entry {
    pid_t parent = 0;
    unsigned long long start_ticks = 0;
  };
  std::map<pid_t, Entry> processes_;
};

}  // namespace automock::pipeline
