// The sweep's report as text, JSON, JUnit XML and Markdown.

#include <automock/error.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/enum_names.hpp"
#include "pipeline/junit.hpp"
#include "pipeline/sweep.hpp"

namespace automock::pipeline {

namespace {

constexpr EnumNames<SweepFormat, 4> k_format_names{{{SweepFormat::text, "text"},
                                                    {SweepFormat::json, "json"},
                                                    {SweepFormat::junit, "junit"},
                                                    {SweepFormat::markdown, "markdown"}}};

bool fails_the_sweep(const SweepRun& run) {
  return run.verdict == SweepVerdict::hung || run.verdict == SweepVerdict::crashed;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

size_t count_of(const SweepReport& report, SweepVerdict verdict) {
  return static_cast<size_t>(
      std::count_if(report.runs.begin(), report.runs.end(),
                    [verdict](const auto& run) { return run.verdict == verdict; }));
}

std::string summary_line(const SweepReport& report) {
  std::string line = std::to_string(report.runs.size()) + " faulted runs: ";
  const char* separator = "";
  for (const auto verdict :
       {SweepVerdict::failed, SweepVerdict::passed, SweepVerdict::hung, SweepVerdict::crashed}) {
    line += separator + std::to_string(count_of(report, verdict)) + " " +
            std::string{to_string(verdict)};
    separator = ", ";
  }
  return line;
}

std::string result_line(const SweepReport& report) {
  if (report.interrupted) return "sweep: interrupted";
  return report.ok() ? "sweep: passed" : "sweep: failed";
}

std::string text_report(const SweepReport& report) {
  std::string text;
  for (const auto& run : report.runs) {
    char line[64];
    std::snprintf(line, sizeof line, "%-8s %-9s ", std::string{to_string(run.verdict)}.c_str(),
                  std::string{to_string(*run.fault)}.c_str());
    text += line + run.test + "  " + *run.fixture + "  " + seconds_text(run.duration) + " s\n";
    if (fails_the_sweep(run)) text += run.output_tail;
  }
  for (const auto& run : report.failed_baselines) {
    text += "baseline failed (exit " + std::to_string(run.exit_code) + "), not swept: " + run.test +
            "\n" + run.output_tail;
  }
  for (const auto& test : report.without_cassette) text += "no recorded exchange: " + test + "\n";
  return text + summary_line(report) + "\n" + result_line(report) + "\n";
}

nlohmann::ordered_json run_json(const SweepRun& run) {
  nlohmann::ordered_json document{{"test", run.test}};
  if (run.fixture) document["fixture"] = *run.fixture;
  if (run.fault) document["fault"] = to_string(*run.fault);
  document["verdict"] = to_string(run.verdict);
  document["exit_code"] = run.exit_code;
  document["duration_ms"] = run.duration.count();
  return document;
}

std::string json_report(const SweepReport& report) {
  nlohmann::ordered_json document{{"ok", report.ok()}, {"interrupted", report.interrupted}};
  document["runs"] = nlohmann::ordered_json::array();
  for (const auto& run : report.runs) document["runs"].push_back(run_json(run));
  document["failed_baselines"] = nlohmann::ordered_json::array();
  for (const auto& run : report.failed_baselines)
    document["failed_baselines"].push_back(run_json(run));
  document["without_cassette"] = report.without_cassette;
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string junit_case(const SweepRun& run) {
  const std::string name = run.fixture ? *run.fixture + " " + std::string{to_string(*run.fault)}
                                       : std::string{"as recorded"};
  std::string xml = "    <testcase classname=\"" + escape_xml(run.test) + "\" name=\"" +
                    escape_xml(name) + "\" time=\"" + seconds_text(run.duration) + "\">";
  if (!run.fault) {
    xml +=
        "\n      <error message=\"baseline failed\">" + escape_xml(run.output_tail) + "</error>\n";
  } else if (fails_the_sweep(run)) {
    xml += "\n      <failure message=\"" + std::string{to_string(run.verdict)} + "\">" +
           escape_xml(run.output_tail) + "</failure>\n";
  } else {
    xml += "<system-out>" + std::string{to_string(run.verdict)} + "</system-out>";
  }
  return xml + (xml.ends_with('\n') ? "    " : "") + "</testcase>\n";
}

std::string junit_report(const SweepReport& report) {
  const auto failures =
      count_of(report, SweepVerdict::hung) + count_of(report, SweepVerdict::crashed);
  const auto total = report.runs.size() + report.failed_baselines.size();
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
      "  <testsuite name=\"automock sweep\" tests=\"" +
      std::to_string(total) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
      std::to_string(report.failed_baselines.size()) + "\">\n";
  for (const auto& run : report.failed_baselines) xml += junit_case(run);
  for (const auto& run : report.runs) xml += junit_case(run);
  return xml + "  </testsuite>\n</testsuites>\n";
}

// Markdown table cells: '|' and newlines would end the cell.
std::string cell(std::string text) {
  for (char& c : text) {
    if (c == '|' || c == '\n' || c == '\r' || c == '`') c = ' ';
  }
  return text;
}

std::string markdown_report(const SweepReport& report) {
  std::string md = "## automock sweep: " + std::string{report.ok() ? "passed" : "failed"} + "\n\n" +
                   summary_line(report) + ".\n\n| verdict | test | exchange | fault | time |\n" +
                   "|---|---|---|---|--:|\n";
  for (const auto& run : report.runs) {
    const std::string verdict{to_string(run.verdict)};
    md += "| " + (fails_the_sweep(run) ? "**" + verdict + "**" : verdict) + " | `" +
          cell(run.test) + "` | `" + cell(*run.fixture) + "` | " +
          std::string{to_string(*run.fault)} + " | " + seconds_text(run.duration) + " s |\n";
  }
  for (const auto& run : report.failed_baselines) {
    md += "\nBaseline failed (exit " + std::to_string(run.exit_code) + "), not swept: `" +
          cell(run.test) + "`\n";
  }
  return md;
}

}  // namespace

std::optional<SweepFormat> parse_sweep_format(std::string_view name) {
  return value_of(k_format_names, name);
}

std::string format_sweep(const SweepReport& report, SweepFormat format) {
  switch (format) {
    case SweepFormat::json:
      return json_report(report);
    case SweepFormat::junit:
      return junit_report(report);
    case SweepFormat::markdown:
      return markdown_report(report);
    case SweepFormat::text:
      break;
  }
  return text_report(report);
}

}  // namespace automock::pipeline
