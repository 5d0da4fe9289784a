#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "pipeline/runner.hpp"

namespace automock::pipeline {

namespace {

std::atomic<Interrupt*> g_signal_target{nullptr};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};
struct sigaction g_previous_pipe {};

extern "C" void on_stop_signal(int) {
  if (Interrupt* target = g_signal_target.load()) target->request();
}

}  // namespace

Interrupt::Interrupt() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw IoError(std::string{"pipe: "} + std::strerror(errno));
  }
  read_fd_ = fds[0];
  write_fd_ = fds[1];
}

Interrupt::~Interrupt() {
  ::close(read_fd_);
  ::close(write_fd_);
}

void Interrupt::request() noexcept {
  const int saved = errno;
  const char byte = 1;
  // Non-blocking: once a byte is in the pipe, more requests change nothing.
  const ssize_t ignored = ::write(write_fd_, &byte, 1);
  (void)ignored;
  errno = saved;
}

bool Interrupt::requested() const noexcept {
  pollfd fd{read_fd_, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN) != 0;
}

InterruptOnSignals::InterruptOnSignals(Interrupt& interrupt) {
  g_signal_target.store(&interrupt);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &g_previous_int);
  ::sigaction(SIGTERM, &action, &g_previous_term);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &g_previous_pipe);
}

InterruptOnSignals::~InterruptOnSignals() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
  ::sigaction(SIGPIPE, &g_previous_pipe, nullptr);
  g_signal_target.store(nullptr);
}

}  // namespace automock::pipeline
