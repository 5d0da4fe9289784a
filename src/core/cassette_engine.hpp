#pragma once
// The inside of a Cassette, for the servers and tools built on it (the
// capture proxy, the replay server, HAR import, the benchmarks): a request
// answered in two steps by a caller that forwards on its own, where an answer
// came from, and direct playing and recording. Not installed; users answer
// requests through Cassette::handle().
//
// A CassetteEngine is a view: cheap to make, it holds a reference to the
// cassette's state and must not outlive the Cassette. Thread-safe as the
// Cassette is.

#include <automock/cassette.hpp>
#include <automock/match.hpp>
#include <automock/transport.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/exchange_cache.hpp"

namespace automock {

// A request relative to its upstream (an absolute target's base URL and the
// route prefix stripped) and the match context for its route.
struct Normalized {
  Request request;
  MatchContext context;
};

// How a request was answered, for tools that report it (the capture proxy,
// the replay server's recorded latency).
struct CassetteAnswer {
  // refused: forwarded, but not written (a secret found by its shape under
  // the scan policy fail).
  enum class Source { replayed, recorded, forwarded, refused };
  Response response;
  Source source = Source::replayed;
  // The exchange replayed or recorded (nullptr when only forwarded); its
  // file is CassetteEngine::file_of(*exchange).
  std::shared_ptr<const Exchange> exchange;
  // Why a refused exchange was not written: the fixture and the fields,
  // never the secret. "" otherwise.
  std::string refusal;
};

// An exchange the scan policy fail keeps from disk (see ScanPolicy).
class RecordingRefused : public CheckFailed {
 public:
  using CheckFailed::CheckFailed;
};

class CassetteEngine {
 public:
  explicit CassetteEngine(Cassette& cassette);

  Normalized normalize(const Request& request) const;

  // The upstream transport for a route name ("" with a single upstream).
  using UpstreamFor = std::function<Transport&(const std::string& route)>;

  // Cassette::handle() with an upstream per route, telling where the answer
  // came from. Throws as handle() does.
  CassetteAnswer answer(const Request& request, const UpstreamFor& upstream_for);
  // The same with one upstream for every route. nullptr: a request the mode
  // would forward is an InputError saying that there is no upstream.
  CassetteAnswer answer(const Request& request, Transport* upstream);

  // answer() in two steps, for callers that forward on their own (the capture
  // proxy, asynchronously): begin() replays when the mode says so, else says
  // what to forward; finish() takes the upstream's response and records it
  // when the mode records. begin() throws UnmatchedRequest as answer() does.
  struct Step {
    std::optional<CassetteAnswer> replayed;  // set: this is the answer
    Normalized forward;                      // else: send forward.request to forward.context.route
  };
  Step begin(const Request& request);
  // begin() for a request normalize() already normalised.
  Step begin(Normalized normalized);
  // An exchange the scan policy fail refuses is answered as `refused`.
  CassetteAnswer finish(const Normalized& forwarded, Response response, double latency_ms);

  // Replaces how the cassette reads fixture files (a test's slow reader).
  // Not thread-safe: only before the cassette answers any request.
  void read_files_with(ExchangeCache::FileReader reader);

  // The fixture file of an exchange of this cassette.
  std::filesystem::path file_of(const Exchange& exchange) const;

  // The recorded exchange for the n-th identical request (n counted per
  // key), or nullopt. Past the last recording the last repeats, unless
  // strict sequences, which throw UnmatchedRequest.
  std::optional<Exchange> play(const Request& request);

  // Redacts and writes one exchange, claiming the next free sequence number
  // for its key (new_episodes) or overwriting (record). Returns the file.
  // Throws RecordingRefused, writing nothing, when the scan policy fail refuses it.
  std::filesystem::path record(const Request& request, const Response& response, double latency_ms);

 private:
  // The error for a request that matched nothing.
  UnmatchedRequest unmatched(const Normalized& normalized) const;

  Cassette::Impl& impl_;
};

}  // namespace automock
