#include "tooling/fixture_prune.hpp"

#include <automock/error.hpp>
#include <optional>
#include <sstream>

#include "tooling/fixture_tree.hpp"

namespace automock::tooling {

namespace {

namespace fs = std::filesystem;

void check_same_cassette(const fs::path& cassette, const UsageRecord& usage) {
  std::error_code error;
  if (!fs::is_directory(cassette, error)) {
    throw InputError("cassette directory " + cassette.string() + " does not exist");
  }
  // A record made on another machine names a directory that is not here:
  // its file names still identify the exchanges.
  if (!fs::exists(usage.cassette, error)) return;
  if (!fs::equivalent(cassette, usage.cassette, error)) {
    throw InputError("the usage record is for " + usage.cassette.string() + ", not " +
                     cassette.string());
  }
}

// A name from a usage record must stay inside the cassette.
void check_plain_name(const std::string& name) {
  if (name.find('/') != std::string::npos || !is_fixture_file_name(name)) {
    throw InputError("usage record lists '" + name + "', which is not a fixture file name");
  }
}

struct ModifiedFile {
  fs::path path;
  fs::file_time_type modified;
};

// The fixture file of `cassette` modified last, or nullopt when it has none.
std::optional<ModifiedFile> newest_fixture(const fs::path& cassette) {
  std::optional<ModifiedFile> newest;
  std::error_code error;
  for (fs::directory_iterator it{cassette, error}, end; !error && it != end; it.increment(error)) {
    if (!is_fixture_file_name(it->path().filename().string())) continue;
    std::error_code time_error;
    const auto modified = fs::last_write_time(it->path(), time_error);
    if (!time_error && (!newest || modified > newest->modified)) newest = {it->path(), modified};
  }
  return newest;
}

void check_record_is_current(const fs::path& cassette, const UsageRecord& usage) {
  if (!usage.written_at) return;
  const auto newest = newest_fixture(cassette);
  if (!newest || newest->modified <= *usage.written_at) return;
  throw InputError("the usage record is older than " + newest->path.string() +
                   ", modified after the record was written, so it may list as unused a fixture "
                   "recorded since; write a new record with `automock serve --usage`, or prune "
                   "with this one anyway with --force");
}

}  // namespace

PruneResult prune_fixtures(const fs::path& cassette, const UsageRecord& usage, DryRun dry_run,
                           Force force) {
  check_same_cassette(cassette, usage);
  if (force == Force::no) check_record_is_current(cassette, usage);
  for (const auto& name : usage.unused) check_plain_name(name);
  PruneResult result;
  for (const auto& name : usage.unused) {
    const auto file = cassette / name;
    std::error_code error;
    if (!fs::exists(file, error)) {
      result.missing.push_back(file);
      continue;
    }
    if (dry_run == DryRun::no && !fs::remove(file, error)) {
      throw IoError("cannot remove " + file.string() + ": " + error.message());
    }
    result.removed.push_back(file);
  }
  return result;
}

std::string format_prune(const PruneResult& result, DryRun dry_run) {
  std::ostringstream out;
  const char* verb = dry_run == DryRun::yes ? "would remove " : "removed ";
  for (const auto& file : result.removed) out << verb << file.string() << '\n';
  for (const auto& file : result.missing) out << "already gone: " << file.string() << '\n';
  out << (dry_run == DryRun::yes ? "dry run: " : "") << result.removed.size()
      << " unused exchange(s) " << (dry_run == DryRun::yes ? "to remove" : "removed") << '\n';
  return out.str();
}

}  // namespace automock::tooling
