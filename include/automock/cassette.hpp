#pragma once
// A cassette: a directory of fixture files, one per exchange. Lookups compute
// the request's key and open only the file named after it, so opening a large
// cassette costs nothing. Thread-safe; several processes may record into the
// same directory at once (names are claimed with link(2), never overwritten).

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <automock/mode.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace automock {

class Transport;

// The cassette resolves its settings once, when opened: an option set here
// wins over the same setting in `config` (automock.json), which wins over the
// default.
struct CassetteOptions {
  // Unset: config.mode, else replay. AUTOMOCK_MODE overrides all of them.
  std::optional<Mode> mode;
  Config config;  // match rules, redaction, routes, expiry, mode, strict sequences
  // Past the last recording: error instead of repeat. Unset:
  // config.strict_sequences.
  std::optional<bool> strict_sequences;
  bool allow_network_in_ci = false;  // explicit opt-in for tests recording from loopback
  std::string base_url;              // stripped from absolute targets ("http://api.test/v1")
  std::function<std::chrono::system_clock::time_point()> clock;  // default: system clock
  std::function<void(const std::string&)> warn;                  // default: stderr
};

// A request that no recording answers. what() is the full, human-readable
// report: the request, the nearest recorded exchanges with what differs, a curl
// command that reproduces it and how to record it.
class UnmatchedRequest : public CheckFailed {
 public:
  UnmatchedRequest(Request request, std::string report)
      : CheckFailed(report), request_(std::move(request)) {}
  const Request& request() const { return request_; }

 private:
  Request request_;
};

class Cassette {
 public:
  // Opens (does not read) `directory`. Throws NetworkRefused when the mode
  // may reach the network under CI=true without an explicit allowance, and
  // InputError for an unknown AUTOMOCK_MODE.
  explicit Cassette(std::filesystem::path directory, CassetteOptions options = {});
  ~Cassette();
  Cassette(const Cassette&) = delete;
  Cassette& operator=(const Cassette&) = delete;

  const std::filesystem::path& directory() const;
  // The mode in force (after AUTOMOCK_MODE; `once` stays `once`).
  Mode mode() const;

  // Answers `request` as the mode says: replays, or forwards the request to
  // `upstream` and records. A request with an absolute target
  // ("http://host/base/x") has the base URL stripped first, and with routes
  // in the config the route's prefix; the upstream gets it relative. Throws
  // UnmatchedRequest (replay, or `once` on an existing cassette) and
  // TransportError from the upstream; a recording mode without an upstream
  // (nullptr) is an InputError.
  Response handle(const Request& request, Transport* upstream);

  // Files that no request played since the cassette was opened or its usage
  // last forgotten (reset() keeps usage).
  std::vector<std::filesystem::path> unused() const;
  // Requests that matched nothing so far, in order (redacted, with reports).
  std::vector<UnmatchedRequest> misses() const;
  // Between tests: starts every key's sequence over and forgets the misses.
  // Usage accumulates across resets, so that a usage record written after a
  // suite that resets before each test lists what any test played.
  void reset();
  // Forgets which files were played: every file is unused again. The only
  // call that clears usage.
  void forget_usage();

 private:
  friend class CassetteEngine;  // the two-step interface of the servers, not installed
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock
