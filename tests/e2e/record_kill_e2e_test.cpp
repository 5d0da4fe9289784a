// End-to-end: `automock record` killed with SIGKILL at random moments while
// clients keep sending, 20 times into one cassette, so each run also meets
// what the killed runs before it left. After every kill: each fixture parses
// with the strict reader and its key matches its request and its name, no
// fixture of an earlier run has changed, each fixture the recorder announced
// is there, and a killed write's temporary file is never taken for a fixture
// and is gone once the next recorder listens. At the end `automock fixtures
// verify` passes and `automock serve` answers every fixture as recorded.
//
// AUTOMOCK_KILL_SEED=<n> repeats a run's kill delays and requests.
#include <gtest/gtest.h>

#include <atomic>
#include <automock/config.hpp>
#include <automock/error.hpp>
#include <cstdlib>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "core/exchange_cache.hpp"
#include "e2e/record_e2e_support.hpp"
#include "tooling/fixture_tree.hpp"

namespace automock::test {
namespace {

constexpr int k_kills = 20;
constexpr int k_clients = 4;
constexpr int k_min_delay_ms = 20;
constexpr int k_max_delay_ms = 500;

struct KillCall {
  std::string method;
  std::string target;
  std::string content_type;
  std::string body;
};

std::string text_of_size(size_t size, char first) {
  std::string text(size, ' ');
  for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>(first + i % 26);
  return text;
}

std::string random_bytes(std::mt19937_64& random, size_t size) {
  std::string bytes(size, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(random());
  return bytes;
}

// A client's next request: small JSON, queries, deletes, a request every
// client repeats (sequence numbers), and bodies of up to 750 KiB either way.
KillCall next_call(std::mt19937_64& random, const std::string& tag) {
  const auto pick = random() % 20;
  if (pick < 8) return {"POST", "/kill/items", "application/json", R"({"tag":")" + tag + "\"}"};
  if (pick < 11) return {"GET", "/kill/items?tag=" + tag, "", ""};
  if (pick < 13) return {"DELETE", "/kill/items/" + tag, "", ""};
  if (pick < 16) return {"GET", "/kill/shared", "", ""};
  if (pick < 18) {
    return {"PUT", "/kill/blob/" + tag, "text/plain",
            text_of_size(32 * 1024 + random() % (512 * 1024), 'a')};
  }
  if (pick < 19) {
    return {"PATCH", "/kill/blob/" + tag, "application/octet-stream",
            random_bytes(random, 16 * 1024 + random() % (128 * 1024))};
  }
  return {
      "GET",
      "/kill/large?tag=" + tag + "&size=" + std::to_string(128 * 1024 + random() % (640 * 1024)),
      "", ""};
}

void echo(const httplib::Request& request, httplib::Response& response) {
  response.set_content(request.body, request.get_header_value("Content-Type"));
}

std::unique_ptr<httplib::Server> upstream_routes() {
  auto server = std::make_unique<httplib::Server>();
  server->Post("/kill/items", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    echo(request, response);
  });
  server->Get("/kill/items", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(R"({"tag":")" + request.get_param_value("tag") + "\"}",
                         "application/json");
  });
  server->Delete("/kill/items/.*", [](const httplib::Request&, httplib::Response& response) {
    response.status = 204;
  });
  server->Get("/kill/shared", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("shared", "text/plain");
  });
  server->Put("/kill/blob/.*", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(std::to_string(request.body.size()) + " bytes stored", "text/plain");
  });
  server->Patch("/kill/blob/.*", echo);
  server->Get("/kill/large", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(text_of_size(std::stoul(request.get_param_value("size")), 'A'),
                         "text/plain");
  });
  return server;
}

httplib::Result send(httplib::Client& client, const KillCall& call) {
  httplib::Request request;
  request.method = call.method;
  request.path = call.target;
  request.body = call.body;
  if (!call.content_type.empty()) request.set_header("Content-Type", call.content_type);
  return client.send(request);
}

