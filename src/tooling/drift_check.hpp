#pragma once
// `automock fixtures verify DIR --upstream URL` and the pipeline's contract
// stage: each cassette of a fixture tree replayed as a session against a
// real API, in recorded order, and each answer compared with the recorded one.

#include <automock/config.hpp>
#include <automock/fixture.hpp>
#include <automock/transport.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/named_secrets.hpp"
#include "tooling/json_diff.hpp"

namespace automock::tooling {

// shape: status class, media type and, for JSON, the recorded members and
// their types (json_shape.hpp). value: status and every value (json_diff.hpp),
// or the bytes of a body that is not JSON.
enum class Compare { shape, value };

// GET, HEAD and OPTIONS are always sent; the other methods only with `send`
// (a staging or throwaway instance).
enum class UnsafeMethods { skip, send };

struct DriftOptions {
  Compare compare = Compare::shape;
  UnsafeMethods unsafe = UnsafeMethods::skip;
  // Match rules (ignore_json, per route) and max_fixture_bytes.
  Config config;
  // JSON pointers left out of every comparison, besides the match rules'.
  std::vector<std::string> ignore_json;
  // Values of named secrets (AUTOMOCK_SECRET_<NAME>), put back in memory.
  SecretSource secrets = secret_from_environment;
  // The GoogleTest binary named in re-record commands ("" writes a placeholder).
  std::string test_binary;
};

// A recorded exchange whose live answer differs.
struct Drift {
  std::filesystem::path cassette;
  std::filesystem::path file;
  std::string request;                  // "GET /v1/todos"
  std::string test;                     // "Suite.Test", from the cassette fixtures/<Suite>/<Test>
  std::string rerecord;                 // the command that records the test's cassette again
  std::vector<Difference> differences;  // a transport failure is field "upstream"
};

// A recorded exchange that was not sent, and why.
struct Unsent {
  std::filesystem::path file;
  std::string request;
  std::string reason;  // "unsafe method: --allow-unsafe sends it", "needs AUTOMOCK_SECRET_X"
};

struct DriftReport {
  std::string upstream;
  std::vector<std::filesystem::path> cassettes;  // replayed, in order
  size_t sent = 0;                               // exchanges sent
  std::vector<Drift> drifts;
  std::vector<Unsent> unsent;
};

// Replays every cassette (a directory holding fixture files) under `root`,
// one after another; within a cassette, the exchanges are sent in recorded
// order (recorded_at, then seq, then file name) through `upstream`, their
// named secrets filled from options.secrets. Files that do not parse are
// left out (verify_fixtures() reports them). Throws InputError when `root`
// is missing.
DriftReport check_drift(const std::filesystem::path& root, Transport& upstream,
                        const DriftOptions& options);

// The cassettes under `root`: the directories holding fixture files, sorted.
// Throws InputError when `root` is missing.
std::vector<std::filesystem::path> cassettes_under(const std::filesystem::path& root);

// Adds `more` (another part of the same check) to `report`.
void merge_into(DriftReport& report, DriftReport more);

// "Suite.Test" for a cassette directory ".../<Suite>/<Test>".
std::string test_of_cassette(const std::filesystem::path& cassette);

// "AUTOMOCK_MODE=record BINARY --gtest_filter=TEST" (BINARY "<test binary>"
// when empty).
std::string rerecord_command(const std::string& test, const std::string& binary);

}  // namespace automock::tooling
