// Load: 64 keep-alive clients through the capture proxy to a loopback
// upstream, then 64 clients against the replay server on what was recorded.
// AUTOMOCK_LOAD_SECONDS sets each phase's length (default 20).
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <automock/cassette.hpp>
#include <automock/fixture.hpp>
#include <automock/proxy.hpp>
#include <automock/server.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "net/http_server.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int k_clients = 64;

std::chrono::seconds phase_length() {
  const char* text = std::getenv("AUTOMOCK_LOAD_SECONDS");
  return std::chrono::seconds{text != nullptr ? std::atoi(text) : 20};
}

// Client c's n-th request: a distinct POST (recorded once) or one of a few
// GETs that every client repeats (replayed after their first recording).
httplib::Result send_nth(httplib::Client& client, int c, int n) {
  if (n % 2 == 1) return client.Get("/items/" + std::to_string(n % 16));
  const auto body = R"({"client":)" + std::to_string(c) + R"(,"n":)" + std::to_string(n) + "}";
  return client.Post("/load/" + std::to_string(c), body, "application/json");
}

struct Totals {
  std::atomic<size_t> ok{0};
  std::atomic<size_t> failed{0};
  std::array<int, k_clients> sent_by_client{};  // each written by its client only
};

// k_clients threads, each with one keep-alive connection, for `length`.
// With `recorded`, client c repeats the first recorded->sent_by_client[c]
// requests (those it sent while recording).
void run_clients(uint16_t port, std::chrono::seconds length, Totals& totals,
                 const Totals* recorded = nullptr) {
  const auto until = Clock::now() + length;
  std::vector<std::thread> threads;
  for (int c = 0; c < k_clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client{"127.0.0.1", port};
      client.set_keep_alive(true);
      client.set_read_timeout(std::chrono::seconds{30});
      const int cycle = recorded != nullptr ? std::max(1, recorded->sent_by_client[c]) : 0;
      for (int n = 0; Clock::now() < until; ++n) {
        totals.sent_by_client[c] = n + 1;
        const auto result = send_nth(client, c, cycle > 0 ? n % cycle : n);
        const bool ok = result && result->status >= 200 && result->status < 300;
        ++(ok ? totals.ok : totals.failed);
        if (!ok && result) std::cerr << "status " << result->status << ": " << result->body;
        if (!result) std::cerr << "client error " << httplib::to_string(result.error()) << '\n';
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

Response upstream_answer(const Request& request) {
  return Response{
      request.method == "POST" ? 201 : 200,
      {{"Content-Type", "application/json"}},
      request.method == "POST" ? request.body : R"({"item":")" + request.target + "\"}"};
}

TEST(CaptureProxyLoadTest, SixtyFourClientsRecordAndReplayWithoutErrors) {
  test::TempDir dir;
  test::ScopedEnv mode{"AUTOMOCK_MODE", std::nullopt};
  test::ScopedEnv ci{"CI", std::nullopt};
  net::HttpServer upstream{upstream_answer, net::HttpServerOptions{}};
  const auto cassette_dir = dir.path() / "cassette";

  Totals recording;
  {
    CaptureProxy proxy{
        ProxyOptions{.cassette = cassette_dir,
                     .upstream = "http://127.0.0.1:" + std::to_string(upstream.port())}};
    run_clients(proxy.port(), phase_length(), recording);
    proxy.stop();
    const auto summary = proxy.summary();
    std::cout << "through the proxy: " << recording.ok << " answered, " << recording.failed
              << " failed; " << summary.recorded << " new, " << summary.replayed << " replayed, "
              << summary.failed << " failed forwards\n";
    EXPECT_EQ(summary.failed, 0u);
  }
  EXPECT_EQ(recording.failed, 0u);
  EXPECT_GT(recording.ok, 0u);

  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(cassette_dir)) {
    EXPECT_NO_THROW(read_fixture(entry.path())) << entry.path();
    ++files;
  }
  std::cout << files << " fixtures, all valid\n";

  Totals replaying;
  auto cassette = std::make_shared<Cassette>(cassette_dir, CassetteOptions{.mode = Mode::replay});
  ReplayServer server{cassette};
  run_clients(server.port(), phase_length(), replaying, &recording);
  std::cout << "against the replay server: " << replaying.ok << " answered, " << replaying.failed
            << " failed\n";
  EXPECT_EQ(replaying.failed, 0u);
  EXPECT_GT(replaying.ok, 0u);
}

}  // namespace
}  // namespace automock
