#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <cerrno>
#include <cstring>
#include <random>

namespace automock {

namespace {
namespace fs = std::filesystem;

// Keeps the temporary name within NAME_MAX whatever the target's length.
constexpr size_t k_max_prefix = 100;
constexpr int k_create_attempts = 16;

std::atomic<WriteFunction> replaced_write{nullptr};

ssize_t write_some(int fd, std::string_view text) {
  const WriteFunction replacement = replaced_write.load(std::memory_order_acquire);
  return replacement ? replacement(fd, text.data(), text.size())
                     : ::write(fd, text.data(), text.size());
}

[[noreturn]] void fail(const fs::path& file, const std::string& action, int error) {
  throw IoError(file.string() + ": cannot " + action + ": " + std::strerror(error));
}

// A file descriptor closed on scope exit.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports the error close(2) gives (NFS reports late write errors there).
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

// A temporary file next to the target, unlinked on scope exit.
class TempFile {
 public:
  explicit TempFile(const fs::path& file) {
    for (int attempt = 0; attempt < k_create_attempts; ++attempt) {
      path_ = file.parent_path() / unique_name(file.filename().string());
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd_ >= 0 || errno != EEXIST) break;
    }
    if (fd_ < 0) fail(file, "create a temporary file in its directory", errno);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(path_.c_str());
  }
  const fs::path& path() const { return path_; }
  // Hands the descriptor over; the file itself stays until destruction.
  int release_fd() { return std::exchange(fd_, -1); }

 private:
  static std::string unique_name(const std::string& target) {
    static std::atomic<unsigned long> counter{0};
    thread_local std::mt19937_64 random{std::random_device{}()};
    return "." + target.substr(0, k_max_prefix) + "." + std::to_string(::getpid()) + "." +
           std::to_string(counter++) + "." + std::to_string(random()) + ".tmp";
  }

  fs::path path_;
  int fd_ = -1;
};

void write_all(int fd, std::string_view text, const fs::path& file) {
  while (!text.empty()) {
    const ssize_t written = write_some(fd, text);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail(file, "write its temporary file", errno);
    text.remove_prefix(static_cast<size_t>(written));
  }
}

void sync_and_close(Descriptor& descriptor, const fs::path& file) {
  if (::fsync(descriptor.get()) != 0) fail(file, "fsync its temporary file", errno);
  if (const int error = descriptor.close(); error != 0) {
    fail(file, "close its temporary file", error);
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

// Makes the new directory entry durable. Some file systems cannot fsync a
// directory (EINVAL); there is nothing more to do on those.
void sync_directory(const fs::path& directory, const fs::path& file) {
  Descriptor descriptor{::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (descriptor.get() < 0) fail(file, "open its directory", errno);
  if (::fsync(descriptor.get()) != 0 && errno != EINVAL) fail(file, "fsync its directory", errno);
}
}  // namespace

void set_atomic_file_write_for_testing(WriteFunction function) {
  replaced_write.store(function, std::memory_order_release);
}

bool write_file_atomic(const fs::path& file, std::string_view text, WriteMode mode) {
  const fs::path directory = file.parent_path().empty() ? fs::path{"."} : file.parent_path();
  ensure_directory(directory, file);
  TempFile temp{directory / file.filename()};
  Descriptor descriptor{temp.release_fd()};
  write_all(descriptor.get(), text, file);
  sync_and_close(descriptor, file);
  if (mode == WriteMode::create_new) {
    if (::link(temp.path().c_str(), file.c_str()) != 0) {
      if (errno == EEXIST) return false;
      fail(file, "link its temporary file into place", errno);
    }
  } else if (::rename(temp.path().c_str(), file.c_str()) != 0) {
    fail(file, "rename its temporary file into place", errno);
  }
  sync_directory(directory, file);
  return true;
}

}  // namespace automock
