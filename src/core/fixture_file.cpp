#include "core/fixture_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <automock/error.hpp>
#include <cerrno>

#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace automock {

namespace {

// What a file that is not a regular one is, in words.
std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void throw_too_large(const std::filesystem::path& file, std::uint64_t max_bytes) {
  throw FixtureError(file.string(), "",
                     "larger than " + std::to_string(max_bytes) +
                         " bytes, the most a fixture may hold (\"max_fixture_bytes\" in "
                         "automock.json); not read");
}

// Reads `fd` to its end, refusing more than `max_bytes`.
std::string read_capped(int fd, const std::filesystem::path& file, std::uint64_t max_bytes,
                        std::uint64_t expected_size) {
  std::string text;
  text.reserve(expected_size);
  char buffer[65536];
  for (;;) {
    const auto room = std::min<std::uint64_t>(sizeof buffer, max_bytes + 1 - text.size());
    const ssize_t count = ::read(fd, buffer, room);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) throw_io_error(file, "read", errno);
    if (count == 0) return text;
    text.append(buffer, static_cast<size_t>(count));
    if (text.size() > max_bytes) throw_too_large(file, max_bytes);
  }
}

}  // namespace

std::optional<std::string> read_fixture_bytes(const std::filesystem::path& file,
                                              std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO does not wait for a writer. O_NOCTTY: a
  // terminal never becomes ours.
  const UniqueFd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw_io_error(file, "open", errno);
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) throw_io_error(file, "stat", errno);
  if (!S_ISREG(status.st_mode)) {
    throw FixtureError(file.string(), "",
                       "is " + file_kind(status.st_mode) + ", not a regular file; not read");
  }
  const auto size = static_cast<std::uint64_t>(status.st_size);
  if (size > max_bytes) throw_too_large(file, max_bytes);
  return read_capped(fd.get(), file, max_bytes, size);
}

}  // namespace automock
