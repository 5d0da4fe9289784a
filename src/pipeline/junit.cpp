#include "pipeline/junit.hpp"

#include <automock/error.hpp>
#include <cstdio>
#include <fstream>

namespace automock::pipeline {

namespace {

std::string escape_xml(std::string_view text) {
  std::string result;
  for (char c : text) {
    switch (c) {
      case '&':
        result += "&amp;";
        break;
      case '<':
        result += "&lt;";
        break;
      case '>':
        result += "&gt;";
        break;
      case '"':
        result += "&quot;";
        break;
      case '\'':
        result += "&apos;";
        break;
      default:
        result += c;
    }
  }
  return result;
}

std::string seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

std::string testcase(const StageRecord& stage) {
  std::string xml = "    <testcase classname=\"automock.pipeline\" name=\"" +
                    escape_xml(stage.name) + "\" time=\"" + seconds(stage.duration) + "\"";
  const std::string result{to_string(stage.result)};
  switch (stage.result) {
    case StageResult::passed:
      return xml + "/>\n";
    case StageResult::skipped:
      return xml + ">\n      <skipped/>\n    </testcase>\n";
    case StageResult::interrupted:
      return xml + ">\n      <error message=\"" + result + "\"/>\n    </testcase>\n";
    case StageResult::failed:
    case StageResult::timed_out:
      return xml + ">\n      <failure message=\"" + result + "\"/>\n    </testcase>\n";
  }
  return xml + "/>\n";
}

}  // namespace

std::string junit_xml(const RunRecord& record) {
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
  for (const auto& stage : record.stages) xml += testcase(stage);
  return xml + "  </testsuite>\n</testsuites>\n";
}

void write_junit(const std::filesystem::path& file, const RunRecord& record) {
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << junit_xml(record);
  out.close();
  if (!out) throw IoError(file.string() + ": cannot write the JUnit report");
}

}  // namespace automock::pipeline
