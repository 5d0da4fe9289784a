#pragma once
// CaptureProxy: the proxy behind `automock record`. A client talks HTTP to it
// on loopback; it answers from a cassette as the mode says and forwards the
// rest to the real API, writing one fixture per new exchange.
//
// As a reverse proxy (the default) it forwards to one upstream, or to the
// upstream of each route. As a forward proxy (`forward`) the client names the
// host: absolute-form http requests ("GET http://api.test/x") go to the origin
// they name, and CONNECT host:port tunnels are intercepted: the proxy answers
// the TLS handshake with a certificate for the host that automock's CA
// (net/certificate_authority.hpp, `automock ca path`) signs, and each request
// inside goes to https://host:port. Hosts that match no `intercept` glob are
// spliced to the real host untouched and never recorded. Every request keyed
// in forward mode carries its origin (docs/canonical-request.md).
//
// Forwarding keeps the method, path, query, headers and body; hop-by-hop
// fields (Connection and the fields it names, Keep-Alive, Proxy-*, TE,
// Trailer, Transfer-Encoding, Upgrade) are dropped in both directions, Host
// is the upstream's, bodies arrive decoded (no Content-Encoding left). A
// request body that a client compressed (gzip, deflate, br) is decoded first:
// keyed, redacted, stored and forwarded decoded (one that does not decode is
// kept as sent); the replay server decodes it the same way before matching.
//
// Faults are answered, never thrown: an upstream that cannot be reached, or
// whose answer is not HTTP or does not decode, gets 502 (504 on a timeout)
// with a JSON body {"error", "upstream", "cause"} and
// the header "X-Automock: upstream-error"; a path no route serves gets 404
// naming the prefixes; an exchange that cannot be stored (a header value that
// is not UTF-8) gets 502 with "X-Automock: unrecordable"; a fixture file that
// cannot be read gets 500 with "X-Automock: bad-fixture"; in replay mode an
// unmatched request gets 404 with "X-Automock: miss". Nothing is recorded for
// any of them, and the proxy keeps serving. Upstream 4xx and 5xx are real
// answers and are recorded.
//
// Streams: a chunked or close-delimited answer (no Content-Length) goes to
// the client as it arrives: its head at once, then each piece (chunked; to an
// HTTP/1.0 client until the connection closes), except a content-coded one,
// which is decoded whole at its end. The fixture keeps its pieces and their
// offsets (Response::chunks). So does a body of known length over 1 MiB
// (with its Content-Length, all but its last byte; no chunks are kept: its
// pieces are only how the network cut it). The end of the body (that last
// byte) reaches the client once the exchange is recorded; an upstream that
// fails mid-body, or an exchange that cannot be recorded after its head went
// out, leaves the client's body incomplete (the connection closes) and is
// reported failed. A smaller answer with a Content-Length is answered whole
// once recorded (a 502 when it cannot be).
//
// Web pages cannot use it: a request whose Host is not a loopback name, the
// listen address or one of `allowed_hosts` (DNS rebinding), whose Origin is
// not on such a host, or that a browser marks Sec-Fetch-Site: cross-site
// without an Origin, gets 403 with {"error"} and "X-Automock: forbidden".
// Loops: every forwarded request carries "Via: 1.1 automock-<random id of
// this proxy>" (not recorded); a request that comes back with that mark gets
// 508 with {"error", "via"} and "X-Automock: loop", and such a 508 from an
// upstream is relayed, not recorded. Nothing is forwarded or recorded for
// either.

#include <automock/config.hpp>
#include <automock/mode.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// One request the proxy answered, as reported to ProxyOptions::on_exchange.
struct ProxyExchange {
  enum class Source {
    recorded,   // forwarded and written as a new fixture ("new")
    replayed,   // answered from a fixture
    forwarded,  // forwarded, nothing written (passthrough)
    failed,     // answered by the proxy itself: upstream fault, no route, miss
    refused,    // forwarded and answered, not written: a secret found by its
                // shape under the scan policy fail (`reason` names the fields)
    tunnelled,  // a CONNECT tunnel to a host outside `intercept`, reported as
                // it closes: method CONNECT, target host:port, status 200
                // (502, 504 and `reason` when the host was not reached)
  };
  std::string method;
  std::string target;  // as the client sent it, query values redacted
  int status = 0;
  double elapsed_ms = 0.0;
  std::filesystem::path fixture;  // relative to the cassette; empty when none
  Source source = Source::failed;
  // Why a failed request was not served ("the exchange cannot be recorded:
  // ...", the upstream fault, the refusal); "" otherwise. Never a credential.
  std::string reason;
};

