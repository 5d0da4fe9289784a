#pragma once
// A cassette: a directory of fixture files, one per exchange. Lookups compute
// the request's key and open only the file named after it, so opening a large
// cassette costs nothing. Thread-safe; several processes may record into the
// same directory at once (names are claimed with link(2), never overwritten).

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/fault.hpp>
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
  // Called on each request (relative to its upstream) before it is keyed:
  // returns the request as it is keyed and written to the fixture (a
  // signature header set to a constant...); the upstream still gets the
  // request as sent. Must be thread-safe and idempotent (a recorded request
  // keeps its key when normalised again). Unset: the request as it is.
  std::function<Request(Request)> normalize_request;
  std::function<std::chrono::system_clock::time_point()> clock;  // default: system clock
  std::function<void(const std::string&)> warn;                  // default: stderr
  std::vector<FaultRule> faults;  // applied after config.faults (include/automock/fault.hpp)
};

// What Cassette::misses() keeps: the most recent misses, each with at most
// this many bytes of its request body and of its report.
inline constexpr size_t k_max_misses_kept = 256;
inline constexpr size_t k_max_miss_bytes_kept = 64 * 1024;

// A request that no recording answers. what() is the full, human-readable
// report: the request, the nearest recorded exchanges with what differs, a curl
// command that reproduces it and how to record it.
class UnmatchedRequest : public CheckFailed {
 public:
  UnmatchedRequest(Request request, std::string report)
      : UnmatchedRequest(std::move(request), std::move(report), 0) {}
  const Request& request() const { return request_; }
  // The size of the body as the request carried it: more than
  // request().body.size() when this is a copy whose body was cut.
  size_t body_size() const { return body_size_; }
  bool body_cut() const { return body_size_ > request_.body.size(); }
  // A copy with at most `max_bytes` of the body and of the report, each cut
  // one marked as such.
  UnmatchedRequest cut_to(size_t max_bytes) const;

 private:
  UnmatchedRequest(Request request, std::string report, size_t body_size);

  Request request_;
  size_t body_size_;
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
  // in the config the route's prefix; the upstream gets it relative. Unless a
  // route matches, an absolute target of another origin than the base URL's
  // (any origin without a base URL) is keyed with that origin
  // ("https://host[:port]"), so two hosts never share a recording. Throws
  // UnmatchedRequest (replay, or `once` on an existing cassette) and
  // TransportError from the upstream; a recording mode without an upstream (nullptr) is an
  // InputError; scan policy fail (ScanPolicy): CheckFailed naming fixture and fields, no file.
  Response handle(const Request& request, Transport* upstream);

  // Files that no request played since the cassette was opened or its usage
  // last forgotten (reset() keeps usage).
  std::vector<std::filesystem::path> unused() const;
  // Requests that matched nothing so far, in order (redacted, with reports):
  // the last k_max_misses_kept, each cut to k_max_miss_bytes_kept, so that a
  // stream of large unmatched requests cannot exhaust memory.
  std::vector<UnmatchedRequest> misses() const;
  // How many earlier misses were dropped to keep k_max_misses_kept.
  size_t dropped_misses() const;
  // Between tests: starts every key's sequence over and forgets the misses.
  // Usage accumulates across resets, so that a usage record written after a
  // suite that resets before each test lists what any test played.
  void reset();
  // Forgets which files were played: every file is unused again. The only
  // call that clears usage.
  void forget_usage();

  // The fault rules that CassetteTransport and the replay servers apply to
  // this cassette's requests (config.faults, then options.faults, then those
  // of the environment variable AUTOMOCK_FAULTS, which the constructor reads
  // and throws ConfigError for): a test adds and clears its own. reset()
  // starts their call counts over.
  FaultRules& faults();

 private:
  friend class CassetteEngine;  // the two-step interface of the servers, not installed
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock
