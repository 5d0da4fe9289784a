#pragma once
// Faults and latency: rules that make a replayed API slow, failing or cut
// short, so that tests reach the error handling recordings never show. One
// model for the in-process CassetteTransport, the ReplayServer and
// `automock serve` (docs/replay-server.md, "Faults"); rules come from
// automock.json ("faults"), CassetteOptions::faults, Cassette::faults() and
// POST /__automock/faults.
//
// A request is matched against the rules in order; each rule whose match
// fits counts the call and, when it has a probability, draws from its own
// random generator (seeded by the rule), so the same requests in the same
// order meet the same faults on every run. The first rule that fires applies.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace automock {

struct Request;
struct MatchContext;

// Which requests a rule applies to; every field that is set must fit.
struct FaultMatch {
  std::string method;      // "" any, else this method (case-insensitive)
  std::string path = "*";  // glob over the keyed path: '*' any run of characters, '?' one
  // Each name=value must be in the query (compared as sent, not decoded).
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<std::string> route;  // the route's name; "" the requests no route serves
  // Only requests with this canonical key (a fixture's "key"): with `call`,
  // one recorded exchange, the one of sequence number call - 1.
  std::optional<std::string> key;
  std::optional<uint64_t> call;  // only the n-th request that fits the above (from 1)
  double probability = 1;        // the chance a fitting request meets the fault
  uint64_t seed = 0;             // seeds the probability and a delay range
  friend bool operator==(const FaultMatch&, const FaultMatch&) = default;
};

enum class FaultKind {
  status,     // answer `status` with `body` instead of the recording
  delay,      // answer the recording after a delay
  reset,      // reset the connection (TCP RST) before the answer or during its body
  truncate,   // send part of the body, fewer bytes than Content-Length, then close
  no_answer,  // never answer: the client's timeout fires
  slow_body,  // send the body at `bytes_per_second`
};

enum class ResetPoint { before_answer, during_body };

struct Fault {
  FaultKind kind = FaultKind::status;
  int status = 503;  // status
  std::string body;  // status
  // delay: fixed when delay_min == delay_max, else drawn in [min, max].
  std::chrono::milliseconds delay_min{0};
  std::chrono::milliseconds delay_max{0};
  double latency_factor = 0;  // delay: > 0, the recorded latency times this instead
  ResetPoint reset_at = ResetPoint::before_answer;  // reset
  // reset during_body and truncate: body bytes sent first (unset: half the body).
  std::optional<size_t> body_bytes;
  size_t bytes_per_second = 1024;  // slow_body
  friend bool operator==(const Fault&, const Fault&) = default;
};

struct FaultRule {
  FaultMatch match;
  Fault fault;
  friend bool operator==(const FaultRule&, const FaultRule&) = default;
};

// A fault that fired for one request, with its delay drawn.
struct FiredFault {
  Fault fault;
  size_t rule = 0;                          // its index among the rules
  std::chrono::milliseconds drawn_delay{};  // delay without latency_factor
  // The delay before an answer recorded with `recorded_latency_ms`.
  std::chrono::nanoseconds delay(double recorded_latency_ms) const;
  // How many of `body_size` bytes go out before a reset or a truncation.
  size_t bytes_before_cut(size_t body_size) const;
  // How long sending `body_size` bytes takes at the slow_body rate.
  std::chrono::nanoseconds sending_time(size_t body_size) const;
};

// The rules of one cassette. Thread-safe; costs one atomic load per request
// while there are none.
class FaultRules {
 public:
  explicit FaultRules(std::vector<FaultRule> rules = {});
  ~FaultRules();
  FaultRules(const FaultRules&) = delete;
  FaultRules& operator=(const FaultRules&) = delete;

  // Appends `rules` (they apply after the ones already there).
  void add(std::vector<FaultRule> rules);
  void clear();
  std::vector<FaultRule> rules() const;
  bool empty() const { return empty_.load(std::memory_order_relaxed); }
  // Every rule's call count and random generator start over.
  void restart();

  // The fault for `request` (keyed: base URL and route prefix stripped),
  // matched under `context` (its route, and its key for rules that name one),
  // or nullopt. Counts the call for every rule that fits.
  std::optional<FiredFault> fire(const Request& request, const MatchContext& context);

 private:
  struct State;
  mutable std::mutex mutex_;
  std::vector<State> states_;
  std::atomic<bool> empty_{true};
};

// Reads a JSON array of rules (the form of automock.json's "faults", see
// docs/replay-server.md). Throws ConfigError naming `origin` and the field.
std::vector<FaultRule> parse_fault_rules(std::string_view json_text, const std::string& origin);
// The rules as that JSON array.
std::string fault_rules_json(const std::vector<FaultRule>& rules);

}  // namespace automock
