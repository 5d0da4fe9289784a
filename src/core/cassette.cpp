#include <automock/cassette.hpp>
#include <automock/match.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/atomic_file.hpp"
#include "core/cassette_engine.hpp"
#include "core/exchange_cache.hpp"
#include "core/fixture_stream.hpp"
#include "core/origin.hpp"
#include "core/secret_names.hpp"
#include "core/unmatched_report.hpp"

namespace automock {

namespace {

namespace fs = std::filesystem;

// `request` as it goes to the upstream of `origin` (a route line naming an
// origin): its target absolute again.
Request absolute(Request request, const std::string& origin) {
  request.target.insert(0, origin);
  return request;
}

bool has_fixtures(const fs::path& directory) {
  std::error_code error;
  for (fs::directory_iterator it{directory, error}, end; !error && it != end; it.increment(error)) {
    if (is_fixture_file_name(it->path().filename().string())) return true;
  }
  return false;
}

std::string strip_absolute_url(std::string_view target, std::string_view base_url) {
  if (!base_url.empty() && target.starts_with(base_url)) {
    target.remove_prefix(base_url.size());
  } else if (origin_of(target)) {
    const auto slash = target.find_first_of("/?", target.find("://") + 3);
    target = slash == std::string_view::npos ? std::string_view{} : target.substr(slash);
  }
  if (target.empty() || target.front() == '?') return "/" + std::string{target};
  return std::string{target};
}

// The mode in force: AUTOMOCK_MODE, else the option, else the config's, else
// replay.
Mode resolved_mode(const CassetteOptions& options) {
  return effective_mode(options.mode.value_or(options.config.mode.value_or(Mode::replay)));
}

// `options` with the system clock and warnings on stderr where it has none.
CassetteOptions with_defaults(CassetteOptions options) {
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  if (!options.warn) options.warn = [](const std::string& text) { std::cerr << text << '\n'; };
  return options;
}

// The match context of every route of `config`, "" (no route) included.
std::unordered_map<std::string, MatchContext> route_contexts(const Config& config) {
  std::unordered_map<std::string, MatchContext> contexts{{"", config.context_for("")}};
  for (const auto& route : config.routes) {
    contexts.emplace(route.name, config.context_for(route.name));
  }
  return contexts;
}

// AUTOMOCK_FAULTS: rules in the form of automock.json's "faults", added
// after the others (`automock sweep` sets it for each run).
std::vector<FaultRule> fault_rules_from_environment() {
  const char* text = std::getenv("AUTOMOCK_FAULTS");
  if (text == nullptr || *text == '\0') return {};
  return parse_fault_rules(text, "AUTOMOCK_FAULTS");
}

}  // namespace

struct Cassette::Impl {
  fs::path directory;
  CassetteOptions options;
  // The settings in force: the option, else the config's, else the default.
  Mode mode;
  bool strict_sequences;
  // The match context of every route ("" included), computed once.
  std::unordered_map<std::string, MatchContext> contexts;
  // The base URL's origin: absolute targets of another origin are keyed with theirs.
  std::optional<std::string> base_origin;
  // `once` on a cassette that existed when opened replays; on a new one it records.
  bool once_records;

  std::mutex mutex;
  // Per key: how many identical requests were answered (the next sequence to play).
  std::unordered_map<std::string, int> next_seq;
  // Per key, in mode `record`: how many were claimed in this session.
  std::unordered_map<std::string, int> recorded_seq;
  // Per key, in mode `new_episodes`: the sequence numbers being written now.
  std::unordered_map<std::string, std::set<int>> writing;
  std::deque<UnmatchedRequest> misses;  // the last k_max_misses_kept, cut
  size_t dropped_misses = 0;
  ExchangeCache cache;
  FaultRules faults;

  Impl(fs::path dir, CassetteOptions opts)
      : directory(std::move(dir)),
        options(with_defaults(std::move(opts))),
        mode(resolved_mode(options)),
        strict_sequences(options.strict_sequences.value_or(options.config.strict_sequences)),
        contexts(route_contexts(options.config)),
        base_origin(origin_of(options.base_url)),
        once_records(mode == Mode::once && !has_fixtures(directory)),
        cache(options.config.max_fixture_bytes),
        faults(options.config.faults) {
    faults.add(options.faults);
    faults.add(fault_rules_from_environment());
    const bool reaches_network = mode != Mode::replay && (mode != Mode::once || once_records);
    check_network_allowed(reaches_network ? mode : Mode::replay, options.allow_network_in_ci);
  }

