#include "core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <cerrno>
#include <cstring>

namespace automock {

namespace {

[[noreturn]] void throw_io_error(const std::filesystem::path& file, const char* action, int error) {
  throw IoError(file.string() + ": cannot " + action + ": " + std::strerror(error));
}

}  // namespace

std::string read_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error(file, "open", errno);
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      const int saved = errno;
      ::close(fd);
      throw_io_error(file, "read", saved);
    }
    if (count == 0) break;
    text.append(buffer, static_cast<size_t>(count));
  }
  ::close(fd);
  return text;
}

}  // namespace automock
