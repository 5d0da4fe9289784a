#pragma once
// The run history: one JSON line per pipeline run, appended to a file
// (.automock/history.jsonl by default). docs/pipeline.md specifies the format.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::pipeline {

// Where `automock run` appends and `automock stats` reads by default.
inline constexpr std::string_view k_default_history = ".automock/history.jsonl";

enum class StageKind { run, coverage, deploy, contract };
enum class StageResult { passed, failed, timed_out, interrupted, skipped };
enum class RunResult { passed, failed, interrupted };

std::string_view to_string(StageKind kind);
std::string_view to_string(StageResult result);
std::string_view to_string(RunResult result);

struct StageRecord {
  std::string name;
  StageKind kind = StageKind::run;
  StageResult result = StageResult::skipped;
  std::chrono::milliseconds duration{0};
};

struct RunRecord {
  std::chrono::system_clock::time_point started_at;
  std::optional<std::string> commit;
  // The commit's commit time (git %ct), recorded at run time for lead time;
  // absent in lines written before it was recorded and when git has no answer.
  std::optional<std::chrono::system_clock::time_point> committed_at;
  std::string pipeline;  // the pipeline file as given
  RunResult result = RunResult::passed;
  std::chrono::milliseconds duration{0};
  std::vector<StageRecord> stages;
  std::vector<std::string> deployed;     // in deploy order
  std::vector<std::string> rolled_back;  // in rollback order (newest first)
  // Drain and restore commands that passed, in the order they ran (a target
  // drained for its deploy and again for its rollback is listed twice).
  // Lines written before drain/restore existed lack them and read as empty.
  std::vector<std::string> drained;
  std::vector<std::string> restored;

  // True when a deploy stage started (its result is not `skipped`).
  bool deploy_started() const;
  // A run that started a deploy and did not pass, or rolled something back.
  bool failed_change() const;
};

// One line of JSON, without the trailing newline.
std::string to_json_line(const RunRecord& record);
// Parses one line; throws InputError naming `where` (file:line) when invalid.
RunRecord parse_history_line(std::string_view line, std::string_view where);

// Appends `record` as one line with a single write(2) on an O_APPEND
// descriptor held under flock(LOCK_EX), so concurrent runs (threads or
// processes) never interleave. Creates the parent directories. Throws IoError.
void append_history(const std::filesystem::path& file, const RunRecord& record);

// All records, in file order; a missing file is an empty history. Throws
// InputError (file:line) for a line that does not parse, IoError when unreadable.
std::vector<RunRecord> read_history(const std::filesystem::path& file);

// ISO 8601 UTC with seconds, e.g. 2026-11-26T10:44:15Z; parsing also accepts
// a fractional part. parse_utc returns nullopt for anything else.
std::string format_utc(std::chrono::system_clock::time_point time);
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

}  // namespace automock::pipeline
