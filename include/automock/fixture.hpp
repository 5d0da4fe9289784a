#pragma once
// Fixture files, schema version 1 (docs/fixture-format.md): one exchange per
// JSON file named <METHOD>-<slug>-<key>[-<seq>].json inside a cassette directory.

#include <automock/http.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace automock {

// Every function below is safe to call from several threads at once.

inline constexpr int k_fixture_schema_version = 1;
// The longest upstream latency a fixture may hold: one day, in milliseconds.
// Beyond, a replay that waits for it would overflow its timer.
inline constexpr double k_max_latency_ms = 24.0 * 60 * 60 * 1000;
// The largest fixture file any reader accepts unless automock.json says
// otherwise ("max_fixture_bytes"): 1 GiB.
inline constexpr std::uint64_t k_default_max_fixture_bytes = std::uint64_t{1} << 30;

// One recorded request and response with its metadata.
struct Exchange {
  std::string key;    // request_key() of the (redacted) request
  int seq = 0;        // 0 for the first recording of this key, 1 for the next...
  std::string route;  // "" with a single upstream
  std::chrono::system_clock::time_point recorded_at{};
  Request request;    // redacted, target relative to the upstream base URL
  Response response;  // redacted, body decoded
  double latency_ms = 0.0;

  friend bool operator==(const Exchange&, const Exchange&) = default;
};

// "<METHOD>-<slug>-<key>.json" for seq 0, "<METHOD>-<slug>-<key>-<seq>.json"
// after. The slug keeps only [a-z0-9_] runs of the path joined by '-', capped
// at 60 characters, so a name can never contain '/', '..' or leave the cassette.
// Throws InputError when `key` is not 16 lowercase hex digits or seq < 0.
std::string fixture_file_name(std::string_view method, std::string_view path, std::string_view key,
                              int seq);

// Pretty-printed JSON with a stable key order. Bodies: "body" when JSON that
// re-serialises to the exact bytes, else "body_text" for valid UTF-8, else
// "body_base64". Throws InputError for what could not be read back: a bad
// key, seq < 0, a status outside 100..599, a latency outside
// 0..k_max_latency_ms, an empty method, a method, route, url or header that is
// not valid UTF-8, a header name or value holding CR, LF or NUL, a time
// outside the years 0000..9999.
std::string serialize_fixture(const Exchange& exchange);

// Parses a fixture. Throws FixtureError naming `origin` and the field at
// fault (not JSON, another schema version, a missing or mistyped field, a
// latency outside 0..k_max_latency_ms, a header name or value holding CR, LF
// or NUL, which replayed could smuggle headers).
// The key is not re-checked here: see verify_fixture_key().
Exchange parse_fixture(std::string_view text, const std::string& origin);

// Reads and parses one file. Only a regular file of at most `max_bytes` is
// read (a symlink is followed to its target): a directory, a FIFO, a device
// (a symlink to /dev/zero) or a larger file throws FixtureError naming it,
// at once and without reading it. Throws FixtureError for what does not
// parse, IoError when it is missing or unreadable.
Exchange read_fixture(const std::filesystem::path& file,
                      std::uint64_t max_bytes = k_default_max_fixture_bytes);

}  // namespace automock
