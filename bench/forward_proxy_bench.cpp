// A load client for the forward proxy: CONNECTIONS threads, each with one
// libcurl handle, GET URL through PROXY (trusting CA) for SECONDS, then the
// requests per second and the p50 and p99 latencies. With `tunnels` each
// request opens a new connection (CONNECT, TLS handshake, request); with
// `keepalive` each thread keeps its tunnel. Without a proxy ("-") it loads
// URL directly, for the baseline.
//
//   forward_proxy_bench PROXY|- CA|- URL CONNECTIONS SECONDS keepalive|tunnels
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Load {
  std::string proxy;
  std::string ca;
  std::string url;
  bool new_connections = false;
  Clock::time_point deadline;
};

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

// One thread's latencies, in microseconds; a failed request stops the run.
std::vector<double> run_one(const Load& load, bool& failed) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, load.url.c_str());
  if (load.proxy != "-") curl_easy_setopt(curl, CURLOPT_PROXY, load.proxy.c_str());
  if (load.ca != "-") curl_easy_setopt(curl, CURLOPT_CAINFO, load.ca.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, load.new_connections ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_SESSIONID_CACHE, load.new_connections ? 0L : 1L);
  std::vector<double> latencies;
  while (Clock::now() < load.deadline) {
    const auto start = Clock::now();
    long status = 0;
    if (curl_easy_perform(curl) != CURLE_OK ||
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status != 200) {
      failed = true;
      break;
    }
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  curl_easy_cleanup(curl);
  return latencies;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s PROXY|- CA|- URL CONNECTIONS SECONDS keepalive|tunnels\n",
                 argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_ALL);
  const int connections = std::atoi(argv[4]);
  const double seconds = std::atof(argv[5]);
  const Load load{argv[1], argv[2], argv[3], std::string{argv[6]} == "tunnels",
                  Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>{seconds})};
  std::vector<double> all;
  std::mutex mutex;
  bool failed = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&] {
      bool thread_failed = false;
      auto latencies = run_one(load, thread_failed);
      std::lock_guard lock{mutex};
      failed = failed || thread_failed;
      all.insert(all.end(), latencies.begin(), latencies.end());
    });
  }
  for (auto& thread : threads) thread.join();
  std::sort(all.begin(), all.end());
  std::printf("%d connections, %s: %zu requests, %.0f/s, p50 %.3f ms, p99 %.3f ms%s\n", connections,
              argv[6], all.size(), static_cast<double>(all.size()) / seconds,
              percentile(all, 0.5) / 1000, percentile(all, 0.99) / 1000,
              failed ? " (a request FAILED)" : "");
  curl_global_cleanup();
  return failed ? 1 : 0;
}
