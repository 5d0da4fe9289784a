// The first event of a server-sent-event stream, direct and through the
// capture proxy (issue 15: within 5 ms of the direct figure): an SSE upstream
// on loopback (tests/support/sse.hpp) answers each stream with two events 5
// ms apart; each stream is a new connection, read until its first event.
// Prints the p50 and p99 of request-to-first-event over N streams each way.
//
// Usage: sse_first_event_bench [streams=100]
#include <unistd.h>

#include <algorithm>
#include <automock/proxy.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/sse.hpp"

namespace {

using automock::test::ChunkedReader;

// Milliseconds from sending the request to the first event, per stream.
std::vector<double> first_events(uint16_t port, int streams) {
  std::vector<double> times;
  for (int i = 0; i < streams; ++i) {
    ChunkedReader client{port};
    const auto read = client.get("/events", 1);
    if (read.chunks.empty()) throw std::runtime_error("a stream gave no event");
    times.push_back(read.head_ms + read.offsets_ms.front());
  }
  std::sort(times.begin(), times.end());
  return times;
}

void print(const char* label, const std::vector<double>& sorted) {
  const auto at = [&](double q) { return sorted[static_cast<size_t>(q * (sorted.size() - 1))]; };
  std::printf("%-26s p50 %.3f ms  p99 %.3f ms  (%zu streams)\n", label, at(0.5), at(0.99),
              sorted.size());
}

}  // namespace

int main(int argc, char** argv) {
  const int streams = argc > 1 ? std::atoi(argv[1]) : 100;
  const automock::test::SseUpstream upstream{2, std::chrono::milliseconds{5}};
  const auto port_of = [](const std::string& url) {
    return static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  };
  print("direct", first_events(port_of(upstream.url()), streams));

  const auto cassette =
      std::filesystem::temp_directory_path() / ("automock-sse-bench-" + std::to_string(::getpid()));
  {
    automock::ProxyOptions options;
    options.cassette = cassette;
    options.upstream = upstream.url();
    options.mode = automock::Mode::new_episodes;
    options.allow_network_in_ci = true;
    automock::CaptureProxy proxy{options};
    print("through record (new)", first_events(proxy.port(), streams));
  }
  std::filesystem::remove_all(cassette);
  return 0;
}
