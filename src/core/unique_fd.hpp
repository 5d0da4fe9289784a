#pragma once
// Sole ownership of a POSIX file descriptor: closed when the owner goes out
// of scope, moved but never copied. Not thread-safe (like the descriptor it
// owns, one owner uses it at a time).

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace automock {

class UniqueFd {
 public:
  // Takes ownership of `fd`; a negative `fd` (a failed open(2)) owns nothing.
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  // The descriptor, negative when none is owned.
  int get() const { return fd_; }
  // True when a descriptor is owned.
  explicit operator bool() const { return fd_ >= 0; }

  // Closes the descriptor now, ignoring close(2)'s result.
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Closes the descriptor now and returns 0, or the errno close(2) set (NFS
  // reports late write errors there). Owns nothing afterwards.
  int close() {
    const int result = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

}  // namespace automock
