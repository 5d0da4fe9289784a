// run_gate(): config, reports, sources, baseline, output.

#include <automock/error.hpp>

#include "coverage/baseline.hpp"
#include "coverage/gate.hpp"
#include "coverage/output.hpp"
#include "coverage/readers.hpp"
#include "coverage/sources.hpp"

namespace automock::coverage {

namespace {

Report read_reports(const GateInvocation& invocation, const GateConfig& config) {
  const auto format = parse_format(invocation.format);
  if (!format)
    throw InputError("--format: expected auto, lcov, gcovr-json or cobertura, got '" +
                     invocation.format + "'");
  if (invocation.reports.empty()) throw InputError("no coverage report given");
  Report report(config.root);
  for (const auto& file : invocation.reports) read_report_file(file, *format, report);
  if (!invocation.sources.empty()) add_missing_sources(report, invocation.sources);
  if (report.files().empty()) throw InputError("no coverage data in the reports");
  report.finalize();
  return report;
}

void apply_baseline(const GateInvocation& invocation, const GateConfig& config,
                    GateResult& result) {
  const std::filesystem::path& file = *invocation.baseline;
  std::optional<Baseline> committed;
  if (std::filesystem::exists(file)) {
    committed = load_baseline(file);
  } else if (!invocation.update_baseline) {
    throw InputError(file.string() + ": no such baseline; create it with --update-baseline");
  }
  if (committed) result.baseline_failures = check_baseline(*committed, result, config.baseline);
  if (!invocation.update_baseline) return;
  Baseline current = baseline_of(result);
  const auto decreases =
      committed ? find_decreases(*committed, current) : std::vector<std::string>{};
  if (!decreases.empty() && !invocation.allow_decrease) {
    for (const auto& decrease : decreases)
      result.baseline_failures.push_back("not updated: " + decrease);
    result.baseline_failures.push_back(
        "the baseline only goes up; pass --allow-decrease REASON to lower it");
    return;
  }
  if (committed) current.decreases = committed->decreases;
  if (!decreases.empty()) current.decreases.push_back({*invocation.allow_decrease, decreases});
  save_baseline(current, file);
  result.baseline_failures.clear();
  result.notes.push_back("baseline written to " + file.string());
}

}  // namespace

GateResult run_gate(const GateInvocation& invocation, std::ostream& out) {
  const auto output = parse_output_format(invocation.output);
  if (!output)
    throw InputError("--output: expected text, json, junit, markdown, github or html, got '" +
                     invocation.output + "'");
  if (invocation.update_baseline && !invocation.baseline)
    throw InputError("--update-baseline needs --baseline FILE");
  if (invocation.allow_decrease && !invocation.update_baseline) {
    throw InputError("--allow-decrease only applies with --update-baseline");
  }
  const GateConfig config = load_gate_config(invocation.config);
  const Report report = read_reports(invocation, config);
  GateResult result = evaluate(config, report);
  if (invocation.baseline) apply_baseline(invocation, config, result);
  if (*output == OutputFormat::html) {
    write_html_report(result, invocation.worst_files, invocation.output_dir);
    render(result, OutputFormat::text, invocation.worst_files, out);
    out << "coverage page: " << (invocation.output_dir / "index.html").string() << '\n';
  } else {
    render(result, *output, invocation.worst_files, out);
  }
  return result;
}

}  // namespace automock::coverage
