#include "pipeline/stage_context.hpp"

#include <poll.h>

#include <algorithm>
#include <thread>

namespace automock::pipeline {

ProcessResult StageContext::run(const std::string& command,
                                const std::map<std::string, std::string>& extra_env,
                                std::optional<std::chrono::milliseconds> limit) const {
  ProcessSpec spec{command, env, cwd, limit.value_or(timeout), kill_grace};
  for (const auto& [key, value] : extra_env) spec.env[key] = value;
  return run_process(
      spec, [this](std::string_view line) { say(line); }, interrupt);
}

void StageContext::say(std::string_view message) const {
  *out << '[' << name << "] " << message << std::endl;
  if (tail != nullptr) tail->add(message);
}

void OutputTail::add(std::string_view line) {
  if (lines_.size() == k_max_lines) lines_.pop_front();
  lines_.emplace_back(line);
}

std::string OutputTail::text() const {
  std::string text;
  for (const auto& line : lines_) text.append(line).push_back('\n');
  return text;
}

bool StageContext::pause(std::chrono::milliseconds delay) const {
  if (interrupt == nullptr) {
    std::this_thread::sleep_for(delay);
    return true;
  }
  pollfd fd{interrupt->fd(), POLLIN, 0};
  ::poll(&fd, 1, static_cast<int>(delay.count()));
  return !interrupt->requested();
}

StageResult to_stage_result(const ProcessResult& result) {
  switch (result.outcome) {
    case ProcessOutcome::exited:
      return result.exit_code == 0 ? StageResult::passed : StageResult::failed;
    case ProcessOutcome::timed_out:
      return StageResult::timed_out;
    case ProcessOutcome::interrupted:
      return StageResult::interrupted;
  }
  return StageResult::failed;
}

std::chrono::milliseconds seconds_to_ms(double seconds) {
  const double clamped = std::min(seconds, k_max_limit_seconds);
  return std::chrono::milliseconds{static_cast<long long>(clamped * 1000.0 + 0.5)};
}

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string{"'\\''"} : std::string{c};
  return quoted + "'";
}

std::string substitute_target(std::string_view text, std::string_view raw_target, TargetAs as) {
  constexpr std::string_view k_placeholder = "{target}";
  const std::string target =
      as == TargetAs::shell_word ? shell_quote(raw_target) : std::string{raw_target};
  std::string result;
  std::size_t from = 0;
  for (auto at = text.find(k_placeholder); at != std::string_view::npos;
       at = text.find(k_placeholder, from)) {
    result.append(text.substr(from, at - from)).append(target);
    from = at + k_placeholder.size();
  }
  return result.append(text.substr(from));
}

}  // namespace automock::pipeline
