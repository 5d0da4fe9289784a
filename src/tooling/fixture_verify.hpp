#pragma once
// `automock fixtures verify`: schema and key checks over a fixture tree, and
// drift checks that re-send each recorded request to the real API.

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <automock/transport.hpp>
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

// A recorded exchange whose live answer differs.
struct Drift {
  std::filesystem::path file;
  std::string request;                   // "GET /v1/todos"
  std::vector<std::string> differences;  // "status: recorded 200, now 500", "body /id: ..."
};

struct DriftOptions {
  std::vector<std::string> ignore_json;  // JSON pointers left out of body comparisons
  std::uint64_t max_fixture_bytes = k_default_max_fixture_bytes;  // larger files are skipped
};

// Re-sends each readable fixture's request through `upstream` and compares
// the status and body (JSON semantically, else bytes). Files that do not
// parse are skipped (verify_fixtures() reports them). A transport failure is
// a drift. Throws InputError when `root` is missing.
std::vector<Drift> check_drift(const std::filesystem::path& root, Transport& upstream,
                               const DriftOptions& options);

// Human-readable reports, one block per file.
std::string format_problems(const std::vector<FixtureProblem>& problems);
std::string format_drifts(const std::vector<Drift>& drifts);

}  // namespace automock::tooling
