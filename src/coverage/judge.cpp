#include "coverage/judge.hpp"

namespace automock::coverage {

namespace {

constexpr std::size_t k_max_listed_files = 10;

void judge_files(ModuleResult& module, Metric metric, std::uint32_t floor) {
  std::size_t below = 0;
  for (const auto& file : module.files) {
    const Totals& totals = file[metric];
    if (totals.meets(floor)) continue;
    if (++below <= k_max_listed_files) {
      module.failures.push_back("file " + file.path + ": " + std::string(to_string(metric)) + " " +
                                format_percent(totals) + " (" + std::to_string(totals.covered) +
                                "/" + std::to_string(totals.total) + ") < " +
                                format_percent(floor));
    }
  }
  if (below > k_max_listed_files) {
    module.failures.push_back(std::to_string(below - k_max_listed_files) + " more files below " +
                              format_percent(floor) + " " + std::string(to_string(metric)));
  }
}

void judge_metric(ModuleResult& module, Metric metric) {
  const MetricRule& rule = module.rules[metric];
  const Totals& totals = module[metric];
  const std::string name(to_string(metric));
  if (rule.min_basis_points && !totals.meets(*rule.min_basis_points)) {
    module.failures.push_back(name + " " + format_percent(totals) + " (" +
                              std::to_string(totals.covered) + "/" + std::to_string(totals.total) +
                              ") < " + format_percent(*rule.min_basis_points));
  }
  if (rule.max_uncovered && totals.uncovered() > *rule.max_uncovered) {
    module.failures.push_back(std::to_string(totals.uncovered()) + " uncovered " + name + " > " +
                              std::to_string(*rule.max_uncovered) + " allowed");
  }
  if (rule.min_total && totals.total < *rule.min_total) {
    module.failures.push_back(name + " total " + std::to_string(totals.total) + " < " +
                              std::to_string(*rule.min_total) + " expected");
  }
  if (rule.file_min_basis_points) judge_files(module, metric, *rule.file_min_basis_points);
}

}  // namespace

std::string format_percent(std::uint32_t basis_points) {
  std::string fraction = std::to_string(basis_points % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return std::to_string(basis_points / 100) + "." + fraction + "%";
}

std::string format_percent(const Totals& totals) {
  return totals.total == 0 ? "-" : format_percent(totals.basis_points());
}

void judge(ModuleResult& module) {
  if (module.vanished) {
    module.failures.push_back("no file of this module is in the report (vanished)");
    return;
  }
  for (const Metric metric : k_metrics) judge_metric(module, metric);
}

}  // namespace automock::coverage
