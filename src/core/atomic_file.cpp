#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <cerrno>
#include <functional>
#include <random>
#include <regex>
#include <string>

#include "core/files.hpp"
#include "core/group_commit.hpp"
#include "core/unique_fd.hpp"

namespace automock {

namespace {
namespace fs = std::filesystem;

// Keeps the temporary name within NAME_MAX whatever the target's length.
constexpr size_t k_max_prefix = 100;
constexpr int k_create_attempts = 16;

std::atomic<WriteFunction> replaced_write{nullptr};
std::atomic<SyncFunction> replaced_sync{nullptr};

ssize_t write_some(int fd, std::string_view text) {
  const WriteFunction replacement = replaced_write.load(std::memory_order_acquire);
  return replacement ? replacement(fd, text.data(), text.size())
                     : ::write(fd, text.data(), text.size());
}

bool is_temp_file_name(const std::string& name) {
  static const std::regex k_pattern{R"(^\..+\.[0-9]+\.[0-9]+\.[0-9]+\.tmp$)"};
  return std::regex_match(name, k_pattern);
}

bool same_file(int fd, const fs::path& path) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

// A temporary file next to the target, locked (see atomic_file.hpp) and
// unlinked on scope exit.
class TempFile {
 public:
  TempFile(const fs::path& file, mode_t permissions) {
    int error = EEXIST;
    for (int attempt = 0; attempt < k_create_attempts && error == EEXIST; ++attempt) {
      path_ = file.parent_path() / unique_name(file.filename().string());
      fd_ = UniqueFd{::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)};
      if (!fd_) {
        error = errno;
        continue;
      }
      if (lock_and_keep()) return;
      // remove_abandoned_temp_files() took the file before the lock: take another name.
      fd_.reset();
    }
    throw_io_error(file, "create a temporary file in its directory", error);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    // Unlinked before the lock goes (with fd_, after this body), so no one
    // ever sees it unlocked.
    ::unlink(path_.c_str());
  }
  const fs::path& path() const { return path_; }
  // The locked descriptor: open until destruction.
  int fd() const { return fd_.get(); }
  // A descriptor to write with; it shares the lock, which stays until destruction.
  UniqueFd writing_fd() const { return UniqueFd{::fcntl(fd_.get(), F_DUPFD_CLOEXEC, 0)}; }

 private:
  static std::string unique_name(const std::string& target) {
    static std::atomic<unsigned long> counter{0};
    thread_local std::mt19937_64 random{std::random_device{}()};
    return "." + target.substr(0, k_max_prefix) + "." + std::to_string(::getpid()) + "." +
           std::to_string(counter++) + "." + std::to_string(random()) + ".tmp";
  }

  // True when the file is still ours once locked. A file system without
  // locks refuses them to the clean-up too, which then never removes it.
  bool lock_and_keep() const {
    while (::flock(fd_.get(), LOCK_EX) != 0 && errno == EINTR) {
    }
    return same_file(fd_.get(), path_);
  }

  fs::path path_;
  UniqueFd fd_;
};

void write_all(int fd, std::string_view text, const fs::path& file) {
  while (!text.empty()) {
    const ssize_t written = write_some(fd, text);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw_io_error(file, "write its temporary file", errno);
    text.remove_prefix(static_cast<size_t>(written));
  }
}

void close_written(UniqueFd& descriptor, const fs::path& file) {
  if (const int error = descriptor.close(); error != 0) {
    throw_io_error(file, "close its temporary file", error);
  }
}

void ensure_directory(const fs::path& directory, const fs::path& file) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    throw IoError(file.string() + ": cannot create directory " + directory.string() + ": " +
                  error.message());
  }
}

// Calls fsync(2) or syncfs(2), or the test seam in their place; 0 or errno.
int run_sync(SyncFunction real, int fd) {
  const SyncFunction replacement = replaced_sync.load(std::memory_order_acquire);
  return (replacement ? replacement : real)(fd) == 0 ? 0 : errno;
}

// The durable steps of one write, each shared with the writers of the same
// file system that reach it at the same moment (core/group_commit.hpp).
class DurableSteps {
 public:
  DurableSteps(const TempFile& temp, const fs::path& file, const fs::path& directory)
      : temp_(temp), file_(file), directory_(directory) {
    committer_ = GroupCommit::for_file_system(temp.fd());
    if (!committer_) throw_io_error(file, "stat its temporary file", errno);
    ticket_ = committer_->join();
  }

  // The temporary file's bytes, before its name is moved into place. Its own
  // descriptor also reports a write-back error a shared sync did not see.
  void sync_content() const {
    sync("make its temporary file durable", [this] { return run_sync(::fsync, temp_.fd()); });
    if (::sync_file_range(temp_.fd(), 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE) != 0) {
      throw_io_error(file_, "write its temporary file to disk", errno);
    }
  }

  // The new directory entry. Some file systems cannot fsync a directory
  // (EINVAL); there is nothing more to do on those.
  void sync_name() const {
    sync("make its directory entry durable", [this] {
      const UniqueFd descriptor{::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
      if (!descriptor) return errno;
      const int error = run_sync(::fsync, descriptor.get());
      return error == EINVAL ? 0 : error;
    });
  }

 private:
  void sync(std::string_view action, std::function<int()> own) const {
    const GroupCommit::Syncs syncs{std::move(own),
                                   [this] { return run_sync(::syncfs, temp_.fd()); }};
    if (const int error = committer_->wait_for_sync(ticket_, syncs); error != 0) {
      throw_io_error(file_, action, error);
    }
  }

  const TempFile& temp_;
  const fs::path& file_;
  const fs::path& directory_;
  GroupCommit* committer_ = nullptr;
  GroupCommit::Ticket ticket_;
};
}  // namespace

size_t remove_abandoned_temp_files(const fs::path& directory) {
  size_t removed = 0;
  std::error_code error;
  for (fs::directory_iterator it{directory, error}, end; !error && it != end; it.increment(error)) {
    if (!is_temp_file_name(it->path().filename().string())) continue;
    const UniqueFd descriptor{
        ::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
    if (!descriptor || ::flock(descriptor.get(), LOCK_EX | LOCK_NB) != 0) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

void set_atomic_file_write_for_testing(WriteFunction function) {
  replaced_write.store(function, std::memory_order_release);
}

void set_atomic_file_sync_for_testing(SyncFunction function) {
  replaced_sync.store(function, std::memory_order_release);
}

bool write_file_atomic(const fs::path& file, std::string_view text, WriteMode mode,
                       mode_t permissions) {
  const fs::path directory = file.parent_path().empty() ? fs::path{"."} : file.parent_path();
  ensure_directory(directory, file);
  TempFile temp{directory / file.filename(), permissions};
  const DurableSteps durable{temp, file, directory};
  UniqueFd descriptor = temp.writing_fd();
  if (!descriptor) throw_io_error(file, "duplicate its temporary file's descriptor", errno);
  write_all(descriptor.get(), text, file);
  close_written(descriptor, file);
  durable.sync_content();
  if (mode == WriteMode::create_new) {
    if (::link(temp.path().c_str(), file.c_str()) != 0) {
      if (errno == EEXIST) return false;
      throw_io_error(file, "link its temporary file into place", errno);
    }
  } else if (::rename(temp.path().c_str(), file.c_str()) != 0) {
    throw_io_error(file, "rename its temporary file into place", errno);
  }
  durable.sync_name();
  return true;
}

}  // namespace automock
