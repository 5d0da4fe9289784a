#include "core/group_commit.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <memory>

namespace automock {

GroupCommit* GroupCommit::for_file_system(int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return nullptr;
  static std::mutex registry_mutex;
  static std::map<dev_t, std::unique_ptr<GroupCommit>> registry;
  std::lock_guard lock{registry_mutex};
  auto& committer = registry[status.st_dev];
  if (!committer) committer = std::make_unique<GroupCommit>();
  return committer.get();
}

GroupCommit::Ticket GroupCommit::join() {
  std::lock_guard lock{mutex_};
  return Ticket{failures_};
}

int GroupCommit::wait_for_sync(const Ticket& ticket, const Syncs& syncs) {
  std::unique_lock lock{mutex_};
  const uint64_t needed = started_ + 1;  // the next sync to start
  ++waiting_;
  for (;;) {
    if (failures_ != ticket.failures_seen) return last_error_;
    if (completed_ >= needed) return 0;
    if (running_) {
      synced_.wait(lock);
      continue;
    }
    running_ = true;
    const uint64_t number = ++started_;
    const bool alone = waiting_ == 1;
    waiting_ = 0;
    lock.unlock();
    const int error = alone ? syncs.own() : syncs.everyone();
    lock.lock();
    running_ = false;
    completed_ = number;
    if (error != 0) {
      ++failures_;
      last_error_ = error;
    }
    synced_.notify_all();
  }
}

}  // namespace automock