  bool replays_only() const {
    return mode == Mode::replay || (mode == Mode::once && !once_records);
  }

  // A configured route keeps its name; else an absolute target of another
  // origin than the base URL's has its origin on the route line.
  Normalized normalize(const Request& request) const {
    Normalized result{request, {}};
    const auto origin = origin_of(request.target);
    result.request.target = strip_absolute_url(request.target, options.base_url);
    const auto& config = options.config;
    if (const Route* route = config.route_for_path(result.request.path())) {
      result.request.target.erase(0, route->prefix.size());
      if (result.request.target.empty() || result.request.target.front() != '/') {
        result.request.target.insert(0, "/");
      }
      result.context = contexts.at(route->name);
    } else {
      result.context = contexts.at("");
      if (origin && origin != base_origin) result.context.route = *origin;
    }
    return result;
  }

  // The match context of a recorded route: a configured route's, else the
  // global rules with the route line as recorded (an origin).
  MatchContext context_of_route(const std::string& route) const {
    if (const auto found = contexts.find(route); found != contexts.end()) return found->second;
    MatchContext context = contexts.at("");
    context.route = route;
    return context;
  }

  fs::path file_for(const Request& request, const std::string& key, int seq) const {
    return directory / fixture_file_name(request.method, request.path(), key, seq);
  }

  bool expired(const Exchange& exchange) const {
    const auto& max_age = options.config.max_age_seconds;
    return max_age && options.clock() - exchange.recorded_at > std::chrono::seconds{*max_age};
  }

  // Reports an expired exchange; true when it should be recorded again.
  bool handle_expiry(const Exchange& exchange) {
    if (!expired(exchange)) return false;
    const auto file = file_for(exchange.request, exchange.key, exchange.seq);
    const std::string text = "automock: " + file.string() + " is older than the cassette's " +
                             "max age; record it again (AUTOMOCK_MODE=new_episodes)";
    const bool rerecord = mode == Mode::new_episodes && !ci_variable();
    if (rerecord) return true;
    if (options.config.expiry_action == ExpiryAction::error) throw CheckFailed(text);
    options.warn(text);
    return false;
  }

  // Reads the fixture file of (key, seq) into the cache with `lock` released,
  // so that other requests go on while it is read and parsed.
  void read_unlocked(std::unique_lock<std::mutex>& lock, const Request& request,
                     const std::string& key, int seq, const MatchContext& context) {
    lock.unlock();
    // Named as recorded: after the path rules (a token in the path is in no name).
    const Request named{.method = request.method,
                        .target = redact_path_segments(request.path(), context.redact.path)};
    cache.read(key, seq, file_for(named, key, seq), context);
    lock.lock();
  }

  // The exchange recorded for the next identical request, or nullptr. With
  // `repeat_last`, past the last recording the last one answers again. The
  // files it needs are read with the lock released, then it decides under
  // the lock from the cache alone.
  std::shared_ptr<const Exchange> lookup(const Normalized& normalized, bool repeat_last) {
    const auto rewritten = rekeyed(normalized.request, normalized.context);
    const Request& request = rewritten ? *rewritten : normalized.request;
    const auto key = request_key(request, normalized.context);
    std::unique_lock lock{mutex};
    while (const auto seq = unread(key, repeat_last)) {
      read_unlocked(lock, request, key, *seq, normalized.context);
    }
    return take(request, key, repeat_last);
  }

  // The request as it is keyed and written to its fixture, when that is not
  // `request` itself: the normalize_request hook's answer, with its volatile
  // path segments as placeholders. The upstream gets the request as sent.
  std::optional<Request> rekeyed(const Request& request, const MatchContext& context) const {
    const auto& patterns = context.match.path_patterns;
    if (!options.normalize_request && patterns.empty()) return std::nullopt;
    Request keyed = options.normalize_request ? options.normalize_request(request) : request;
    keyed.target = target_with_placeholders(keyed.target, patterns);
    return keyed;
  }

