// End-to-end: SIGINT while clients keep sending through `automock record`.
// Every exchange a client got a 2xx for has its fixture, and the cassette
// holds only complete fixtures (no partial or temporary file).
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/record_e2e_support.hpp"

namespace automock::test {
namespace {

constexpr int k_signalled_clients = 6;
constexpr int k_answers_before_signal = 300;

std::unique_ptr<httplib::Server> echo_body_server() {
  auto server = std::make_unique<httplib::Server>();
  server->Post("/load", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    response.set_content(request.body, "application/json");
  });
  return server;
}

class RecordSignalE2eTest : public RecordE2eTest {
 protected:
  // Sends distinct POSTs until one fails; keeps the bodies answered with 2xx.
  void send_until_failure(int port, int client_number) {
    httplib::Client client{"127.0.0.1", port};
    client.set_keep_alive(true);
    for (int n = 0;; ++n) {
      const auto body =
          R"({"client":)" + std::to_string(client_number) + R"(,"n":)" + std::to_string(n) + "}";
      const auto answer = call(client, {"POST", "/load", body});
      if (answer.status < 200 || answer.status > 299) return;
      std::lock_guard lock{mutex_};
      answered_.insert(body);
    }
  }

  size_t answered() {
    std::lock_guard lock{mutex_};
    return answered_.size();
  }

  std::mutex mutex_;
  std::set<std::string> answered_;
};

TEST_F(RecordSignalE2eTest, SigintDuringLoadLosesNoAnsweredExchange) {
  HttplibServer upstream{echo_body_server()};
  int port = 0;
  auto recorder = start_record({"--upstream", upstream.url()}, port);
  std::vector<std::thread> clients;
  for (int c = 0; c < k_signalled_clients; ++c) {
    clients.emplace_back([this, port, c] { send_until_failure(port, c); });
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (answered() < k_answers_before_signal && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  const auto output = interrupt(*recorder);
  for (auto& client : clients) client.join();
  EXPECT_NE(output.find("automock record: stopped;"), std::string::npos) << output;

  std::set<std::string> recorded;
  for (const auto& entry : fs::directory_iterator(cassette())) {
    const auto name = entry.path().filename().string();
    EXPECT_TRUE(name.starts_with("POST-load-") && name.ends_with(".json")) << name;
    recorded.insert(read_fixture(entry.path()).request.body);
  }
  EXPECT_GE(answered(), k_answers_before_signal);
  for (const auto& body : answered_) EXPECT_TRUE(recorded.contains(body)) << body;
}

}  // namespace
}  // namespace automock::test
