#pragma once
// `automock fixtures prune`: removes the fixture files a usage record
// (written by `automock serve --usage`) lists as never played.

#include <filesystem>
#include <string>
#include <vector>

#include "tooling/usage_record.hpp"

namespace automock::tooling {

enum class DryRun { no, yes };
// Force::yes prunes with a usage record older than a fixture of the cassette.
enum class Force { no, yes };

struct PruneResult {
  std::vector<std::filesystem::path> removed;  // or, in a dry run, that would be
  std::vector<std::filesystem::path> missing;  // listed as unused but already gone
};

// Removes `cassette`/<name> for every unused name of `usage`. Throws
// InputError, removing nothing, when `cassette` is missing, when the record is
// for another existing directory, when a name is not a plain fixture file
// name, or (unless Force::yes) when the record says when it was written and a
// fixture of the cassette was modified after that: the record may list as
// unused what was recorded again since.
PruneResult prune_fixtures(const std::filesystem::path& cassette, const UsageRecord& usage,
                           DryRun dry_run, Force force = Force::no);

std::string format_prune(const PruneResult& result, DryRun dry_run);

}  // namespace automock::tooling
