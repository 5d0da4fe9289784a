#pragma once
// The merged coverage data every reader fills and the gate judges: per file,
// per line execution counts, branches and functions. Reading several reports
// into one Report merges them by summing counts per file and line (test
// shards). Not thread-safe; a Report is filled by one thread, then read.

#include <cstdint>
#include <deque>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace automock::coverage {

// Execution counts saturate at k_max_count instead of wrapping.
using Count = std::uint64_t;
inline constexpr Count k_max_count = std::numeric_limits<Count>::max() - 1;

Count saturating_add(Count a, Count b);

// covered out of total, for one metric of one file, module or report.
struct Totals {
  std::uint64_t covered = 0;
  std::uint64_t total = 0;

  std::uint64_t uncovered() const { return total - covered; }
  // Exact comparison in integers: covered / total >= basis_points / 10000.
  // An empty total meets every floor.
  bool meets(std::uint32_t basis_points) const;
  // The percentage in basis points, truncated (never rounded up): 7142 for
  // 5/7 = 71.428...%. 10000 for an empty total.
  std::uint32_t basis_points() const;
  Totals& operator+=(const Totals& other);
  friend bool operator==(const Totals&, const Totals&) = default;
};

enum class Metric { lines, branches, functions };
inline constexpr Metric k_metrics[] = {Metric::lines, Metric::branches, Metric::functions};
std::string_view to_string(Metric metric);

// Whether exception branches (gcov's arcs for a throw or a call that may
// throw) count. Only readers that know them (lcov 2.x `e` blocks, gcovr JSON
// `throw`) mark them.
enum class ExceptionBranches { include, exclude };

// One branch outcome. Branches are keyed by (line, block, id); `id` is the
// numeric branch id, or an interned string id (lcov 2.x expressions) with
// k_string_branch_id set.
struct BranchHit {
  std::uint32_t line = 0;
  std::uint32_t block = 0;
  std::uint32_t id = 0;
  bool exception = false;  // (before `taken`: keeps the struct at 24 bytes)
  Count taken = 0;
};
inline constexpr std::uint32_t k_string_branch_id = 0x80000000u;

// One function; `name` is interned in the owning Report. Functions with the
// same name in one file are one function (counts summed); template
// instances have distinct (mangled or demangled) names.
struct FunctionHit {
  std::uint32_t name = 0;
  std::uint32_t line = 0;
  Count count = 0;
};

class FileCoverage {
 public:
  void add_line(std::uint32_t line, Count count);
  void add_branch(const BranchHit& branch) { branches_.push_back(branch); }
  void add_function(const FunctionHit& function) { functions_.push_back(function); }

  // The count of an instrumented line, or k_no_line if the line has no data.
  static constexpr Count k_no_line = std::numeric_limits<Count>::max();
  Count line(std::uint32_t number) const;
  // Indexed by line number; k_no_line where there is no data.
  const std::vector<Count>& lines() const { return lines_; }
  // Valid after Report::finalize(): sorted by key, duplicates merged.
  const std::vector<BranchHit>& branches() const { return branches_; }
  const std::vector<FunctionHit>& functions() const { return functions_; }

  Totals line_totals() const;
  Totals branch_totals(ExceptionBranches exceptions) const;
  Totals function_totals() const;
  Totals totals(Metric metric, ExceptionBranches exceptions) const;

  // Sorts branches and functions and merges duplicates (repeated sections).
  void finalize();

 private:
  std::vector<Count> lines_;
  std::vector<BranchHit> branches_;
  std::vector<FunctionHit> functions_;
};

struct FileEntry {
  std::string path;  // normalised, relative to the root when under it
  FileCoverage coverage;
};

// Makes report paths comparable with config globs: `\` becomes `/`, `./` and
// `..` are resolved lexically, and absolute paths under `root` become
// relative to it. Paths outside the root stay absolute.
std::string normalize_path(std::string_view raw, const std::filesystem::path& absolute_root);

class Report {
 public:
  // `root` anchors relative paths (the repository root).
  explicit Report(std::filesystem::path root);
  ~Report();
  Report(Report&&) noexcept;
  Report& operator=(Report&&) noexcept;

  // The coverage of `raw_path` (normalised first), created empty if new.
  FileCoverage& file(std::string_view raw_path);
  bool contains(std::string_view normalised_path) const;

  std::uint32_t intern(std::string_view name);
  std::string_view name(std::uint32_t id) const;

  // A non-fatal problem in an input, "file:line: what".
  void warn(std::string message) { warnings_.push_back(std::move(message)); }
  const std::vector<std::string>& warnings() const { return warnings_; }

  const std::filesystem::path& root() const { return root_; }
  // Merges duplicate branches and functions; call once all reports are read.
  void finalize();
  // Files in insertion order. References stay valid while files are added.
  const std::deque<FileEntry>& files() const { return files_; }

 private:
  struct Index;
  std::filesystem::path root_;
  std::deque<FileEntry> files_;
  std::deque<std::string> names_;
  std::unique_ptr<Index> index_;
  std::vector<std::string> warnings_;
};

}  // namespace automock::coverage
