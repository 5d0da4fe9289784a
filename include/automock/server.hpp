#pragma once
// ReplayServer: serves a cassette over HTTP on loopback, for code under test
// that takes a base URL (and, through `automock serve`, for other languages).
// A request that was never recorded gets 404 with the header
// "X-Automock: miss" and the unmatched-request report as its body. Faults are
// answered as the capture proxy answers them (include/automock/proxy.hpp): an
// upstream that fails gets 502 (504 on a timeout) with a JSON body {"error",
// "upstream", "cause"} and "X-Automock: upstream-error"; an exchange that
// cannot be recorded, or a recording mode without an upstream, gets 502 with
// {"error", "upstream"} and "X-Automock: unrecordable"; a fixture file that
// cannot be read, 500 with {"error", "fixture"} and "X-Automock: bad-fixture".
// Nothing is recorded for any of them.
//
// Web pages cannot use it: a request whose Host is not a loopback name, the
// listen address or one of `allowed_hosts` (DNS rebinding), whose Origin is
// not on such a host, or that a browser marks Sec-Fetch-Site: cross-site
// without an Origin, gets 403 with {"error"} and "X-Automock: forbidden".
//
// As a forward proxy (`forward`), it also answers what clients send through
// HTTP_PROXY and HTTPS_PROXY, from the cassette and with no network at all:
// absolute-form http requests, and CONNECT host:port tunnels, whose TLS it
// answers with a certificate for the host signed by automock's CA
// (`automock ca path`); requests inside are matched as https://host:port/...
// Every tunnel is intercepted; a miss is the usual 404 with X-Automock: miss.
//
// Admin endpoints, for test suites in any language (JSON answers):
//   GET  /__automock/health  cassette path, mode and counts
//   GET  /__automock/misses  the unmatched requests so far (method, target, report)
//   GET  /__automock/unused  fixture files not played since start or forget-usage
//   POST /__automock/reset   Cassette::reset(): sequences, misses, fault rules'
//                            call counts and the journal start over (usage is
//                            kept, so a suite may reset before each test)
//   POST /__automock/forget-usage  Cassette::forget_usage(): every file unplayed again
//   GET  /__automock/requests  the journal: the requests answered since start or
//                            reset (the last journal_size, the count dropped), each
//                            with how it was answered and its fixture file, and
//                            per fixture file how many requests it answered
//   GET|POST|DELETE /__automock/faults  list, add (a JSON array of rules or one
//                            rule; 400 naming the field) or clear the cassette's
//                            fault rules (include/automock/fault.hpp)
// A request other than GET or HEAD to them must be one no page can send
// without the browser asking first: it carries the header
// "X-Automock-Admin: 1" (any value) or "Content-Type: application/json";
// else 403 and nothing changes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace automock {

class Cassette;
class Transport;

// none: answer at once. recorded: hold each replayed response for the
// exchange's recorded upstream latency (a timer; other connections go on).
enum class Latency { none, recorded };

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;     // 0: an ephemeral port
  unsigned threads = 0;  // 0: hardware concurrency
  Latency latency = Latency::none;
  // Host names or addresses, besides loopback ones and `host`, that requests
  // may name in Host and Origin (for deliberate remote use).
  std::vector<std::string> allowed_hosts;
  // How many requests GET /__automock/requests keeps (older ones are dropped
  // and counted).
  size_t journal_size = 10'000;
  // A forward proxy as well (see above).
  bool forward = false;
  // Forward proxy: the directory of automock's CA; empty: $AUTOMOCK_CA_DIR,
  // else the per-user default. Created on first use.
  std::filesystem::path ca_directory;
};

class ReplayServer {
 public:
  // Starts listening at once; throws IoError when the address is taken.
  // `upstream` is where a recording mode forwards (none: replay only).
  explicit ReplayServer(std::shared_ptr<Cassette> cassette, ServerOptions options = {},
                        std::shared_ptr<Transport> upstream = nullptr);
  ~ReplayServer();  // stops
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  // Serves `cassette` (forwarding to `upstream` in a recording mode) from now
  // on, instead of the one it had: a test binary can keep one server for all
  // its tests. Requests in flight finish with the cassette they started with.
  // An upstream given here gets no worker threads of its own: use a server
  // constructed with an upstream for recording through slow APIs.
  void serve(std::shared_ptr<Cassette> cassette, std::shared_ptr<Transport> upstream = nullptr);

  uint16_t port() const;
  // "http://127.0.0.1:<port>"
  std::string base_url() const;
  // The CA certificate clients must trust (forward proxy); empty otherwise.
  std::filesystem::path ca_file() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock
