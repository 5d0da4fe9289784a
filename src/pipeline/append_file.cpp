#include "pipeline/append_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <cerrno>
#include <string>

#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace automock::pipeline {

namespace {

// Writes all of `data` with one write(2): O_APPEND makes that write land at
// the end as a whole; the lock covers file systems where it would not. The
// fsync makes the data durable before the run reports its result.
void append_locked(int fd, std::string_view data, const std::filesystem::path& file,
                   std::string_view what) {
  const std::string action = "append " + std::string{what};
  if (::flock(fd, LOCK_EX) != 0) throw_io_error(file, "lock", errno);
  const ssize_t written = ::write(fd, data.data(), data.size());
  const int saved = errno;
  ::flock(fd, LOCK_UN);
  if (written < 0) throw_io_error(file, action, saved);
  if (written != static_cast<ssize_t>(data.size())) {
    throw IoError(file.string() + ": cannot " + action + ": short write");
  }
  if (::fsync(fd) != 0) throw_io_error(file, "fsync", errno);
}

}  // namespace

void append_to_file(const std::filesystem::path& file, std::string_view data,
                    std::string_view what) {
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
  const UniqueFd fd{::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)};
  if (!fd) throw_io_error(file, "open", errno);
  append_locked(fd.get(), data, file, what);
}

}  // namespace automock::pipeline
