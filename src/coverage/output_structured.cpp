// JSON and JUnit XML outputs.

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "coverage/judge.hpp"
#include "coverage/output.hpp"
#include "coverage/output_support.hpp"

namespace automock::coverage {

namespace {

using nlohmann::json;

json totals_json(const Totals& totals) {
  json value{{"covered", totals.covered}, {"total", totals.total}};
  // Truncated like the table: a failing figure never reads as passing.
  value["percent"] = totals.total == 0 ? json(nullptr) : json(totals.basis_points() / 100.0);
  return value;
}

json file_json(const FileResult& file) {
  json value{{"path", file.path}};
  for (const Metric metric : k_metrics)
    value[std::string(to_string(metric))] = totals_json(file[metric]);
  return value;
}

json module_json(const ModuleResult& module, std::size_t worst_files) {
  json value{
      {"name", module.name},
      {"verdict", to_string(module.verdict()) == "-" ? "not gated" : to_string(module.verdict())},
      {"files", module.files.size()},
      {"rules", rules_summary(module.rules)},
      {"failures", module.failures},
      {"worst_files", json::array()}};
  for (const Metric metric : k_metrics)
    value[std::string(to_string(metric))] = totals_json(module[metric]);
  if (failed(module)) {
    for (const auto* file : module.worst_files(worst_files))
      value["worst_files"].push_back(file_json(*file));
  }
  return value;
}

void render_json(const GateResult& result, std::size_t worst_files, std::ostream& out) {
  json document{{"passed", result.passed()},
                {"modules", json::array()},
                {"unowned", nullptr},
                {"total", module_json(result.total, worst_files)},
                {"baseline_failures", result.baseline_failures},
                {"notes", result.notes},
                {"warnings", result.warnings}};
  for (const auto& module : result.modules)
    document["modules"].push_back(module_json(module, worst_files));
  if (result.unowned) document["unowned"] = module_json(*result.unowned, worst_files);
  out << document.dump(2) << '\n';
}

// One test case per module (and unowned, total, baseline); a failing module
// is a <failure> whose text lists the reasons and the worst files.
void render_junit(const GateResult& result, std::size_t worst_files, std::ostream& out) {
  pugi::xml_document document;
  auto suites = document.append_child("testsuites");
  auto suite = suites.append_child("testsuite");
  suite.append_attribute("name") = "coverage";
  std::size_t tests = 0, failures = 0;
  const auto add_case = [&](const std::string& name, const std::vector<std::string>& reasons,
                            const std::string& details) {
    ++tests;
    auto test_case = suite.append_child("testcase");
    test_case.append_attribute("classname") = "coverage";
    test_case.append_attribute("name") = name.c_str();
    if (reasons.empty()) return;
    ++failures;
    auto failure = test_case.append_child("failure");
    failure.append_attribute("message") = reasons.front().c_str();
    std::string text;
    for (const auto& reason : reasons) text += reason + "\n";
    failure.text() = (text + details).c_str();
  };
  for (const auto* module : rows(result)) {
    std::string details;
    if (failed(*module)) {
      for (const auto* file : module->worst_files(worst_files)) {
        details += file->path + ": " + std::to_string((*file)[Metric::lines].uncovered()) +
                   " uncovered lines (" + figure((*file)[Metric::lines]) + ")\n";
      }
    }
    add_case(module->name, failed(*module) ? module->failures : std::vector<std::string>{},
             details);
  }
  if (!result.baseline_failures.empty()) add_case("baseline", result.baseline_failures, "");
  if (!result.warnings.empty()) {
    std::string text;
    for (const auto& warning : result.warnings) text += warning + "\n";
    suite.append_child("system-err").text() = text.c_str();
  }
  suite.append_attribute("tests") = tests;
  suite.append_attribute("failures") = failures;
  document.save(out, "  ");
}

}  // namespace

void render_structured(const GateResult& result, OutputFormat format, std::size_t worst_files,
                       std::ostream& out) {
  if (format == OutputFormat::json) return render_json(result, worst_files, out);
  render_junit(result, worst_files, out);
}

}  // namespace automock::coverage
