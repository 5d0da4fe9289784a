#include "coverage/gate.hpp"

#include <algorithm>

#include "core/enum_names.hpp"
#include "coverage/glob.hpp"
#include "coverage/judge.hpp"

namespace automock::coverage {

std::string_view to_string(Verdict verdict) {
  static constexpr EnumNames<Verdict, 4> k_verdict_names{{{Verdict::pass, "pass"},
                                                          {Verdict::fail, "FAIL"},
                                                          {Verdict::vanished, "VANISHED"},
                                                          {Verdict::not_gated, "-"}}};
  return name_of(k_verdict_names, verdict);
}

Verdict ModuleResult::verdict() const {
  if (vanished) return Verdict::vanished;
  if (!failures.empty()) return Verdict::fail;
  return rules.gated() ? Verdict::pass : Verdict::not_gated;
}

std::vector<const FileResult*> ModuleResult::worst_files(std::size_t limit) const {
  std::vector<const FileResult*> worst;
  for (const auto& file : files) {
    if (file[Metric::lines].uncovered() > 0) worst.push_back(&file);
  }
  const auto by_uncovered = [](const FileResult* a, const FileResult* b) {
    const auto ua = (*a)[Metric::lines].uncovered(), ub = (*b)[Metric::lines].uncovered();
    return ua != ub ? ua > ub : a->path < b->path;
  };
  const auto keep = std::min(limit, worst.size());
  std::partial_sort(worst.begin(), worst.begin() + static_cast<std::ptrdiff_t>(keep), worst.end(),
                    by_uncovered);
  worst.resize(keep);
  return worst;
}

bool GateResult::passed() const {
  const auto ok = [](const ModuleResult& module) {
    return module.verdict() != Verdict::fail && module.verdict() != Verdict::vanished;
  };
  return std::all_of(modules.begin(), modules.end(), ok) && (!unowned || ok(*unowned)) &&
         ok(total) && baseline_failures.empty();
}

namespace {

struct CompiledModule {
  std::vector<Glob> globs;
};

FileResult file_result(const FileEntry& entry, ExceptionBranches exceptions) {
  FileResult result{entry.path, {}};
  for (const Metric metric : k_metrics) {
    result.totals[static_cast<int>(metric)] = entry.coverage.totals(metric, exceptions);
  }
  return result;
}

ModuleResult empty_module(std::string name, const Rules& rules) {
  ModuleResult module;
  module.name = std::move(name);
  module.rules = rules;
  return module;
}

void add_file(ModuleResult& module, const FileEntry& entry) {
  module.files.push_back(file_result(entry, module.rules.exception_branches));
  for (int i = 0; i < 3; ++i) module.totals[i] += module.files.back().totals[i];
}

std::optional<std::size_t> owner(const std::vector<CompiledModule>& modules,
                                 std::string_view path) {
  const auto segments = Glob::split(path);
  for (std::size_t i = 0; i < modules.size(); ++i) {
    for (const auto& glob : modules[i].globs) {
      if (glob.matches(segments)) return i;
    }
  }
  return std::nullopt;
}

void sort_files(ModuleResult& module) {
  std::sort(module.files.begin(), module.files.end(),
            [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
}

}  // namespace

GateResult evaluate(const GateConfig& config, const Report& report) {
  std::vector<CompiledModule> compiled;
  GateResult result;
  for (const auto& module : config.modules) {
    CompiledModule globs;
    for (const auto& pattern : module.paths) globs.globs.emplace_back(pattern);
    compiled.push_back(std::move(globs));
    result.modules.push_back(empty_module(module.name, module.rules));
  }
  ModuleResult unowned = empty_module("(unowned)", config.unowned.rules);
  result.total = empty_module("total", config.total);
  for (const auto& entry : report.files()) {
    const auto index = owner(compiled, entry.path);
    add_file(index ? result.modules[*index] : unowned, entry);
    add_file(result.total, entry);
  }
  for (auto& module : result.modules) {
    sort_files(module);
    module.vanished = module.files.empty();
    judge(module);
  }
  sort_files(result.total);
  judge(result.total);
  if (!unowned.files.empty() && config.unowned.policy != UnownedPolicy::ignore) {
    sort_files(unowned);
    judge(unowned);
    if (config.unowned.policy == UnownedPolicy::fail) {
      unowned.failures.insert(unowned.failures.begin(),
                              std::to_string(unowned.files.size()) +
                                  " files belong to no module (unowned policy: fail)");
    }
    result.unowned = std::move(unowned);
  }
  result.warnings = report.warnings();
  return result;
}

}  // namespace automock::coverage
