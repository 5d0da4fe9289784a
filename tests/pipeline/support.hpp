#pragma once
// Helpers for the pipeline tests: the tests' temp directory and small file
// and process helpers.

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace automock::test {

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Waits until `path` exists and holds a full line (a pid file written by a
// stage); false after `limit`.
inline bool wait_for_line(const std::filesystem::path& path,
                          std::chrono::milliseconds limit = std::chrono::seconds{10}) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto text = read_file(path);
    if (!text.empty() && text.back() == '\n') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return false;
}

// True when `pid` no longer runs: gone, or a zombie nobody reaped yet (the
// container's init may not reap orphans). When it still runs, it is killed,
// so that a failing test leaves nothing running.
inline bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  const auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto close_paren = stat.rfind(')');
  if (close_paren != std::string::npos && close_paren + 2 < stat.size() &&
      stat[close_paren + 2] == 'Z') {
    return true;
  }
  ::kill(pid, SIGKILL);
  return false;
}

// True when `pid` is gone and reaped (kill says ESRCH). When it still runs,
// it is killed, as by process_gone().
inline bool process_reaped(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  ::kill(pid, SIGKILL);
  return false;
}

inline pid_t read_pid(const std::filesystem::path& path) {
  return static_cast<pid_t>(std::stol(read_file(path)));
}

}  // namespace automock::test
