#pragma once
// A child process for end-to-end tests: started with posix_spawn, its stdout
// read line by line through a pipe, its stderr kept in a file. The destructor
// kills and reaps a child that is still running, so no test leaves one behind.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace automock::test {

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts `argv[0]` with the current environment plus `env` (a value of
  // nullopt removes the variable). stderr goes to `stderr_file`.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& stderr_file,
               const std::map<std::string, std::optional<std::string>>& env = {})
      : stderr_file_(stderr_file) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const auto environment = merged_environment(env);
    std::vector<char*> envp;
    for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    const int status = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
    if (status != 0) {
      ::close(out_);
      throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(status));
    }
  }

  ~ChildProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next line of stdout (without '\n'), or nullopt at end of output or
  // after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds{
                                           10}) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      const auto end = pending_.find('\n');
      if (end != std::string::npos) {
        std::string line = pending_.substr(0, end);
        pending_.erase(0, end + 1);
        return line;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || !read_some(left)) return std::nullopt;
    }
  }

  // Lines until one contains `text`; that line, or nullopt.
  std::optional<std::string> read_line_containing(
      const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    while (auto line = read_line(timeout)) {
      if (line->find(text) != std::string::npos) return line;
    }
    return std::nullopt;
  }

  // Everything left on stdout until the child closes it.
  std::string read_rest(std::chrono::milliseconds timeout = std::chrono::seconds{20}) {
    std::string rest;
    while (auto line = read_line(timeout)) rest += *line + "\n";
    return rest + pending_;
  }

  void send_signal(int signal) { ::kill(pid_, signal); }

  // Waits for the child to exit; its exit code, or 128 + signal.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string stderr_text() const {
    std::ifstream in{stderr_file_};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The port of the first "http://127.0.0.1:PORT" or "127.0.0.1:PORT" in `line`.
  static int port_in(const std::string& line) {
    const auto at = line.find("127.0.0.1:");
    if (at == std::string::npos) return 0;
    return std::stoi(line.substr(at + 10));
  }

 private:
  static std::vector<std::string> merged_environment(
      const std::map<std::string, std::optional<std::string>>& env) {
    std::vector<std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      if (!env.contains(text.substr(0, text.find('=')))) merged.push_back(text);
    }
    for (const auto& [name, value] : env) {
      if (value) merged.push_back(name + "=" + *value);
    }
    return merged;
  }

  bool read_some(std::chrono::milliseconds timeout) {
    pollfd ready{out_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    const auto received = ::read(out_, buffer, sizeof buffer);
    if (received <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(received));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  std::filesystem::path stderr_file_;
  std::string pending_;
};

}  // namespace automock::test
