#pragma once
// What every command of one stage shares: environment, directory, limits,
// the interrupt and where its prefixed output goes.

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "pipeline/process.hpp"
#include "pipeline/runner.hpp"

namespace automock::pipeline {

// The last lines a stage printed, for the JUnit report of a failed stage.
class OutputTail {
 public:
  static constexpr std::size_t k_max_lines = 100;
  void add(std::string_view line);
  // The kept lines, each followed by a newline.
  std::string text() const;

 private:
  std::deque<std::string> lines_;
};

struct StageContext {
  std::string name;
  std::map<std::string, std::string> env;  // AUTOMOCK_MODE already decided
  std::filesystem::path cwd;
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds kill_grace{0};
  const Interrupt* interrupt = nullptr;
  std::ostream* out = nullptr;
  OutputTail* tail = nullptr;  // keeps the stage's last lines for reports; may be null

  // Runs `command` with the stage's settings plus `extra_env`, its output
  // streamed as "[name] line". `timeout` overrides the stage's limit.
  ProcessResult run(const std::string& command,
                    const std::map<std::string, std::string>& extra_env = {},
                    std::optional<std::chrono::milliseconds> timeout = std::nullopt) const;
  // Prints "[name] message".
  void say(std::string_view message) const;
  bool interrupted() const { return interrupt != nullptr && interrupt->requested(); }
  // Waits `delay` or until interrupted; false when interrupted.
  bool pause(std::chrono::milliseconds delay) const;
};

StageResult to_stage_result(const ProcessResult& result);

// Rounded to milliseconds; limits above k_max_limit_seconds (about three
// years, no limit in practice) are clamped so that the conversion and a
// deadline of now + limit stay in range.
inline constexpr double k_max_limit_seconds = 1e8;
std::chrono::milliseconds seconds_to_ms(double seconds);

// `text` as one /bin/sh word: in single quotes, each ' written as '\''.
std::string shell_quote(std::string_view text);

// How a target is written in place of {target}.
enum class TargetAs {
  shell_word,  // shell_quote()d: in commands, so no target can inject one
  verbatim,    // as it is: in a health URL
};

// Every occurrence of {target} replaced by `target`, written as `as` says.
std::string substitute_target(std::string_view text, std::string_view target, TargetAs as);

}  // namespace automock::pipeline
