#include <automock/fault.hpp>
#include <automock/http.hpp>
#include <automock/match.hpp>
#include <functional>
#include <random>

#include "core/text.hpp"

namespace automock {

namespace {

bool query_has(std::string_view query, std::string_view name, std::string_view value) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const auto key = pair.substr(0, eq);
    const auto val = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key == name && val == value) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

// `key` computes the request's key, once, for the rules that name one.
bool fits(const FaultMatch& match, const Request& request, const MatchContext& context,
          const std::function<const std::string&()>& key) {
  if (!match.method.empty() && !iequals(match.method, request.method)) return false;
  if (match.route && *match.route != context.route) return false;
  if (match.key && *match.key != key()) return false;
  if (!glob_matches(match.path, request.path())) return false;
  for (const auto& [name, value] : match.query) {
    if (!query_has(request.query(), name, value)) return false;
  }
  return true;
}

// A uniform double in [0, 1) from the generator's 53 high bits: the same on
// every platform (std::uniform_real_distribution is not).
double unit_draw(std::mt19937_64& generator) {
  return static_cast<double>(generator() >> 11) * 0x1p-53;
}

}  // namespace

struct FaultRules::State {
  FaultRule rule;
  uint64_t calls = 0;
  std::mt19937_64 generator;

  explicit State(FaultRule from) : rule(std::move(from)), generator(rule.match.seed) {}

  void restart() {
    calls = 0;
    generator.seed(rule.match.seed);
  }

  // Counts a fitting call; true when the fault fires for it.
  bool fires() {
    ++calls;
    const auto& match = rule.match;
    const bool drawn = match.probability >= 1 || unit_draw(generator) < match.probability;
    return drawn && (!match.call || *match.call == calls);
  }

  std::chrono::milliseconds draw_delay() {
    const auto& fault = rule.fault;
    if (fault.delay_max <= fault.delay_min) return fault.delay_min;
    const auto span = static_cast<uint64_t>((fault.delay_max - fault.delay_min).count()) + 1;
    return fault.delay_min + std::chrono::milliseconds{generator() % span};
  }
};

std::chrono::nanoseconds FiredFault::delay(double recorded_latency_ms) const {
  if (fault.kind != FaultKind::delay) return {};
  if (fault.latency_factor <= 0) return drawn_delay;
  const double ms = recorded_latency_ms > 0 ? recorded_latency_ms * fault.latency_factor : 0;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double, std::milli>{ms});
}

size_t FiredFault::bytes_before_cut(size_t body_size) const {
  const size_t bytes = fault.body_bytes.value_or(body_size / 2);
  // A cut must leave at least one byte out, or the body would be whole.
  return body_size == 0 ? 0 : std::min(bytes, body_size - 1);
}

std::chrono::nanoseconds FiredFault::sending_time(size_t body_size) const {
  if (fault.kind != FaultKind::slow_body || fault.bytes_per_second == 0) return {};
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>{
      static_cast<double>(body_size) / static_cast<double>(fault.bytes_per_second)});
}

FaultRules::FaultRules(std::vector<FaultRule> rules) {
  add(std::move(rules));
}

FaultRules::~FaultRules() = default;

void FaultRules::add(std::vector<FaultRule> rules) {
  std::lock_guard lock{mutex_};
  for (auto& rule : rules) states_.emplace_back(std::move(rule));
  empty_.store(states_.empty(), std::memory_order_relaxed);
}

void FaultRules::clear() {
  std::lock_guard lock{mutex_};
  states_.clear();
  empty_.store(true, std::memory_order_relaxed);
}

std::vector<FaultRule> FaultRules::rules() const {
  std::lock_guard lock{mutex_};
  std::vector<FaultRule> rules;
  for (const auto& state : states_) rules.push_back(state.rule);
  return rules;
}

void FaultRules::restart() {
  std::lock_guard lock{mutex_};
  for (auto& state : states_) state.restart();
}

std::optional<FiredFault> FaultRules::fire(const Request& request, const MatchContext& context) {
  if (empty()) return std::nullopt;
  std::optional<std::string> computed_key;
  const std::function<const std::string&()> key = [&]() -> const std::string& {
    if (!computed_key) computed_key = request_key(request, context);
    return *computed_key;
  };
  std::lock_guard lock{mutex_};
  std::optional<FiredFault> fired;
  for (size_t i = 0; i < states_.size(); ++i) {
    auto& state = states_[i];
    if (!fits(state.rule.match, request, context, key) || !state.fires() || fired) continue;
    fired = FiredFault{state.rule.fault, i, state.draw_delay()};
  }
  return fired;
}

}  // namespace automock
