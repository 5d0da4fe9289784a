#include "tooling/drift_report.hpp"

#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "coverage/output_escapes.hpp"

namespace automock::tooling {

namespace {

using coverage::OutputFormat;

std::string summary_line(const DriftReport& report) {
  return std::to_string(report.sent) + " exchange(s) of " +
         std::to_string(report.cassettes.size()) + " cassette(s) sent to " + report.upstream +
         ": " + std::to_string(report.drifts.size()) + " drifted, " +
         std::to_string(report.unsent.size()) + " not sent";
}

void render_text(const DriftReport& report, std::ostream& out) {
  for (const auto& drift : report.drifts) {
    out << drift.file.string() << " (" << drift.request << ") in " << drift.test << '\n';
    for (const auto& difference : drift.differences) out << "  " << describe(difference) << '\n';
    out << "  re-record: " << drift.rerecord << '\n';
  }
  for (const auto& unsent : report.unsent) {
    out << "not sent: " << unsent.file.string() << " (" << unsent.request << "): " << unsent.reason
        << '\n';
  }
  out << summary_line(report) << '\n';
}

nlohmann::json drift_json(const Drift& drift) {
  nlohmann::json differences = nlohmann::json::array();
  for (const auto& difference : drift.differences) {
    differences.push_back({{"field", difference.field},
                           {"pointer", difference.pointer},
                           {"recorded", difference.recorded},
                           {"live", difference.live},
                           {"text", describe(difference)}});
  }
  return {{"cassette", drift.cassette.string()},
          {"file", drift.file.string()},
          {"request", drift.request},
          {"test", drift.test},
          {"rerecord", drift.rerecord},
          {"differences", std::move(differences)}};
}

void render_json(const DriftReport& report, std::ostream& out) {
  nlohmann::json document{
      {"upstream", report.upstream},          {"passed", passed(report)},
      {"cassettes", report.cassettes.size()}, {"sent", report.sent},
      {"drifts", nlohmann::json::array()},    {"unsent", nlohmann::json::array()}};
  for (const auto& drift : report.drifts) document["drifts"].push_back(drift_json(drift));
  for (const auto& unsent : report.unsent) {
    document["unsent"].push_back(
        {{"file", unsent.file.string()}, {"request", unsent.request}, {"reason", unsent.reason}});
  }
  out << document.dump(2) << '\n';
}

// One test case per cassette, named after its GoogleTest; its drifts are the failure.
void render_junit(const DriftReport& report, std::ostream& out) {
  pugi::xml_document document;
  auto suite = document.append_child("testsuites").append_child("testsuite");
  suite.append_attribute("name") = "fixtures drift";
  size_t failures = 0;
  for (const auto& cassette : report.cassettes) {
    const auto test = test_of_cassette(cassette);
    auto test_case = suite.append_child("testcase");
    test_case.append_attribute("classname") = "drift";
    test_case.append_attribute("name") = test.c_str();
    std::string text;
    for (const auto& drift : report.drifts) {
      if (drift.cassette != cassette) continue;
      text += drift.file.string() + " (" + drift.request + ")\n";
      for (const auto& difference : drift.differences) text += "  " + describe(difference) + "\n";
      text += "  re-record: " + drift.rerecord + "\n";
    }
    if (text.empty()) continue;
    ++failures;
    auto failure = test_case.append_child("failure");
    failure.append_attribute("message") = ("drift from " + report.upstream).c_str();
    failure.text() = text.c_str();
  }
  suite.append_attribute("tests") = report.cassettes.size();
  suite.append_attribute("failures") = failures;
  document.save(out, "  ");
}

void render_markdown(const DriftReport& report, std::ostream& out) {
  using coverage::markdown_escape;
  out << "| test | fixture | request | difference |\n|---|---|---|---|\n";
  for (const auto& drift : report.drifts) {
    for (const auto& difference : drift.differences) {
      out << "| " << markdown_escape(drift.test) << " | `" << drift.file.filename().string()
          << "` | " << markdown_escape(drift.request) << " | "
          << markdown_escape(describe(difference)) << " |\n";
    }
  }
  for (const auto& drift : report.drifts) out << "\n- re-record: `" << drift.rerecord << "`";
  for (const auto& unsent : report.unsent) {
    out << "\n- not sent: `" << unsent.file.filename().string() << "` ("
        << markdown_escape(unsent.request) << "): " << markdown_escape(unsent.reason);
  }
  out << "\n\n" << markdown_escape(summary_line(report)) << '\n';
}

void render_github(const DriftReport& report, std::ostream& out) {
  using coverage::github_data;
  using coverage::github_property;
  for (const auto& drift : report.drifts) {
    const auto where = "file=" + github_property(drift.file.string()) +
                       ",title=" + github_property("drift: " + drift.test);
    for (const auto& difference : drift.differences) {
      out << "::error " << where << "::"
          << github_data(drift.request + ": " + describe(difference) +
                         " (re-record: " + drift.rerecord + ")")
          << '\n';
    }
  }
  for (const auto& unsent : report.unsent) {
    out << "::warning file=" << github_property(unsent.file.string())
        << ",title=not sent::" << github_data(unsent.request + ": " + unsent.reason) << '\n';
  }
  // The text report prints paths as they are: none may become a workflow command.
  const auto token = coverage::stop_commands_token();
  out << "::stop-commands::" << token << '\n';
  render_text(report, out);
  out << "::" << token << "::\n";
}

}  // namespace

bool passed(const DriftReport& report) {
  return report.drifts.empty();
}

void render_drift(const DriftReport& report, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::text:
      return render_text(report, out);
    case OutputFormat::json:
      return render_json(report, out);
    case OutputFormat::junit:
      return render_junit(report, out);
    case OutputFormat::markdown:
      return render_markdown(report, out);
    case OutputFormat::github:
      return render_github(report, out);
    case OutputFormat::html:
      break;
  }
  throw InputError("a drift report is written as text, json, junit, markdown or github, not html");
}

}  // namespace automock::tooling