  // Under the lock: the sequence number whose file lookup() must read before
  // it can decide, or nullopt when the cache holds all it needs.
  std::optional<int> unread(const std::string& key, bool repeat_last) {
    const int seq = next_seq[key];
    const auto next = cache.find(key, seq);
    if (!next) return seq;
    if (*next || seq == 0 || !repeat_last || cache.find(key, seq - 1)) return std::nullopt;
    return seq - 1;
  }

  // Under the lock, once unread() is nullopt: plays the next recording of
  // `key` (or, past the last, the last) and counts it.
  std::shared_ptr<const Exchange> take(const Request& request, const std::string& key,
                                       bool repeat_last) {
    int& seq = next_seq[key];
    auto exchange = *cache.find(key, seq);
    if (exchange && handle_expiry(*exchange)) return nullptr;
    if (exchange) {
      ++seq;
    } else if (seq > 0 && repeat_last) {
      if (strict_sequences) throw exhausted(request, seq);
      exchange = *cache.find(key, seq - 1);
    }
    if (exchange) cache.mark_used(key, exchange->seq);
    return exchange;
  }

  UnmatchedRequest exhausted(const Request& request, int recorded) const {
    return UnmatchedRequest(request, "automock: request number " + std::to_string(recorded + 1) +
                                         " of " + request.method + " " + request.target +
                                         " but the cassette " + directory.string() + " recorded " +
                                         std::to_string(recorded) +
                                         " (strict sequences); record it again with "
                                         "AUTOMOCK_MODE=new_episodes");
  }

  // Writes outside the lock (serialising and the shared syncs dominate), so
  // threads recording different exchanges write in parallel; each claims its
  // sequence number under the lock first.
  std::shared_ptr<const Exchange> record(const Normalized& normalized, const Response& response,
                                         double latency_ms) {
    const auto& context = normalized.context;
    const auto rewritten = rekeyed(normalized.request, context);
    const Request& request = rewritten ? *rewritten : normalized.request;
    auto redacted = redact_exchange(request, response, context);
    if (context.redact.scan == ScanPolicy::fail && !redacted.shapes_found.empty()) {
      throw RecordingRefused(refusal(redacted, request_key(request, context)));
    }
    Exchange exchange{.key = request_key(request, context),
                      .route = context.route,
                      .recorded_at = options.clock(),
                      .request = std::move(redacted.request),
                      .response = std::move(redacted.response),
                      .latency_ms = latency_ms};
    // Redaction may have changed the body's size under its recorded chunks.
    exchange.response.chunks =
        chunks_fitted(response.chunks, response.body, exchange.response.body);
    const auto file = mode == Mode::record ? write_replacing(exchange) : write_new(exchange);
    for (const auto& shape : redacted.shapes_found) {
      options.warn("automock: " + file.string() + ": secret found by its shape: " + shape);
    }
    std::lock_guard lock{mutex};
    int& next = next_seq[exchange.key];
    next = std::max(next, exchange.seq + 1);
    auto stored = std::make_shared<const Exchange>(std::move(exchange));
    cache.store(file, stored);
    cache.mark_used(stored->key, stored->seq);
    return stored;
  }

  // Why the scan policy fail refuses `redacted`: its fixture and fields.
  std::string refusal(const RedactedExchange& redacted, const std::string& key) const {
    std::string text = "automock: " + file_for(redacted.request, key, 0).string() +
                       ": not written (scan policy fail): secret found by its shape:";
    constexpr std::string_view k_redacted_note = " (redacted)";  // true of what is not written
    for (std::string_view shape : redacted.shapes_found) {
      if (shape.ends_with(k_redacted_note)) shape.remove_suffix(k_redacted_note.size());
      text += " " + std::string{shape} + ";";
    }
    text.pop_back();
    return text;
  }

