#pragma once
// Parsed fixtures by file, so a hot replay never touches the disk. Not
// thread-safe: the cassette guards it with its mutex.

#include <automock/fixture.hpp>
#include <automock/match.hpp>
#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace automock {

// True for "<...>.json" names that are not temporary (".<...>") files.
bool is_fixture_file_name(std::string_view name);

class ExchangeCache {
 public:
  // The exchange in `file`, read once and then served from memory; nullptr
  // when there is no such file. Throws FixtureError for a file that does not
  // parse or whose key does not match its request under `context`.
  std::shared_ptr<const Exchange> load(const std::filesystem::path& file,
                                       const MatchContext& context);
  void store(const std::filesystem::path& file, std::shared_ptr<const Exchange> exchange);

 private:
  std::unordered_map<std::string, std::shared_ptr<const Exchange>> exchanges_;
};

// Throws FixtureError unless the exchange's key is the key of its request
// and the key in the file's name.
void verify_fixture_key(const Exchange& exchange, const std::filesystem::path& file,
                        const MatchContext& context);

}  // namespace automock
