#include "pipeline/junit.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <cstdio>

#include "core/atomic_file.hpp"
#include "core/text.hpp"

namespace automock::pipeline {

namespace {

constexpr Escape k_xml_entities[] = {
    {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&apos;"}};

// The length of the valid UTF-8 sequence `text` starts with, 0 when none.
std::size_t utf8_sequence_at(std::string_view text) {
  for (std::size_t length = 1; length <= 4 && length <= text.size(); ++length) {
    if (is_valid_utf8(text.substr(0, length))) return length;
  }
  return 0;
}

bool is_forbidden_control(char c) {
  return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

std::string seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

std::string problem(std::string_view element, std::string_view result, const std::string& output) {
  const std::string name{element};
  return "      <" + name + " message=\"" + std::string{result} + "\">" + escape_xml(output) +
         "</" + name + ">\n";
}

std::string testcase(const StageRecord& stage, const std::string& output) {
  const std::string open = "    <testcase classname=\"automock.pipeline\" name=\"" +
                           escape_xml(stage.name) + "\" time=\"" + seconds(stage.duration) + "\"";
  const std::string result{to_string(stage.result)};
  switch (stage.result) {
    case StageResult::passed:
      return open + "/>\n";
    case StageResult::skipped:
      return open + ">\n      <skipped/>\n    </testcase>\n";
    case StageResult::interrupted:
      return open + ">\n" + problem("error", result, output) + "    </testcase>\n";
    case StageResult::failed:
    case StageResult::timed_out:
      return open + ">\n" + problem("failure", result, output) + "    </testcase>\n";
  }
  return open + "/>\n";
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string result;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_at(text.substr(i));
    if (length == 0 || is_forbidden_control(text[i])) {
      result += '?';  // not UTF-8, or a control character XML 1.0 forbids even escaped
    } else if (const auto escaped = escape_of(text[i], k_xml_entities); !escaped.empty()) {
      result += escaped;
    } else {
      result.append(text.substr(i, length));
    }
    i += std::max<std::size_t>(length, 1);
  }
  return result;
}

std::string junit_xml(const RunRecord& record, const std::vector<std::string>& outputs) {
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& stage : record.stages) {
    failures += stage.result == StageResult::failed || stage.result == StageResult::timed_out;
    errors += stage.result == StageResult::interrupted;
    skipped += stage.result == StageResult::skipped;
  }
  const std::string counts = "tests=\"" + std::to_string(record.stages.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                             "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" +
                             seconds(record.duration) + "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites " + counts +
                    ">\n  <testsuite name=\"" + escape_xml(record.pipeline) + "\" " + counts +
                    " timestamp=\"" + format_utc(record.started_at) + "\">\n";
  for (std::size_t i = 0; i < record.stages.size(); ++i) {
    xml += testcase(record.stages[i], i < outputs.size() ? outputs[i] : std::string{});
  }
  return xml + "  </testsuite>\n</testsuites>\n";
}

void write_junit(const std::filesystem::path& file, const RunRecord& record,
                 const std::vector<std::string>& outputs) {
  write_file_atomic(file, junit_xml(record, outputs), WriteMode::replace);
}

}  // namespace automock::pipeline
