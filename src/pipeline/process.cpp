#include "pipeline/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <automock/error.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "core/unique_fd.hpp"
#include "pipeline/process_tree.hpp"
#include "pipeline/runner.hpp"

extern char** environ;

namespace automock::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t k_max_line = 64 * 1024;
constexpr auto k_reap_step = std::chrono::milliseconds{10};
// How long processes get to vanish after SIGKILL.
constexpr auto k_kill_wait = std::chrono::milliseconds{5000};
// Without a pidfd the loop wakes this often to look for the shell's exit.
constexpr int k_fallback_tick_ms = 20;

// Splits a byte stream into lines; a line longer than k_max_line is cut.
class LineSplitter {
 public:
  explicit LineSplitter(const LineSink& sink) : sink_(sink) {}
  void feed(std::string_view data) {
    for (char c : data) {
      if (c == '\n') {
        flush();
      } else {
        buffer_.push_back(c);
        if (buffer_.size() >= k_max_line) flush();
      }
    }
  }
  void finish() {
    if (!buffer_.empty()) flush();
  }

 private:
  void flush() {
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    sink_(buffer_);
    buffer_.clear();
  }
  const LineSink& sink_;
  std::string buffer_;
};

// The environment as "NAME=value" strings, with `overrides` applied.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text{*entry};
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    merged.emplace(std::string{text.substr(0, equals)}, std::string{text.substr(equals + 1)});
  }
  for (const auto& [name, value] : overrides) merged[name] = value;
  std::vector<std::string> result;
  for (const auto& [name, value] : merged) result.push_back(name + "=" + value);
  return result;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

void write_stderr(const char* text) {
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

// In the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void exec_child(const char* cwd, int output_fd, int null_fd, char* const argv[],
                             char* const envp[]) {
  ::setpgid(0, 0);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGQUIT, SIGHUP}) {
    ::sigaction(signal, &default_action, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (cwd != nullptr && ::chdir(cwd) != 0) {
    write_stderr("automock: cannot change to the stage's working directory\n");
    ::_exit(127);
  }
  ::execve("/bin/sh", argv, envp);
  write_stderr("automock: cannot execute /bin/sh\n");
  ::_exit(127);
}

int open_pidfd(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// Every process of one command: its process group and the runner's children
// that started since its shell (the shell, and the command's orphans,
// re-parented to the runner as their subreaper), with all their descendants,
// whatever group or session they moved to.
class StageProcesses {
 public:
  StageProcesses(pid_t group, ProcessStart shell_start)
      : group_(group), shell_start_(shell_start) {}
  // Sends `signal` to each process of the stage, and to those that appear,
  // until none is left (true) or `limit` passes (false).
  bool signal_until_gone(int signal, std::chrono::milliseconds limit) const;

 private:
  std::set<pid_t> reap_and_list() const;

  pid_t group_;
  ProcessStart shell_start_;
};

// Reaps the stage's exited children; the stage's processes left, zombies
// included (those the runner will reap once they are re-parented to it).
std::set<pid_t> StageProcesses::reap_and_list() const {
  while (::waitpid(-group_, nullptr, WNOHANG) > 0) {
  }
  const auto tree = ProcessTree::read();
  const auto children = tree.children_since(::getpid(), shell_start_);
  // Taken before reaping: a reaped child's own children are still its in the
  // tree, not yet re-parented to the runner.
  auto left = tree.with_descendants(children);
  for (pid_t child : children) {
    if (::waitpid(child, nullptr, WNOHANG) == child) left.erase(child);
  }
  return left;
}

bool StageProcesses::signal_until_gone(int signal, std::chrono::milliseconds limit) const {
  const auto deadline = Clock::now() + limit;
  ::kill(-group_, signal);
  std::set<pid_t> signalled;
  while (true) {
    const auto left = reap_and_list();
    const bool group_left = ::kill(-group_, 0) == 0;
    if (left.empty() && !group_left) return true;
    for (pid_t pid : left) {
      if (signalled.insert(pid).second) ::kill(pid, signal);
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(k_reap_step);
  }
}

int status_to_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// Reads what is available; false at end of file.
bool read_available(int fd, LineSplitter& lines) {
  char buffer[16 * 1024];
  while (true) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count > 0) {
      lines.feed({buffer, static_cast<std::size_t>(count)});
    } else if (count == 0) {
      return false;
    } else {
      return errno == EAGAIN || errno == EINTR;
    }
  }
}

class Child {
 public:
  Child(const ProcessSpec& spec, const LineSink& sink, const Interrupt* interrupt);
  ProcessResult wait();

 private:
  int poll_timeout_ms() const;
  ProcessResult stop(ProcessOutcome outcome);
  std::optional<ProcessResult> reap();

  const ProcessSpec& spec_;
  const Interrupt* interrupt_;
  LineSplitter lines_;
  UniqueFd output_;
  UniqueFd pidfd_;
  pid_t pid_ = -1;
  ProcessStart shell_start_;
  std::optional<Clock::time_point> deadline_;
};

Child::Child(const ProcessSpec& spec, const LineSink& sink, const Interrupt* interrupt)
    : spec_(spec), interrupt_(interrupt), lines_(sink) {
  auto env = environment_with(spec.env);
  auto envp = pointers_to(env);
  std::string shell = "sh", flag = "-c", command = spec.command;
  char* argv[] = {shell.data(), flag.data(), command.data(), nullptr};
  const std::string cwd = spec.cwd.string();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw IoError(std::string{"pipe: "} + std::strerror(errno));
  UniqueFd read_end{fds[0]};
  UniqueFd write_end{fds[1]};
  UniqueFd null_fd{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  pid_ = ::fork();
  if (pid_ < 0) throw IoError(std::string{"fork: "} + std::strerror(errno));
  if (pid_ == 0) {
    exec_child(cwd.empty() ? nullptr : cwd.c_str(), write_end.get(), null_fd.get(), argv,
               envp.data());
  }
  ::setpgid(pid_, pid_);  // the child does it too: whichever runs first wins the race
  // Unknown only if /proc cannot be read: then only the group is killed.
  shell_start_ = ProcessTree::start_of(pid_).value_or(ProcessStart{~0ULL, pid_});
  if (spec.timeout) deadline_ = Clock::now() + *spec.timeout;
  ::fcntl(read_end.get(), F_SETFL, O_NONBLOCK);
  output_ = std::move(read_end);
  pidfd_ = UniqueFd{open_pidfd(pid_)};
}

int Child::poll_timeout_ms() const {
  int timeout = pidfd_.get() >= 0 ? -1 : k_fallback_tick_ms;
  if (deadline_) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - Clock::now()).count();
    const int bounded = static_cast<int>(std::clamp<long long>(left, 0, 1'000'000));
    timeout = timeout < 0 ? bounded : std::min(timeout, bounded);
  }
  return timeout;
}

