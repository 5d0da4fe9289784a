#include "core/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <cerrno>
#include <cstring>

#include "core/unique_fd.hpp"

namespace automock {

void throw_io_error(const std::filesystem::path& file, std::string_view action, int error) {
  throw IoError(file.string() + ": cannot " + std::string{action} + ": " + std::strerror(error));
}

std::string read_file(const std::filesystem::path& file) {
  const UniqueFd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) throw_io_error(file, "open", errno);
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) throw_io_error(file, "read", errno);
    if (count == 0) break;
    text.append(buffer, static_cast<size_t>(count));
  }
  return text;
}

}  // namespace automock
