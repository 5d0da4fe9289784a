#pragma once
// Parsed fixtures by (key, sequence number), so a hot replay never touches
// the disk and never builds a path. Thread-safe, with a lock of its own that
// is never held while a file is read or parsed.

#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
  // How read() gets a file's bytes (nullopt: no such file); a seam for tests
  // that need a slow read.
  using FileReader =
      std::function<std::optional<std::string>(const std::filesystem::path&, std::uint64_t)>;

  // Fixture files larger than `max_fixture_bytes` are refused by read(),
  // which reads them with read_fixture_bytes().
  explicit ExchangeCache(std::uint64_t max_fixture_bytes);
  // Replaces the file reader. Not thread-safe: only before the first read().
  void read_files_with(FileReader reader) { reader_ = std::move(reader); }

  // A slot: the exchange recorded for (key, seq), or nullptr when there is
  // no such file (the absence is remembered too, until store() fills it).
  using Cached = std::shared_ptr<const Exchange>;

  // The slot (key, seq), or nullopt when it was not read yet.
  std::optional<Cached> find(const std::string& key, int seq) const;
  // Reads and parses `file` (holding no lock), then fills the slot (key, seq)
  // unless another thread filled it meanwhile.
  // Throws FixtureError for a file that is not a regular file under the cap
  // (read_fixture_bytes()), does not parse or whose key does not match its
  // request under `context`.
  void read(const std::string& key, int seq, const std::filesystem::path& file,
            const MatchContext& context);
  // Fills (or replaces) the slot of an exchange just written to `file`.
  void store(const std::filesystem::path& file, Cached exchange);

  // Marks (key, seq), which must be filled, as played.
  void mark_used(const std::string& key, int seq);
  // File names of the exchanges played so far.
  std::set<std::string> used_files() const;
  // Forgets what was played (the parsed exchanges stay).
  void forget_usage();

 private:
  struct Slot {
    Cached exchange;
    std::string file_name;
    bool used = false;
  };
  static std::string slot_id(const std::string& key, int seq);

  const std::uint64_t max_fixture_bytes_;
  FileReader reader_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;
  std::set<std::string> used_files_;
};

// Throws FixtureError unless the exchange's key is the key of its request
// and the key in the file's name.
void verify_fixture_key(const Exchange& exchange, const std::filesystem::path& file,
                        const MatchContext& context);

}  // namespace automock