// "new", "replayed", "forwarded", "failed", "refused", "tunnelled".
std::string_view to_string(ProxyExchange::Source source);

// Counts of answered requests by source.
struct ProxySummary {
  size_t recorded = 0;
  size_t replayed = 0;
  size_t forwarded = 0;
  size_t failed = 0;
  size_t refused = 0;
  size_t tunnelled = 0;
};

struct ProxyOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: an ephemeral port
  std::filesystem::path cassette;
  // Overrides the config's "mode"; with neither, new_episodes. AUTOMOCK_MODE
  // overrides both.
  std::optional<Mode> mode;
  // Routes (path prefix -> named upstream), match rules and redaction. With
  // no routes, `upstream` is the single upstream.
  Config config;
  std::string upstream;              // base URL, http or https; only without routes
  HttpOptions http;                  // TLS verification, CA file, timeouts
  size_t max_body_bytes = 64 << 20;  // larger request bodies -> 413
  // Threads for blocking work: writing fixtures (upstreams, http and https,
  // are forwarded on the io threads).
  unsigned workers = 128;
  bool allow_network_in_ci = false;  // as CassetteOptions::allow_network_in_ci
  // A streamed answer (chunked or read until the upstream closes) is recorded
  // until it ends, the client leaves ("client closed") or it reaches one of
  // these limits ("time limit" from its head, "size limit"); the fixture's
  // "cut" says which. 0 = no limit (an endless stream is then recorded until
  // the client leaves). Override HttpOptions' own limits.
  std::chrono::milliseconds stream_time_limit{60000};
  size_t stream_size_limit = size_t{64} << 20;
  // Host names or addresses, besides loopback ones and `host`, that requests
  // may name in Host and Origin (for deliberate remote use; see above).
  std::vector<std::string> allowed_hosts;
  // A forward proxy instead of a reverse one (then no upstream, no routes).
  bool forward = false;
  // Forward proxy: the hosts whose CONNECT tunnels are intercepted and
  // recorded, as globs ('*', '?') matched against the lowercased host; empty:
  // every host.
  std::vector<std::string> intercept;
  // Forward proxy: the directory of automock's CA; empty: net::ca_directory()
  // ($AUTOMOCK_CA_DIR, else the per-user default). Created on first use.
  std::filesystem::path ca_directory;
  // Called once per answered request, before the client gets the answer, one
  // call at a time, from the proxy's io or worker threads. Must not block for
  // long or call stop().
  std::function<void(const ProxyExchange&)> on_exchange;
};

class CaptureProxy {
 public:
  // Opens the cassette (creating its directory) and starts listening at once.
  // Throws NetworkRefused (the CI guard), InputError (no upstream, both
  // `upstream` and routes, a bad URL, an upstream that is the proxy's own
  // bound address) and IoError (address taken); nothing is written to disk
  // then.
  explicit CaptureProxy(ProxyOptions options);
  // Calls stop().
  ~CaptureProxy();
  CaptureProxy(const CaptureProxy&) = delete;
  CaptureProxy& operator=(const CaptureProxy&) = delete;

  uint16_t port() const;
  // "http://127.0.0.1:<port>"
  std::string base_url() const;
  // The CA certificate clients must trust (forward proxy); empty otherwise.
  std::filesystem::path ca_file() const;
  // Where requests go: the upstream URL, "route /prefix -> URL, ..." lines,
  // or "the origins requests name" for a forward proxy.
  std::string upstream_description() const;
  // The mode in force (after AUTOMOCK_MODE).
  Mode mode() const;

  // Stops accepting, lets in-flight requests finish (their fixtures are
  // written), then returns. Idempotent. Thread-safe, except from on_exchange.
  void stop();
  // Counts so far; final once stop() returned. Thread-safe.
  ProxySummary summary() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock
