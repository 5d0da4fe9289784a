#include "coverage/report.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "core/enum_names.hpp"

namespace automock::coverage {

namespace {
// Products of a count and 10000 need more than 64 bits in the worst case.
__extension__ typedef unsigned __int128 Wide;
}  // namespace

Count saturating_add(Count a, Count b) {
  return b > k_max_count - std::min(a, k_max_count) ? k_max_count : a + b;
}

bool Totals::meets(std::uint32_t basis_points) const {
  // Integers only: a percentage is never rounded before it is compared.
  return static_cast<Wide>(covered) * 10000 >= static_cast<Wide>(basis_points) * total;
}

std::uint32_t Totals::basis_points() const {
  if (total == 0) return 10000;
  return static_cast<std::uint32_t>(static_cast<Wide>(covered) * 10000 / total);
}

Totals& Totals::operator+=(const Totals& other) {
  covered += other.covered;
  total += other.total;
  return *this;
}

std::string_view to_string(Metric metric) {
  static constexpr EnumNames<Metric, 3> k_metric_names{
      {{Metric::lines, "lines"}, {Metric::branches, "branches"}, {Metric::functions, "functions"}}};
  return name_of(k_metric_names, metric);
}

void FileCoverage::add_line(std::uint32_t line, Count count) {
  if (line >= lines_.size())
    lines_.resize(std::max<std::size_t>(line + 1, lines_.size() * 2), k_no_line);
  Count& slot = lines_[line];
  slot = slot == k_no_line ? std::min(count, k_max_count) : saturating_add(slot, count);
}

Count FileCoverage::line(std::uint32_t number) const {
  return number < lines_.size() ? lines_[number] : k_no_line;
}

Totals FileCoverage::line_totals() const {
  Totals totals;
  for (Count count : lines_) {
    if (count == k_no_line) continue;
    ++totals.total;
    if (count > 0) ++totals.covered;
  }
  return totals;
}

Totals FileCoverage::branch_totals(ExceptionBranches exceptions) const {
  Totals totals;
  for (const auto& branch : branches_) {
    if (branch.exception && exceptions == ExceptionBranches::exclude) continue;
    ++totals.total;
    if (branch.taken > 0) ++totals.covered;
  }
  return totals;
}

Totals FileCoverage::function_totals() const {
  Totals totals;
  for (const auto& function : functions_) {
    ++totals.total;
    if (function.count > 0) ++totals.covered;
  }
  return totals;
}

Totals FileCoverage::totals(Metric metric, ExceptionBranches exceptions) const {
  switch (metric) {
    case Metric::lines:
      return line_totals();
    case Metric::branches:
      return branch_totals(exceptions);
    case Metric::functions:
      return function_totals();
  }
  return {};
}

namespace {

auto branch_key(const BranchHit& branch) {
  return std::tie(branch.line, branch.block, branch.id);
}

void merge_branches(std::vector<BranchHit>& branches) {
  std::sort(branches.begin(), branches.end(),
            [](const BranchHit& a, const BranchHit& b) { return branch_key(a) < branch_key(b); });
  std::size_t out = 0;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    if (out > 0 && branch_key(branches[out - 1]) == branch_key(branches[i])) {
      branches[out - 1].taken = saturating_add(branches[out - 1].taken, branches[i].taken);
      branches[out - 1].exception = branches[out - 1].exception || branches[i].exception;
    } else {
      branches[out++] = branches[i];
    }
  }
  branches.resize(out);
}

void merge_functions(std::vector<FunctionHit>& functions) {
  std::sort(functions.begin(), functions.end(),
            [](const FunctionHit& a, const FunctionHit& b) { return a.name < b.name; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < functions.size(); ++i) {
    if (out > 0 && functions[out - 1].name == functions[i].name) {
      functions[out - 1].count = saturating_add(functions[out - 1].count, functions[i].count);
      functions[out - 1].line = std::min(functions[out - 1].line, functions[i].line);
    } else {
      functions[out++] = functions[i];
    }
  }
  functions.resize(out);
}

}  // namespace

void FileCoverage::finalize() {
  merge_branches(branches_);
  merge_functions(functions_);
  // Exact sizes: with tens of thousands of files, growth slack is most of the memory.
  lines_.shrink_to_fit();
  branches_.shrink_to_fit();
  functions_.shrink_to_fit();
}

struct Report::Index {
  std::unordered_map<std::string_view, std::size_t> files;
  std::unordered_map<std::string_view, std::uint32_t> names;
};

Report::Report(std::filesystem::path root)
    : root_(std::filesystem::absolute(root).lexically_normal()),
      index_(std::make_unique<Index>()) {}
Report::~Report() = default;
Report::Report(Report&&) noexcept = default;
Report& Report::operator=(Report&&) noexcept = default;

FileCoverage& Report::file(std::string_view raw_path) {
  std::string path = normalize_path(raw_path, root_);
  if (auto found = index_->files.find(path); found != index_->files.end()) {
    return files_[found->second].coverage;
  }
  files_.push_back(FileEntry{std::move(path), {}});
  index_->files.emplace(files_.back().path, files_.size() - 1);
  return files_.back().coverage;
}

bool Report::contains(std::string_view normalised_path) const {
  return index_->files.contains(normalised_path);
}

std::uint32_t Report::intern(std::string_view name) {
  if (auto found = index_->names.find(name); found != index_->names.end()) return found->second;
  names_.emplace_back(name);
  const auto id = static_cast<std::uint32_t>(names_.size() - 1);
  index_->names.emplace(names_.back(), id);
  return id;
}

std::string_view Report::name(std::uint32_t id) const {
  return names_.at(id);
}

void Report::finalize() {
  for (auto& entry : files_) entry.coverage.finalize();
}

}  // namespace automock::coverage
