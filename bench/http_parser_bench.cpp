// Parser throughput on typical requests, and what the browser guard adds to
// each request the servers answer (Google Benchmark).
#include <benchmark/benchmark.h>

#include <string>

#include "net/browser_guard.hpp"
#include "net/http_parser.hpp"

namespace {

void parse(benchmark::State& state, const std::string& bytes) {
  for (auto _ : state) {
    auto outcome = automock::net::parse_request(bytes);
    benchmark::DoNotOptimize(outcome);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

void BM_ParseSmallGet(benchmark::State& state) {
  parse(state,
        "GET /v1/todos?done=false HTTP/1.1\r\nHost: api.example.com\r\n"
        "User-Agent: bench/1.0\r\nAccept: application/json\r\n\r\n");
}
BENCHMARK(BM_ParseSmallGet);

void BM_ParseChunkedPost(benchmark::State& state) {
  std::string bytes = "POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 16; ++i) bytes += "400\r\n" + std::string(1024, 'x') + "\r\n";
  parse(state, bytes + "0\r\n\r\n");
}
BENCHMARK(BM_ParseChunkedPost);

// A request as a test client sends it (loopback Host, no Origin), and one from
// a page on loopback (Origin too): what BrowserGuard::refusal checks.
void guard(benchmark::State& state, automock::Headers headers) {
  const automock::net::BrowserGuard checker{"127.0.0.1", {}};
  const automock::Request request{.method = "GET", .target = "/v1/todos", .headers = headers};
  for (auto _ : state) {
    auto refused = checker.refusal(request);
    benchmark::DoNotOptimize(refused);
  }
}

void BM_GuardLoopbackHost(benchmark::State& state) {
  guard(state, {{"Host", "127.0.0.1:8080"}, {"User-Agent", "bench/1.0"}, {"Accept", "*/*"}});
}
BENCHMARK(BM_GuardLoopbackHost);

void BM_GuardLocalhostHostAndOrigin(benchmark::State& state) {
  guard(state, {{"Host", "localhost:8080"},
                {"Origin", "http://localhost:3000"},
                {"User-Agent", "bench/1.0"},
                {"Accept", "*/*"}});
}
BENCHMARK(BM_GuardLocalhostHostAndOrigin);

}  // namespace

BENCHMARK_MAIN();
