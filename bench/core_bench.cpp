// In-process figures for the core library (Google Benchmark):
//   key computation for a small GET and a 4 KB JSON POST,
//   hot replay of a 1 KB response through the cassette transport from a
//   cassette of 10,000 fixtures, and the time to the first response from a
//   freshly opened 10,000-fixture cassette (cold), and 8 threads sharing a
//   freshly opened 10,000-fixture cassette, each request a different fixture
//   (every lookup cold: it reads and parses its file); the secret-shape
//   scanner and the whole redaction of an exchange over JSON bodies of
//   fixture sizes (MB/s).
// The 10,000-fixture cassette is generated once under $TMPDIR and reused.

#include <benchmark/benchmark.h>

#include <automock/cassette.hpp>
#include <automock/match.hpp>
#include <automock/transport.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/json_redact.hpp"
#include "core/secret_scan.hpp"

namespace {

namespace fs = std::filesystem;
using namespace automock;

constexpr int k_fixtures = 10000;

Request small_get() {
  return Request{"GET", "/v1/todos?done=false&limit=20", {{"Accept", "application/json"}}, ""};
}

Request json_post_4k() {
  std::string body = "{\"items\":[";
  for (int i = 0; body.size() < 4000; ++i) {
    if (i > 0) body += ',';
    body += "{\"id\":" + std::to_string(i) + ",\"title\":\"item number " + std::to_string(i) +
            "\",\"done\":false,\"score\":" + std::to_string(i * 0.25) + "}";
  }
  body += "]}";
  return Request{"POST", "/v1/todos/bulk", {{"Content-Type", "application/json"}}, body};
}

Request numbered(int i) {
  return Request{"GET", "/v1/items/" + std::to_string(i), {}, ""};
}

class KilobyteUpstream : public Transport {
 public:
  Response send(const Request& request) override {
    std::string body = "{\"target\":\"" + request.target + "\",\"pad\":\"";
    body.append(1000 - body.size() - 2, 'x');
    body += "\"}";
    return Response{200, {{"Content-Type", "application/json"}}, body};
  }
};

// A cassette of 10,000 fixtures with 1 KB responses, made once.
fs::path big_cassette() {
  const auto dir = fs::temp_directory_path() / "automock-bench-10k";
  const auto done = dir / ".complete";
  if (fs::exists(done)) return dir;
  fs::remove_all(dir);
  KilobyteUpstream upstream;
  Cassette cassette{dir, CassetteOptions{.mode = Mode::record, .allow_network_in_ci = true}};
  for (int i = 0; i < k_fixtures; ++i) cassette.handle(numbered(i), &upstream);
  std::ofstream{done} << "ok";
  return dir;
}

CassetteOptions replay_options() {
  return CassetteOptions{.mode = Mode::replay};
}

void BM_KeySmallGet(benchmark::State& state) {
  const auto request = small_get();
  const MatchContext context;
  for (auto _ : state) benchmark::DoNotOptimize(request_key(request, context));
}
BENCHMARK(BM_KeySmallGet);

// The cost of volatile path segments: four segments, each tried against two regexes.
void BM_KeyGetWithPathPatterns(benchmark::State& state) {
  const Request request{
      "GET", "/v1/carts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/items?limit=10", {}, ""};
  MatchContext context;
  context.match.path_patterns = {*builtin_path_pattern("uuid"), *builtin_path_pattern("timestamp")};
  for (auto _ : state) benchmark::DoNotOptimize(request_key(request, context));
}
BENCHMARK(BM_KeyGetWithPathPatterns);

void BM_KeyJsonPost4KB(benchmark::State& state) {
  const auto request = json_post_4k();
  const MatchContext context;
  for (auto _ : state) benchmark::DoNotOptimize(request_key(request, context));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(request.body.size()));
}
BENCHMARK(BM_KeyJsonPost4KB);

