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

  // The request relative to its upstream (an absolute target's base URL and
  // the route prefix stripped) and the match context for its route.
  struct Normalized {
    Request request;
    MatchContext context;
  };
  Normalized normalize(const Request& request) const;

  // The upstream transport for a route name ("" with a single upstream).
  using UpstreamFor = std::function<Transport&(const std::string& route)>;

  // Answers `request` as the mode says: replays, or forwards the request
  // (relative to its upstream: see normalize()) and records. Throws
  // UnmatchedRequest (replay, or `once` on an existing cassette) and
  // TransportError from the upstream; a recording mode without an upstream
  // is an InputError.
  Response handle(const Request& request, const UpstreamFor& upstream_for);
  // The same with one upstream for every route (nullptr: replay only).
  Response handle(const Request& request, Transport* upstream);

  // How a request was answered, for tools that report it (the capture proxy,
  // the replay server's recorded latency).
  struct Answer {
    enum class Source { replayed, recorded, forwarded };
    Response response;
    Source source = Source::replayed;
    // The exchange replayed or recorded (nullptr when only forwarded); its
    // file is file_of(*exchange).
    std::shared_ptr<const Exchange> exchange;
  };
  // handle(), telling where the answer came from. Throws as handle() does.
  Answer answer(const Request& request, const UpstreamFor& upstream_for);

  // answer() in two steps, for callers that forward on their own (the capture
  // proxy, asynchronously): begin() replays when the mode says so, else says
  // what to forward; finish() takes the upstream's response and records it
  // when the mode records. begin() throws UnmatchedRequest as answer() does.
  struct Step {
    std::optional<Answer> replayed;  // set: this is the answer
    Normalized forward;              // else: send forward.request to forward.context.route
  };
  Step begin(const Request& request);
  Answer finish(const Normalized& forwarded, Response response, double latency_ms);

  // The fixture file of an exchange of this cassette.
  std::filesystem::path file_of(const Exchange& exchange) const;

  // The recorded exchange for the n-th identical request (n counted per
  // key), or nullopt. Past the last recording the last repeats, unless
  // strict_sequences, which throws UnmatchedRequest.
  std::optional<Exchange> play(const Request& request);

  // Redacts and writes one exchange, claiming the next free sequence number
  // for its key (new_episodes) or overwriting (record). Returns the file.
  std::filesystem::path record(const Request& request, const Response& response, double latency_ms);

  // The error for a request that matched nothing.
  UnmatchedRequest unmatched(const Request& request) const;

  // Files that no request played since the cassette was opened (or reset).
  std::vector<std::filesystem::path> unused() const;
  // Requests that matched nothing so far, in order (redacted, with reports).
  std::vector<UnmatchedRequest> misses() const;
  // Starts every key's sequence over and forgets usage and misses.
  void reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock
