#pragma once
// Runs a pipeline: stages in order, fail fast, output streamed live with a
// `[stage] ` prefix, a summary table at the end, one history line per run and
// an optional JUnit XML report.

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <vector>

#include "pipeline/history.hpp"
#include "pipeline/pipeline.hpp"

namespace automock::pipeline {

// Lets a signal handler or another thread stop a running pipeline: the
// running stage's processes are killed (SIGTERM, then SIGKILL after the
// grace period; see run_process) and the run is recorded as interrupted. request() is
// async-signal-safe and thread-safe; the object is neither copyable nor movable.
class Interrupt {
 public:
  Interrupt();  // throws IoError when the internal pipe cannot be created
  ~Interrupt();
  Interrupt(const Interrupt&) = delete;
  Interrupt& operator=(const Interrupt&) = delete;

  void request() noexcept;
  bool requested() const noexcept;
  // Readable once requested; for the runner's poll loop.
  int fd() const noexcept { return read_fd_; }

 private:
  int read_fd_ = -1;
  int write_fd_ = -1;
};

// Routes SIGINT and SIGTERM to `interrupt` while alive, and ignores SIGPIPE
// (a closed output must not kill the runner and leave a stage running), then
// restores the previous dispositions. At most one may exist at a time (signal
// dispositions are process-wide).
class InterruptOnSignals {
 public:
  explicit InterruptOnSignals(Interrupt& interrupt);
  ~InterruptOnSignals();
  InterruptOnSignals(const InterruptOnSignals&) = delete;
  InterruptOnSignals& operator=(const InterruptOnSignals&) = delete;
};

struct RunOptions {
  // The automock executable that runs coverage stages (`<exe> coverage ...`).
  std::filesystem::path automock_exe;
  // Where the run's line is appended; nullopt: no history.
  std::optional<std::filesystem::path> history;
  // Where the JUnit XML report is written; nullopt: none.
  std::optional<std::filesystem::path> junit;
  // Files the Markdown summary (run_summary.hpp) is appended to; empty: none.
  std::vector<std::filesystem::path> summaries;
  // Stage output, progress and the summary table; null: std::cout.
  std::ostream* out = nullptr;
  // Stops the run from outside; null: the run cannot be interrupted.
  const Interrupt* interrupt = nullptr;
  // How long a killed stage's processes get between SIGTERM and SIGKILL.
  std::chrono::milliseconds kill_grace{5000};
  // The wall clock for the recorded start time (injectable for tests).
  std::function<std::chrono::system_clock::time_point()> now;
};

// Runs every stage of `pipeline`, stopping at the first that fails, and
// returns what happened (also written to the history, JUnit and summary
// files when asked). Makes the calling process a child subreaper
// (PR_SET_CHILD_SUBREAPER) so that descendants a stage leaves behind can be
// found, killed and reaped when it times out or is interrupted (see
// run_process for which processes count as the stage's).
// Runs in the calling thread; separate runs may share a process. Throws
// InputError before starting anything when a coverage stage has no
// automock_exe, IoError when a process cannot be started or the history,
// JUnit or summary file cannot be written.
RunRecord run_pipeline(const Pipeline& pipeline, const RunOptions& options);

// The git commit checked out in `directory` (git rev-parse HEAD), if any.
std::optional<std::string> git_head(const std::filesystem::path& directory);

}  // namespace automock::pipeline