// A JSON response body of about `bytes` with no secret in it: the scanner's
// common case (every byte looked at, nothing replaced).
std::string json_body_of(int64_t bytes) {
  std::string body = "{\"items\":[";
  for (int i = 0; static_cast<int64_t>(body.size()) < bytes; ++i) {
    if (i > 0) body += ',';
    body += "{\"id\":" + std::to_string(i) + ",\"title\":\"a task description " +
            std::to_string(i) + "\",\"assignee\":\"someone@example.test\",\"done\":false}";
  }
  return body + "]}";
}

// A plain-text body of about `bytes`: log-like lines, no secret.
std::string text_body_of(int64_t bytes) {
  std::string body;
  for (int i = 0; static_cast<int64_t>(body.size()) < bytes; ++i) {
    body += "2026-11-26T12:00:00Z task " + std::to_string(i) +
            " assigned to someone@example.test, state open, see /v1/todos/" + std::to_string(i) +
            "\n";
  }
  return body;
}

// Fixture-sized bodies: 1 KB, 64 KB, 1 MB.
void fixture_sizes(benchmark::internal::Benchmark* bench) {
  bench->Arg(1 << 10)->Arg(64 << 10)->Arg(1 << 20);
}

void BM_SecretShapeScan(benchmark::State& state) {
  const auto body = json_body_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(find_secret_shapes(body));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_SecretShapeScan)->Apply(fixture_sizes);

void BM_SecretShapeScanText(benchmark::State& state) {
  const auto body = text_body_of(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(find_secret_shapes(body));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_SecretShapeScanText)->Apply(fixture_sizes);

// The in-place JSON redaction (span scanner) of a body with one secret in it.
void BM_RedactJsonInPlace(benchmark::State& state) {
  const auto body = json_body_of(state.range(0)) + " ";
  const auto with_secret = "{\"password\":\"p-0123456789\",\"data\":" + body + "}";
  const RedactRules rules;
  for (auto _ : state) benchmark::DoNotOptimize(redact_json_text(with_secret, rules));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(with_secret.size()));
}
BENCHMARK(BM_RedactJsonInPlace)->Apply(fixture_sizes);

void BM_RedactExchangeJson(benchmark::State& state) {
  const Request request{"GET", "/v1/todos?access_token=at-0123456789", {}, ""};
  const Response response{
      200, {{"Content-Type", "application/json"}}, json_body_of(state.range(0))};
  const MatchContext context;
  for (auto _ : state) benchmark::DoNotOptimize(redact_exchange(request, response, context));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(response.body.size()));
}
BENCHMARK(BM_RedactExchangeJson)->Apply(fixture_sizes);

void BM_HotReplay1KBFrom10kCassette(benchmark::State& state) {
  auto cassette = std::make_shared<Cassette>(big_cassette(), replay_options());
  CassetteTransport transport{cassette};
  const auto request = numbered(4242);
  transport.send(request);
  for (auto _ : state) benchmark::DoNotOptimize(transport.send(request));
}
BENCHMARK(BM_HotReplay1KBFrom10kCassette);

void BM_ColdFirstResponseFrom10kCassette(benchmark::State& state) {
  const auto dir = big_cassette();
  int i = 0;
  for (auto _ : state) {
    Cassette cassette{dir, replay_options()};
    benchmark::DoNotOptimize(cassette.handle(numbered(i++ % k_fixtures), nullptr));
  }
}
BENCHMARK(BM_ColdFirstResponseFrom10kCassette)->Unit(benchmark::kMicrosecond);

// One iteration: a freshly opened cassette answers all 10,000 fixtures once,
// from 8 threads (thread t asks for t, t + 8, t + 16...).
void BM_ColdLookups8ThreadsFrom10kCassette(benchmark::State& state) {
  constexpr int k_threads = 8;
  const auto dir = big_cassette();
  for (auto _ : state) {
    Cassette cassette{dir, replay_options()};
    std::vector<std::jthread> threads;
    for (int t = 0; t < k_threads; ++t) {
      threads.emplace_back([&cassette, t] {
        for (int i = t; i < k_fixtures; i += k_threads) {
          benchmark::DoNotOptimize(cassette.handle(numbered(i), nullptr));
        }
      });
    }
  }
  state.SetItemsProcessed(state.iterations() * k_fixtures);
}
BENCHMARK(BM_ColdLookups8ThreadsFrom10kCassette)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