  // Mode `record` numbers this session's recordings of a key 0, 1, 2... and
  // replaces what was there. A failed write (a full disk) gives its number
  // back when no later one was claimed, so the retry writes the same number.
  fs::path write_replacing(Exchange& exchange) {
    {
      std::lock_guard lock{mutex};
      exchange.seq = recorded_seq[exchange.key]++;
    }
    const auto file = file_for(exchange.request, exchange.key, exchange.seq);
    try {
      write_file_atomic(file, serialize_fixture(exchange), WriteMode::replace);
    } catch (...) {
      std::lock_guard lock{mutex};
      int& claimed = recorded_seq[exchange.key];
      if (claimed == exchange.seq + 1) claimed = exchange.seq;
      throw;
    }
    return file;
  }

  // Claims the first free sequence number from the key's next one on: a
  // number another thread is writing is skipped, and link(2) never
  // overwrites, so parallel writers (threads or processes) never lose an
  // exchange. An expired recording at that number is replaced.
  fs::path write_new(Exchange& exchange) {
    for (int from = 0;; from = exchange.seq + 1) {
      const WriteMode write_mode = claim_new(exchange, from);
      const auto file = file_for(exchange.request, exchange.key, exchange.seq);
      bool written = false;
      try {
        written = write_file_atomic(file, serialize_fixture(exchange), write_mode);
      } catch (...) {
        release(exchange);
        throw;
      }
      release(exchange);
      if (written) return file;
    }
  }

  // Sets exchange.seq to the first number, from max(from, next to play), that
  // no thread is writing and no live recording holds, and marks it taken.
  // Fixture files are read with the lock released, then it starts over.
  WriteMode claim_new(Exchange& exchange, int from) {
    std::unique_lock lock{mutex};
    for (;;) {
      exchange.seq = first_free(exchange.key, std::max(from, next_seq[exchange.key]));
      const auto existing = cache.find(exchange.key, exchange.seq);
      if (existing) {
        writing[exchange.key].insert(exchange.seq);
        return *existing ? WriteMode::replace : WriteMode::create_new;
      }
      read_unlocked(lock, exchange.request, exchange.key, exchange.seq,
                    context_of_route(exchange.route));
    }
  }

  // Under the lock: the first number from `seq` on that no thread is writing
  // and no live recording in the cache holds (its file may be unread yet).
  int first_free(const std::string& key, int seq) {
    const auto& taken = writing[key];
    for (;; ++seq) {
      if (taken.contains(seq)) continue;
      const auto existing = cache.find(key, seq);
      if (!existing || !*existing || expired(**existing)) return seq;
    }
  }

  void keep_miss(UnmatchedRequest miss) {
    std::lock_guard lock{mutex};
    misses.push_back(std::move(miss));
    if (misses.size() <= k_max_misses_kept) return;
    misses.pop_front();
    ++dropped_misses;
  }

