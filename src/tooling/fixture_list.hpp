#pragma once
// `automock fixtures ls` and `show`: what a fixture tree holds, for people.

#include <automock/fixture.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace automock::tooling {

struct FixtureRow {
  std::filesystem::path file;  // relative to the listed root
  std::string method;
  std::string url;
  int status = 0;
  size_t size = 0;  // response body bytes
  std::string recorded_at;
  int seq = 0;
  std::optional<std::string> error;  // set when the file does not parse (other fields empty)
};

// One row per fixture file under `root`, sorted by file. Throws InputError
// when `root` is missing.
std::vector<FixtureRow> list_fixtures(const std::filesystem::path& root);

// An aligned text table with a header line.
std::string format_table(const std::vector<FixtureRow>& rows);
// A JSON array of objects (method, path, status, size, recorded_at, seq, file, error).
std::string format_json(const std::vector<FixtureRow>& rows);

// A fixture for reading: metadata, request and response with JSON bodies
// pretty-printed; a streamed response's text chunk by chunk, each with its
// offset and size. Throws as read_fixture() does: FixtureError for a file
// that does not parse, is not a regular file or is larger than `max_bytes`.
std::string show_fixture(const std::filesystem::path& file,
                         std::uint64_t max_bytes = k_default_max_fixture_bytes);

}  // namespace automock::tooling
