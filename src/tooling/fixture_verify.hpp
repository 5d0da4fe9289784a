#pragma once
// `automock fixtures verify`: schema and key checks over a fixture tree (the
// drift checks against a real API are in drift_check.hpp).

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace automock::tooling {

// A fixture file at fault: its path, the field (JSON path or "file name")
// and what is wrong.
struct FixtureProblem {
  std::filesystem::path file;
  std::string field;
  std::string what;
};

// Parses every fixture under `root` and checks its schema, its key under
// `config`'s match rules and its file name; an entry named like a fixture
// that is not a regular file under config.max_fixture_bytes (a symlink to a
// device, a FIFO, a directory) is a problem too, and is not read. Throws
// InputError when `root` is missing.
std::vector<FixtureProblem> verify_fixtures(const std::filesystem::path& root,
                                            const Config& config);

// Human-readable report, one line per file.
std::string format_problems(const std::vector<FixtureProblem>& problems);

}  // namespace automock::tooling