ProcessResult Child::stop(ProcessOutcome outcome) {
  const StageProcesses stage{pid_, shell_start_};
  if (!stage.signal_until_gone(SIGTERM, spec_.kill_grace)) {
    stage.signal_until_gone(SIGKILL, k_kill_wait);
  }
  if (output_.get() >= 0) read_available(output_.get(), lines_);
  lines_.finish();
  return {outcome, 128 + SIGTERM};
}

std::optional<ProcessResult> Child::reap() {
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  // Background children may keep the pipe open: take what is there, not more.
  if (output_.get() >= 0) read_available(output_.get(), lines_);
  lines_.finish();
  return ProcessResult{ProcessOutcome::exited, status_to_code(status)};
}

ProcessResult Child::wait() {
  while (true) {
    pollfd fds[3];
    nfds_t count = 0;
    const int interrupt_fd = interrupt_ != nullptr ? interrupt_->fd() : -1;
    for (int fd : {interrupt_fd, output_.get(), pidfd_.get()}) {
      if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
    }
    const int ready = ::poll(fds, count, poll_timeout_ms());
    if (ready < 0 && errno != EINTR) throw IoError(std::string{"poll: "} + std::strerror(errno));
    if (interrupt_ != nullptr && interrupt_->requested()) return stop(ProcessOutcome::interrupted);
    if (output_.get() >= 0 && !read_available(output_.get(), lines_)) output_.reset();
    if (auto result = reap()) return *result;
    if (deadline_ && Clock::now() >= *deadline_) return stop(ProcessOutcome::timed_out);
  }
}

}  // namespace

ProcessResult run_process(const ProcessSpec& spec, const LineSink& sink,
                          const Interrupt* interrupt) {
  Child child(spec, sink, interrupt);
  return child.wait();
}

}  // namespace automock::pipeline
