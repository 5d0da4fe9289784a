#pragma once
// Runs a shell command for the end-to-end tests: exit code and output.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace automock::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // standard output and standard error
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  for (size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    result.output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The built `automock` binary.
inline const std::string k_automock = AUTOMOCK_BINARY_DIR "/src/cli/automock";

// Runs the built `automock` with `arguments` (shell words) as CI does (CI=true).
inline CommandResult automock(const std::string& arguments) {
  return run_command("CI=true " + k_automock + " " + arguments);
}

// `text` in single quotes for /bin/sh.
inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  return quoted + "'";
}

// `path` as one single-quoted /bin/sh word.
inline std::string quoted(const std::filesystem::path& path) {
  return shell_quote(path.string());
}

}  // namespace automock::test
