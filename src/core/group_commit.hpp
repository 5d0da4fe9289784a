#pragma once
// Group commit: threads that need their writes durable at the same moment
// share one syncfs(2) of the file system instead of each fsyncing its own
// files. A sync that starts after a writer's last change makes that change
// durable (syncfs flushes every dirty file and the journal of the whole file
// system, then the disk's cache), so each writer waits for the first sync
// that starts after it asked, leading it when none is running: writers
// arriving during a sync share the next one. A leader that no other writer
// waits for syncs only its own change (fsync(2)), as a lone writer did
// before group commit, so it pays nothing for the other files of the file
// system.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace automock {

// Has the signature of fsync(2) and syncfs(2) and sets errno the same way.
using SyncFunction = int (*)(int fd);

class GroupCommit {
 public:
  // Taken before a writer changes anything: every sync that fails from then
  // on fails this writer too, whichever group it belongs to, since the
  // failure may be the loss of its data.
  struct Ticket {
    uint64_t failures_seen = 0;
  };

  // The committer of the file system that holds `fd`, one per file system
  // for the whole process. Returns nullptr when fstat(2) fails (errno set).
  static GroupCommit* for_file_system(int fd);

  // A writer's ticket; take it before writing anything.
  Ticket join();

  // The two ways a leader makes changes durable; each returns 0 or an errno.
  struct Syncs {
    std::function<int()> own;       // the leader's change only (fsync(2))
    std::function<int()> everyone;  // every change on the file system (syncfs(2))
  };

  // Blocks until a sync that started after this call has completed, running
  // it when no sync is in progress (`own` when no other writer waits for
  // it, else `everyone`). Returns 0, or the errno of a sync that failed
  // after `ticket` was taken. Thread-safe; never polls: waiting threads
  // sleep on a condition variable.
  int wait_for_sync(const Ticket& ticket, const Syncs& syncs);

 private:
  std::mutex mutex_;
  std::condition_variable synced_;
  uint64_t started_ = 0;    // syncs started so far
  uint64_t waiting_ = 0;    // writers waiting for the next sync to start
  uint64_t completed_ = 0;  // the number of the last sync completed
  uint64_t failures_ = 0;   // syncs that failed so far
  int last_error_ = 0;      // errno of the last failed sync
  bool running_ = false;
};

}  // namespace automock
