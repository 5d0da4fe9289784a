#pragma once
// `automock fixtures rekey`: after match rules (or the canonical form)
// change, recomputes every fixture's key, rewrites its "key" field and
// renames its file, keeping sequence numbers.

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tooling/fixture_prune.hpp"
#include "tooling/fixture_verify.hpp"

namespace automock::tooling {

struct RekeyMove {
  std::filesystem::path from;
  std::filesystem::path to;  // may equal `from` when only the key field was stale
  std::string old_key;
  Exchange exchange;  // with the new key
};

// Several files that would get the same name (requests that the new rules no
// longer tell apart), or a file that would replace one that stays. None of
// them is touched.
struct RekeyCollision {
  std::filesystem::path target;
  std::vector<std::filesystem::path> sources;
};

struct RekeyPlan {
  std::vector<RekeyMove> moves;
  std::vector<RekeyCollision> collisions;
  std::vector<FixtureProblem> unreadable;  // left alone
  size_t unchanged = 0;
};

// Reads every fixture under `root` and plans its new key and name under
// `config`. Touches nothing. Throws InputError when `root` is missing.
RekeyPlan plan_rekey(const std::filesystem::path& root, const Config& config);

// Carries out the moves: each new file is written atomically first, then the
// old files that no move wrote over are removed, so a crash leaves at worst
// a duplicate, never a lost exchange. Throws IoError.
void apply_rekey(const RekeyPlan& plan);

std::string format_rekey(const RekeyPlan& plan, DryRun dry_run);

}  // namespace automock::tooling
