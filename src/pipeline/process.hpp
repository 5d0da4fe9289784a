#pragma once
// Starting one shell command in its own process group, streaming its output
// line by line, and killing all its processes on timeout or interruption.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace automock::pipeline {

class Interrupt;

struct ProcessSpec {
  std::string command;                     // run as /bin/sh -c command
  std::map<std::string, std::string> env;  // set on top of the runner's environment
  std::filesystem::path cwd;               // empty: the runner's
  std::optional<std::chrono::milliseconds> timeout;
  std::chrono::milliseconds kill_grace{5000};
};

enum class ProcessOutcome { exited, timed_out, interrupted };

struct ProcessResult {
  ProcessOutcome outcome = ProcessOutcome::exited;
  int exit_code = 0;  // the shell's status; 128 + signal when killed by one
  bool ok() const { return outcome == ProcessOutcome::exited && exit_code == 0; }
};

// Called with each line of the command's stdout and stderr (no newline).
using LineSink = std::function<void(std::string_view line)>;

// Runs `spec` to completion, or until its timeout or `interrupt` (may be
// null), in which case every process of the command gets SIGTERM, then SIGKILL
// after kill_grace, and is reaped: its process group and the descendants that
// left it (setsid, double fork). Those are found as the caller's children that
// started since the command's shell (the caller is made a child subreaper, so
// orphans are re-parented to it) and their descendants; so a process that
// another thread of the caller starts while the command runs is killed too.
// A command that exits by itself may leave background children running.
// Output they write after the shell exits is not waited for. Throws IoError
// when the process cannot be started.
ProcessResult run_process(const ProcessSpec& spec, const LineSink& sink,
                          const Interrupt* interrupt);

}  // namespace automock::pipeline