  void release(const Exchange& exchange) {
    std::lock_guard lock{mutex};
    auto taken = writing.find(exchange.key);
    taken->second.erase(exchange.seq);
    if (taken->second.empty()) writing.erase(taken);
  }
};

Cassette::Cassette(fs::path directory, CassetteOptions options)
    : impl_(std::make_unique<Impl>(std::move(directory), std::move(options))) {}

Cassette::~Cassette() = default;

const fs::path& Cassette::directory() const {
  return impl_->directory;
}

Mode Cassette::mode() const {
  return impl_->mode;
}

Response Cassette::handle(const Request& request, Transport* upstream) {
  auto answer = CassetteEngine{*this}.answer(request, upstream);
  if (answer.source == CassetteAnswer::Source::refused) throw CheckFailed(answer.refusal);
  return std::move(answer.response);
}

CassetteEngine::CassetteEngine(Cassette& cassette) : impl_(*cassette.impl_) {}

Normalized CassetteEngine::normalize(const Request& request) const {
  return impl_.normalize(request);
}

std::optional<Exchange> CassetteEngine::play(const Request& request) {
  auto exchange = impl_.lookup(impl_.normalize(request), true);
  if (!exchange) return std::nullopt;
  return *exchange;
}

fs::path CassetteEngine::record(const Request& request, const Response& response,
                                double latency_ms) {
  return file_of(*impl_.record(impl_.normalize(request), response, latency_ms));
}

CassetteAnswer CassetteEngine::answer(const Request& request, Transport* upstream) {
  return answer(request, [&](const std::string&) -> Transport& {
    if (upstream == nullptr) {
      throw InputError("cassette " + impl_.directory.string() + " is in mode '" +
                       std::string{to_string(impl_.mode)} + "' but has no upstream to forward to");
    }
    return *upstream;
  });
}

CassetteAnswer CassetteEngine::answer(const Request& request, const UpstreamFor& upstream_for) {
  auto step = begin(request);
  if (step.replayed) return std::move(*step.replayed);
  const auto& route = step.forward.context.route;
  auto& upstream = upstream_for(route);
  const auto start = std::chrono::steady_clock::now();
  auto response = upstream.send(is_origin_route(route) ? absolute(step.forward.request, route)
                                                       : step.forward.request);
  const std::chrono::duration<double, std::milli> latency =
      std::chrono::steady_clock::now() - start;
  return finish(step.forward, std::move(response), latency.count());
}

CassetteEngine::Step CassetteEngine::begin(const Request& request) {
  return begin(impl_.normalize(request));
}

CassetteEngine::Step CassetteEngine::begin(Normalized normalized) {
  const Mode mode = impl_.mode;
  if (mode != Mode::passthrough && mode != Mode::record) {
    if (auto exchange = impl_.lookup(normalized, impl_.replays_only())) {
      return {
          CassetteAnswer{exchange->response, CassetteAnswer::Source::replayed, std::move(exchange)},
          {}};
    }
  }
  if (impl_.replays_only()) {
    auto error = unmatched(normalized);
    impl_.keep_miss(error.cut_to(k_max_miss_bytes_kept));
    throw error;
  }
  return {std::nullopt, std::move(normalized)};
}

CassetteAnswer CassetteEngine::finish(const Normalized& forwarded, Response response,
                                      double latency_ms) {
  if (impl_.mode == Mode::passthrough) {
    return {std::move(response), CassetteAnswer::Source::forwarded, nullptr};
  }
  std::shared_ptr<const Exchange> exchange;
  try {
    exchange = impl_.record(forwarded, response, latency_ms);
  } catch (const RecordingRefused& refused) {
    return {std::move(response), CassetteAnswer::Source::refused, nullptr, refused.what()};
  }
  return {std::move(response), CassetteAnswer::Source::recorded, std::move(exchange)};
}

void CassetteEngine::read_files_with(ExchangeCache::FileReader reader) {
  impl_.cache.read_files_with(std::move(reader));
}

fs::path CassetteEngine::file_of(const Exchange& exchange) const {
  return impl_.file_for(exchange.request, exchange.key, exchange.seq);
}

UnmatchedRequest CassetteEngine::unmatched(const Normalized& normalized) const {
  const auto redacted = redact_request(normalized.request, normalized.context.redact);
  return UnmatchedRequest(
      redacted,
      unmatched_report(
          redacted, normalized.context,
          UnmatchedSetting{impl_.directory, impl_.mode, impl_.options.base_url,
                           impl_.options.config.max_fixture_bytes, impl_.options.config.routes}));
}

std::vector<fs::path> Cassette::unused() const {
  std::vector<fs::path> files;
  const auto used = impl_->cache.used_files();
  std::error_code error;
  for (fs::directory_iterator it{impl_->directory, error}, end; !error && it != end;
       it.increment(error)) {
    const auto name = it->path().filename().string();
    if (is_fixture_file_name(name) && !used.contains(name)) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<UnmatchedRequest> Cassette::misses() const {
  std::lock_guard lock{impl_->mutex};
  return {impl_->misses.begin(), impl_->misses.end()};
}

size_t Cassette::dropped_misses() const {
  std::lock_guard lock{impl_->mutex};
  return impl_->dropped_misses;
}

void Cassette::reset() {
  std::lock_guard lock{impl_->mutex};
  impl_->next_seq.clear();
  impl_->recorded_seq.clear();
  impl_->misses.clear();
  impl_->dropped_misses = 0;
  impl_->faults.restart();
}

FaultRules& Cassette::faults() {
  return impl_->faults;
}

void Cassette::forget_usage() {
  impl_->cache.forget_usage();
}

}  // namespace automock
