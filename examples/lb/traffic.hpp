#pragma once
// Traffic through a load balancer, for the deploy demo (lb_traffic) and the
// load-balanced deploy's end-to-end test: GET /health sent to 127.0.0.1:PORT
// from threads of their own, at most 500 requests a second over four
// keep-alive connections (one request every 8 ms on each, so that a slow
// answer on one connection does not stall the others), until stopped. A request fails on a
// transport error or a status other than 200. Counts may be read from any thread.

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lb {

class Traffic {
 public:
  static constexpr int k_connections = 4;
  static constexpr std::chrono::microseconds k_interval{8000};  // per connection

  struct Counts {
    long sent = 0;
    long failed = 0;
  };

  explicit Traffic(int port) {
    for (int i = 0; i < k_connections; ++i) {
      threads_.emplace_back([this, port] { send_until_stopped(port); });
    }
  }
  ~Traffic() { stop(); }
  Traffic(const Traffic&) = delete;
  Traffic& operator=(const Traffic&) = delete;

  // Returns once the request in flight has its answer.
  void stop() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  Counts counts() const { return {sent_.load(), failed_.load()}; }
  // How the first failed requests failed, one per line.
  std::string failures() const {
    std::lock_guard lock(mutex_);
    return failures_;
  }

 private:
  void send_until_stopped(int port) {
    httplib::Client client{"127.0.0.1", port};
    client.set_keep_alive(true);
    client.set_read_timeout(std::chrono::seconds{5});
    auto next = std::chrono::steady_clock::now();
    while (!stop_) {
      const auto response = client.Get("/health");
      ++sent_;
      if (!response || response->status != 200) note_failure(response);
      // Pacing, not waiting for a condition; after a slow answer the pace
      // restarts from now rather than bursting to catch up.
      next = std::max(next + k_interval, std::chrono::steady_clock::now());
      std::this_thread::sleep_until(next);
    }
  }

  void note_failure(const httplib::Result& response) {
    ++failed_;
    std::lock_guard lock(mutex_);
    if (failures_.size() > 2000) return;
    failures_ += response ? "HTTP " + std::to_string(response->status)
                          : "transport error: " + httplib::to_string(response.error());
    failures_ += "\n";
  }

  std::atomic<bool> stop_{false};
  std::atomic<long> sent_{0};
  std::atomic<long> failed_{0};
  mutable std::mutex mutex_;
  std::string failures_;
  std::vector<std::thread> threads_;
};

}  // namespace lb
