#include "tooling/fixture_rekey.hpp"

#include <automock/error.hpp>
#include <automock/match.hpp>
#include <map>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;

// Files whose names stay taken: unchanged, unreadable or held back.
using Occupied = std::set<fs::path>;

// Holds back every move that shares its target with another or would write
// over a file that stays, until none is left; holding one back can make its
// name taken for another, hence the loop.
void hold_back_collisions(RekeyPlan& plan, Occupied& occupied) {
  for (bool changed = true; changed;) {
    changed = false;
    std::map<fs::path, std::vector<size_t>> by_target;
    for (size_t i = 0; i < plan.moves.size(); ++i) by_target[plan.moves[i].to].push_back(i);
    std::set<size_t> held;
    for (const auto& [target, indices] : by_target) {
      const bool taken = occupied.contains(target) && plan.moves[indices.front()].from != target;
      if (indices.size() < 2 && !taken) continue;
      RekeyCollision collision{target, {}};
      if (taken) collision.sources.push_back(target);
      for (size_t i : indices) collision.sources.push_back(plan.moves[i].from);
      plan.collisions.push_back(std::move(collision));
      held.insert(indices.begin(), indices.end());
    }
    std::vector<RekeyMove> kept;
    for (size_t i = 0; i < plan.moves.size(); ++i) {
      if (!held.contains(i)) {
        kept.push_back(std::move(plan.moves[i]));
      } else {
        occupied.insert(plan.moves[i].from);
        changed = true;
      }
    }
    plan.moves = std::move(kept);
  }
}

void plan_one(const fs::path& file, const Config& config, RekeyPlan& plan, Occupied& occupied) {
  try {
    auto exchange = read_fixture(file);
    const auto old_key = exchange.key;
    const auto context = context_of(exchange, config, file);
    // Volatile segments become placeholders in the fixture too, as when recorded.
    exchange.request.target =
        target_with_placeholders(exchange.request.target, context.match.path_patterns);
    exchange.key = request_key(exchange.request, context);
    const auto target = file.parent_path() / expected_file_name(exchange);
    if (exchange.key == old_key && target == file) {
      ++plan.unchanged;
      occupied.insert(file);
      return;
    }
    plan.moves.push_back({file, target, old_key, std::move(exchange)});
  } catch (const Error& error) {
    plan.unreadable.push_back({file, "", error.what()});
    occupied.insert(file);
  }
}

}  // namespace

RekeyPlan plan_rekey(const fs::path& root, const Config& config) {
  RekeyPlan plan;
  Occupied occupied;
  for (const auto& file : find_fixture_files(root)) plan_one(file, config, plan, occupied);
  hold_back_collisions(plan, occupied);
  return plan;
}

void apply_rekey(const RekeyPlan& plan) {
  std::set<fs::path> written;
  for (const auto& move : plan.moves) {
    write_file_atomic(move.to, serialize_fixture(move.exchange), WriteMode::replace);
    written.insert(move.to);
  }
  for (const auto& move : plan.moves) {
    if (written.contains(move.from)) continue;
    std::error_code error;
    if (!fs::remove(move.from, error) && error) {
      throw IoError("cannot remove " + move.from.string() + ": " + error.message());
    }
  }
}

std::string format_rekey(const RekeyPlan& plan, DryRun dry_run) {
  std::ostringstream out;
  const bool dry = dry_run == DryRun::yes;
  for (const auto& move : plan.moves) {
    out << (dry ? "would rekey " : "rekeyed ") << move.from.string() << " -> "
        << move.to.filename().string() << " (" << move.old_key << " -> " << move.exchange.key
        << ")\n";
  }
  for (const auto& collision : plan.collisions) {
    out << "collision, left as is: " << collision.target.string() << " would be written by\n";
    for (const auto& source : collision.sources) out << "  " << source.string() << '\n';
  }
  for (const auto& problem : plan.unreadable) {
    out << "unreadable, left as is: " << problem.what << '\n';
  }
  out << (dry ? "dry run: " : "") << plan.moves.size() << " rekeyed, " << plan.unchanged
      << " unchanged, " << plan.collisions.size() << " collision(s), " << plan.unreadable.size()
      << " unreadable\n";
  return out.str();
}

}  // namespace automock::tooling