uint64_t kill_seed() {
  if (const char* text = std::getenv("AUTOMOCK_KILL_SEED")) return std::stoull(text);
  return std::random_device{}();
}

bool is_temp_file_name(const std::string& name) {
  return name.starts_with('.') && name.ends_with(".tmp");
}

// The fixture a recorder line announces ("... 12.3 ms new FILE"), or "".
std::string announced_fixture(const std::string& line) {
  std::istringstream words{line};
  std::vector<std::string> tokens{std::istream_iterator<std::string>{words}, {}};
  if (tokens.size() < 2 || tokens[tokens.size() - 2] != "new") return "";
  return tokens.back();
}

class RecordKillE2eTest : public RecordE2eTest {
 protected:
  struct Seen {
    uintmax_t size = 0;
    fs::file_time_type written{};
  };

  // Sends requests until the recorder is gone; a failure before the kill fails the test.
  void send_until_killed(int port, int run, int client_number) {
    httplib::Client client{"127.0.0.1", port};
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);  // else each request with a body waits for a delayed ACK
    std::mt19937_64 random{seed_ + static_cast<uint64_t>(run * k_clients + client_number)};
    for (int n = 0;; ++n) {
      const auto tag =
          std::to_string(run) + "-" + std::to_string(client_number) + "-" + std::to_string(n);
      const auto call = next_call(random, tag);
      const auto result = send(client, call);
      if (result && result->status >= 200 && result->status <= 299) {
        ++answered_;
        continue;
      }
      if (!killed_) {
        ADD_FAILURE() << "seed " << seed_ << ", run " << run << ": " << call.method << " "
                      << call.target << " failed before the kill: "
                      << (result ? std::to_string(result->status) + " " + result->body
                                 : httplib::to_string(result.error()));
      }
      return;
    }
  }

  // Runs one recorder under load and kills it after `delay`; the fixtures it announced.
  std::vector<std::string> record_and_kill(const std::string& upstream, int run,
                                           std::chrono::milliseconds delay) {
    int port = 0;
    auto recorder = start_record({"--upstream", upstream}, port);
    for (const auto& name : temp_files_) {
      EXPECT_FALSE(fs::exists(cassette() / name))
          << "left by the killed run before " << run << ": " << name;
    }
    killed_ = false;
    std::vector<std::thread> clients;
    for (int c = 0; c < k_clients; ++c) {
      clients.emplace_back([this, port, run, c] { send_until_killed(port, run, c); });
    }
    std::vector<std::string> announced;
    const auto deadline = ChildProcess::Clock::now() + delay;
    for (auto now = ChildProcess::Clock::now(); now < deadline; now = ChildProcess::Clock::now()) {
      const auto line = recorder->read_line(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
      if (line && !announced_fixture(*line).empty()) announced.push_back(announced_fixture(*line));
    }
    killed_ = true;
    recorder->send_signal(SIGKILL);
    EXPECT_EQ(recorder->wait(), 128 + SIGKILL);
    // What the recorder printed before it died is still in the pipe.
    std::istringstream rest{recorder->read_rest()};
    for (std::string line; std::getline(rest, line);) {
      if (!announced_fixture(line).empty()) announced.push_back(announced_fixture(line));
    }
    for (auto& client : clients) client.join();
    return announced;
  }

  // Checks every file of the cassette after a kill: new fixtures strictly,
  // earlier ones for not having changed.
  void check_cassette_after_kill(const std::vector<std::string>& announced) {
    temp_files_.clear();
    for (const auto& entry : fs::directory_iterator(cassette())) {
      const auto name = entry.path().filename().string();
      if (is_temp_file_name(name)) {
        temp_files_.push_back(name);
        continue;
      }
      EXPECT_TRUE(is_fixture_file_name(name)) << name;
      const Seen now{entry.file_size(), entry.last_write_time()};
      if (const auto earlier = seen_.find(name); earlier != seen_.end()) {
        EXPECT_EQ(earlier->second.size, now.size) << name << " changed after it was written";
        EXPECT_EQ(earlier->second.written, now.written) << name << " changed after it was written";
        continue;
      }
      check_new_fixture(entry.path());
      seen_.emplace(name, now);
    }
    temp_files_left_ += temp_files_.size();
    for (const auto& name : announced)
      EXPECT_TRUE(seen_.contains(name)) << "announced, not on disk: " << name;
  }

  static void check_new_fixture(const fs::path& file) {
    try {
      const auto exchange = read_fixture(file);
      verify_fixture_key(exchange, file, Config{}.context_for(""));
      EXPECT_EQ(file.filename().string(), tooling::expected_file_name(exchange));
    } catch (const Error& error) {
      ADD_FAILURE() << error.what();
    }
  }

  // Replays every fixture through `automock serve`, each key's in sequence
  // order, and checks that each key's sequence numbers run 0, 1, 2... without a hole.
  void expect_serve_answers_every_fixture(const std::vector<fs::path>& files) {
    int port = 0;
    auto server = start_serve({}, port);
    httplib::Client client{"127.0.0.1", port};
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    std::map<std::string, std::set<int>> seqs;
    for (const auto& file : files) {
      const auto exchange = read_fixture(file);
      seqs[exchange.key].insert(exchange.seq);
      const auto& request = exchange.request;
      const auto result =
          send(client, {request.method, request.target,
                        request.headers.get("content-type").value_or(""), request.body});
      ASSERT_TRUE(result) << file << ": " << httplib::to_string(result.error());
      EXPECT_EQ(result->status, exchange.response.status) << file;
      EXPECT_TRUE(result->body == exchange.response.body) << file;
    }
    for (const auto& [key, numbers] : seqs) {
      EXPECT_EQ(*numbers.rbegin(), static_cast<int>(numbers.size()) - 1) << "key " << key;
    }
  }

  uint64_t seed_ = kill_seed();
  std::atomic<bool> killed_{false};
  std::atomic<size_t> answered_{0};
  std::map<std::string, Seen> seen_;
  std::vector<std::string> temp_files_;
  size_t temp_files_left_ = 0;
};

