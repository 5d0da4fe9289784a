#pragma once
// The usage record `automock serve --usage FILE` writes at shutdown and
// `automock fixtures prune` reads: which fixture files of a cassette were
// played and which were not. JSON:
//   {"automock_usage": 1, "cassette": "<dir>", "used": [...], "unused": [...]}
// with file names relative to the cassette directory, sorted. When it was
// written is the file's modification time, on the clock of the fixtures'.

#include <automock/cassette.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace automock::tooling {

inline constexpr int k_usage_version = 1;

struct UsageRecord {
  std::filesystem::path cassette;
  std::vector<std::string> used;
  std::vector<std::string> unused;
  // Set by read_usage_record(): when the file was last written.
  std::optional<std::filesystem::file_time_type> written_at;
  friend bool operator==(const UsageRecord&, const UsageRecord&) = default;
};

// What `cassette` played since it was opened or its usage forgotten (usage
// survives Cassette::reset()), among the files named like fixtures
// (thread-safe as the cassette is).
UsageRecord usage_of(const Cassette& cassette);

std::string usage_to_json(const UsageRecord& record);
// Throws InputError naming `origin` and the field at fault.
UsageRecord usage_from_json(std::string_view text, const std::string& origin);

// Writes atomically; throws IoError.
void write_usage_record(const std::filesystem::path& file, const UsageRecord& record);
// With written_at set. Throws IoError naming the file when it cannot be read,
// InputError when it is not a usage record.
UsageRecord read_usage_record(const std::filesystem::path& file);

}  // namespace automock::tooling
