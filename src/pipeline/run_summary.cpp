#include "pipeline/run_summary.hpp"

#include <algorithm>
#include <cstdio>

#include "pipeline/append_file.hpp"

namespace automock::pipeline {

namespace {

constexpr std::string_view k_markdown_specials = "\\`*_[]<>|#~!&";

std::string summary_seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

// A fence longer than any run of backticks in `text` (at least three).
std::string fence_for(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string fenced(std::string_view text) {
  const std::string fence = fence_for(text);
  std::string block = fence + "text\n" + std::string{text};
  if (!block.ends_with('\n')) block += '\n';
  return block + fence + "\n";
}

std::string stage_table(const RunRecord& record) {
  std::string table = "| stage | kind | result | duration |\n|---|---|---|---|\n";
  for (const auto& stage : record.stages) {
    const bool ran = stage.result != StageResult::skipped;
    table += "| " + markdown_escape(stage.name) + " | " + std::string{to_string(stage.kind)} +
             " | " + std::string{to_string(stage.result)} + " | " +
             (ran ? summary_seconds(stage.duration) : "-") + " |\n";
  }
  return table + "| **pipeline** | | **" + std::string{to_string(record.result)} + "** | " +
         summary_seconds(record.duration) + " |\n";
}

// The stages whose output the summary shows: gate stages that ran, and the
// stage that stopped the run.
std::string stage_outputs(const RunRecord& record, const std::vector<std::string>& outputs) {
  std::string text;
  for (std::size_t i = 0; i < record.stages.size(); ++i) {
    const auto& stage = record.stages[i];
    if (stage.result == StageResult::skipped) continue;
    const bool gate = stage.kind == StageKind::coverage;
    if (!gate && stage.result == StageResult::passed) continue;
    const std::string heading = gate ? "Coverage gate" : "Output";
    text += "\n### " + heading + ": " + markdown_escape(stage.name) + " (" +
            std::string{to_string(stage.result)} + ")\n\n";
    text += fenced(i < outputs.size() ? outputs[i] : std::string{});
  }
  return text;
}

std::string target_list(const std::vector<std::string>& targets) {
  std::string list;
  for (const auto& target : targets) list += (list.empty() ? "" : ", ") + markdown_escape(target);
  return list;
}

std::string target_item(std::string_view what, const std::vector<std::string>& targets) {
  return "- " + std::string{what} + " (" + std::to_string(targets.size()) +
         "): " + target_list(targets) + "\n";
}

// Drains and restores are listed only for deploys that have them.
std::string deploys(const RunRecord& record) {
  const bool balanced = !record.drained.empty() || !record.restored.empty();
  if (record.deployed.empty() && record.rolled_back.empty() && !balanced) return "";
  std::string text = "\n### Deploys\n\n";
  if (balanced) text += target_item("drained", record.drained);
  text += target_item("deployed", record.deployed);
  if (balanced) text += target_item("restored", record.restored);
  return text + target_item("rolled back", record.rolled_back);
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      escaped += ' ';
      continue;
    }
    if (k_markdown_specials.find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string markdown_summary(const RunRecord& record, const std::vector<std::string>& outputs) {
  const std::string text = "## automock run " + markdown_escape(record.pipeline) + ": " +
                           std::string{to_string(record.result)} + "\n\n";
  return text + stage_table(record) + stage_outputs(record, outputs) + deploys(record) + "\n";
}

void append_markdown_summary(const std::filesystem::path& file, const RunRecord& record,
                             const std::vector<std::string>& outputs) {
  append_to_file(file, markdown_summary(record, outputs), "the run summary");
}

}  // namespace automock::pipeline