TEST_F(RecordKillE2eTest, SigkillAtRandomMomentsNeverLeavesAPartialOrUnreadableFixture) {
  SCOPED_TRACE("seed " + std::to_string(seed_) + " (AUTOMOCK_KILL_SEED=" + std::to_string(seed_) +
               " repeats the kill delays and requests)");
  // The recorder is a child without CI=true (see RecordE2eTest::spawn): it
  // records from a loopback upstream only.
  HttplibServer upstream{upstream_routes()};
  std::mt19937_64 delays{seed_};
  std::uniform_int_distribution<int> delay_ms{k_min_delay_ms, k_max_delay_ms};
  size_t announced = 0;
  for (int run = 0; run < k_kills; ++run) {
    const auto fixtures =
        record_and_kill(upstream.url(), run, std::chrono::milliseconds{delay_ms(delays)});
    announced += fixtures.size();
    check_cassette_after_kill(fixtures);
    if (HasFailure()) return;
  }

  ChildProcess verify{{AUTOMOCK_CLI_PATH, "fixtures", "verify", cassette().string()},
                      dir_ / "verify.txt"};
  const auto verdict = verify.read_rest();
  EXPECT_EQ(verify.wait(), 0) << verdict << verify.stderr_text();
  EXPECT_NE(verdict.find("0 bad fixture file(s)"), std::string::npos) << verdict;
  const auto files = tooling::find_fixture_files(cassette());
  EXPECT_EQ(files.size(), seen_.size());
  expect_serve_answers_every_fixture(files);

  uintmax_t bytes = 0;
  for (const auto& [name, seen] : seen_) bytes += seen.size;
  std::cout << "record-kill: seed " << seed_ << ", " << k_kills << " kills, " << answered_
            << " answered, " << announced << " announced, " << files.size() << " fixtures ("
            << bytes / (1 << 20) << " MiB), " << temp_files_left_
            << " temporary files left by kills (each removed by the next recorder)\n";
}

}  // namespace
}  // namespace automock::test
