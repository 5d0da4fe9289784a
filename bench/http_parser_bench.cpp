// Parser throughput on typical requests (Google Benchmark).
#include <benchmark/benchmark.h>

#include <string>

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

}  // namespace

BENCHMARK_MAIN();
