#pragma once
// Parsed fixtures by (key, sequence number), so a hot replay never touches
// the disk and never builds a path. Not thread-safe: the cassette guards it
// with its mutex.

#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace automock {

// True for names shaped like fixture_file_name() makes them,
// <METHOD>-<...><16 hex>[-<seq>].json: other JSON files a cassette directory
// may hold (a usage record, notes) and temporary ".<...>" files are not.
bool is_fixture_file_name(std::string_view name);

class ExchangeCache {
 public:
  // The exchange recorded for (key, seq), read from `file_of()` once and then
  // served from memory; nullptr when there is no such file (also remembered,
  // until store() fills the slot). Throws
  // FixtureError for a file that does not parse or whose key does not match
  // its request under `context`.
  std::shared_ptr<const Exchange> load(const std::string& key, int seq,
                                       const std::function<std::filesystem::path()>& file_of,
                                       const MatchContext& context);
  void store(const std::filesystem::path& file, std::shared_ptr<const Exchange> exchange);

  // Marks (key, seq), which must be loaded, as played.
  void mark_used(const std::string& key, int seq);
  // File names of the exchanges played so far.
  const std::set<std::string>& used_files() const { return used_files_; }
  // Forgets what was played (the parsed exchanges stay).
  void forget_usage();

 private:
  struct Slot {
    std::shared_ptr<const Exchange> exchange;
    std::string file_name;
    bool used = false;
  };
  static std::string slot_id(const std::string& key, int seq);

  std::unordered_map<std::string, Slot> slots_;
  std::set<std::string> used_files_;
};

// Throws FixtureError unless the exchange's key is the key of its request
// and the key in the file's name.
void verify_fixture_key(const Exchange& exchange, const std::filesystem::path& file,
                        const MatchContext& context);

}  // namespace automock
