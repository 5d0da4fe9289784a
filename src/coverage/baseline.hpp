#pragma once
// The committed baseline: per module covered lines, line total, file count
// and covered files. The gate fails when a module shrinks beyond the
// tolerance or a covered file disappears (a test binary no longer built).
// Updating it is a ratchet: it only ever raises, unless a decrease is
// allowed with a reason, which is recorded in the file.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coverage/config.hpp"
#include "coverage/gate.hpp"

namespace automock::coverage {

struct ModuleBaseline {
  std::uint64_t files = 0;
  std::uint64_t lines_covered = 0;
  std::uint64_t lines_total = 0;
  std::vector<std::string> covered_files;  // sorted
  friend bool operator==(const ModuleBaseline&, const ModuleBaseline&) = default;
};

// An allowed decrease: why, and what went down.
struct BaselineDecrease {
  std::string reason;
  std::vector<std::string> changes;
  friend bool operator==(const BaselineDecrease&, const BaselineDecrease&) = default;
};

struct Baseline {
  std::map<std::string, ModuleBaseline> modules;
  std::vector<BaselineDecrease> decreases;  // history, oldest first
  friend bool operator==(const Baseline&, const Baseline&) = default;
};

// The configured modules' current figures (history left empty).
Baseline baseline_of(const GateResult& result);

// Why the current result falls short of the committed baseline: a module's
// file count or line total shrank by more than the tolerance, or a file
// that was covered is not in the report any more. Empty when it does not.
std::vector<std::string> check_baseline(const Baseline& committed, const GateResult& current,
                                        const BaselineConfig& config);

// What went down from `committed` to `current`: a module's coverage ratio,
// file count or line total, a covered file no longer covered, a module
// gone. Empty when updating is a pure raise.
std::vector<std::string> find_decreases(const Baseline& committed, const Baseline& current);

// Throws IoError naming the file if unreadable, ConfigError (naming the JSON
// pointer) if invalid.
Baseline load_baseline(const std::filesystem::path& file);
// Throws IoError if the file cannot be written.
void save_baseline(const Baseline& baseline, const std::filesystem::path& file);

}  // namespace automock::coverage
