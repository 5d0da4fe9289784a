#include "coverage/output_support.hpp"

#include "coverage/judge.hpp"

namespace automock::coverage {

std::string figure(const Totals& totals) {
  if (totals.total == 0) return "-";
  return std::to_string(totals.covered) + "/" + std::to_string(totals.total) + " " +
         format_percent(totals);
}

std::string rules_summary(const Rules& rules) {
  std::string summary;
  const auto add = [&summary](const std::string& part) {
    summary += (summary.empty() ? "" : " ") + part;
  };
  for (const Metric metric : k_metrics) {
    const MetricRule& rule = rules[metric];
    const std::string name(to_string(metric));
    if (rule.min_basis_points) add(name + ">=" + format_percent(*rule.min_basis_points));
    if (rule.max_uncovered) add("uncovered-" + name + "<=" + std::to_string(*rule.max_uncovered));
    if (rule.file_min_basis_points)
      add("file-" + name + ">=" + format_percent(*rule.file_min_basis_points));
    if (rule.min_total) add(name + "-total>=" + std::to_string(*rule.min_total));
  }
  if (rules.exception_branches == ExceptionBranches::exclude) add("(no exception branches)");
  return summary.empty() ? "-" : summary;
}

std::vector<const ModuleResult*> rows(const GateResult& result) {
  std::vector<const ModuleResult*> all;
  for (const auto& module : result.modules) all.push_back(&module);
  if (result.unowned) all.push_back(&*result.unowned);
  all.push_back(&result.total);
  return all;
}

bool failed(const ModuleResult& module) {
  return module.verdict() == Verdict::fail || module.verdict() == Verdict::vanished;
}

std::vector<const ModuleResult*> failing(const GateResult& result) {
  std::vector<const ModuleResult*> modules;
  for (const auto* module : rows(result)) {
    if (failed(*module)) modules.push_back(module);
  }
  return modules;
}

}  // namespace automock::coverage
