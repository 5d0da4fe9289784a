// Fault rules served by the ReplayServer to real clients over loopback: curl
// (with --max-time) and HttpTransport, the transport the example client uses.
// Each fault kind is observed as a client sees it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

#include "net/raw_socket.hpp"
#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;
using std::chrono::milliseconds;

// A body big enough that a cut or a slow rate shows: 2,000 bytes.
const std::string k_body(2000, 'b');

struct CurlRun {
  int exit_code = -1;
  std::string output;  // -w's and the body, then curl's error message
  milliseconds took{};
};

// Runs curl -sS with `arguments`; 56 is a receive failure (a reset), 18 a
// partial body, 28 a timeout.
CurlRun run_curl(const std::string& arguments) {
  CurlRun run;
  const auto start = Clock::now();
  FILE* pipe = ::popen(("curl -sS " + arguments + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, read);
  const int status = ::pclose(pipe);
  run.took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class ReplayFaultRulesTest : public testing::Test {
 protected:
  void SetUp() override {
    test::write_fixture(dir_.path(), {test::get("/items"), test::json_response(k_body), 0, 40});
    test::write_fixture(dir_.path(), {test::get("/other"), test::json_response("{}")});
    cassette_ = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
    server_ = std::make_unique<ReplayServer>(cassette_, ServerOptions{.threads = 2});
  }

  void add_rule(FaultRule rule) { cassette_->faults().add({std::move(rule)}); }
  std::string url(const std::string& target) const { return server_->base_url() + target; }
  CurlRun curl_get(const std::string& target, const std::string& options = "") const {
    return run_curl("--max-time 5 " + options + " '" + url(target) + "'");
  }
  HttpTransport transport(milliseconds read_timeout = milliseconds{5000}) const {
    return HttpTransport{server_->base_url(), HttpOptions{.read_timeout = read_timeout}};
  }
  TransportError::Cause cause_of_get(const std::string& target,
                                     milliseconds read_timeout = milliseconds{5000}) const {
    try {
      transport(read_timeout).send(test::get(target));
    } catch (const TransportError& error) {
      return error.cause();
    }
    ADD_FAILURE() << "no TransportError for " << target;
    return TransportError::Cause::other;
  }
  httplib::Client admin() const { return httplib::Client{"127.0.0.1", server_->port()}; }

  test::TempDir dir_;
  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  std::shared_ptr<Cassette> cassette_;
  std::unique_ptr<ReplayServer> server_;
};

TEST_F(ReplayFaultRulesTest, AStatusFaultReachesCurlWithItsBody) {
  add_rule({FaultMatch{.path = "/items"}, Fault{.status = 503, .body = "down"}});
  const auto run = curl_get("/items", "-w ' %{http_code}'");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "down 503");
  EXPECT_EQ(transport().send(test::get("/other")).status, 200);
}

TEST_F(ReplayFaultRulesTest, AResetBeforeTheAnswerIsSeenAsAReset) {
  add_rule({{}, Fault{.kind = FaultKind::reset}});
  const auto run = curl_get("/items");
  EXPECT_EQ(run.exit_code, 56) << run.output;
  EXPECT_NE(run.output.find("reset"), std::string::npos) << run.output;
  EXPECT_EQ(cause_of_get("/items"), TransportError::Cause::reset);
}

TEST_F(ReplayFaultRulesTest, AResetDuringTheBodySendsPartOfItThenAReset) {
  add_rule(
      {{},
       Fault{.kind = FaultKind::reset, .reset_at = ResetPoint::during_body, .body_bytes = 100}});
  const auto run = curl_get("/items", "-o /dev/null -w '\\n%{size_download}\\n'");
  EXPECT_EQ(run.exit_code, 56) << run.output;
  EXPECT_NE(run.output.find("reset"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("\n100\n"), std::string::npos) << run.output;  // bytes before the reset
  EXPECT_EQ(cause_of_get("/items"), TransportError::Cause::reset);
}

TEST_F(ReplayFaultRulesTest, ATruncatedBodyIsSeenAsAFramingError) {
  add_rule({{}, Fault{.kind = FaultKind::truncate}});
  const auto run = curl_get("/items");
  EXPECT_EQ(run.exit_code, 18) << run.output;  // CURLE_PARTIAL_FILE
  EXPECT_NE(run.output.find("1000 bytes remaining"), std::string::npos) << run.output;
  // HttpTransport reports a connection closed within the body as a reset.
  EXPECT_EQ(cause_of_get("/items"), TransportError::Cause::reset);
}

TEST_F(ReplayFaultRulesTest, ADelayHoldsTheAnswerForAtLeastTheRule) {
  add_rule({{},
            Fault{.kind = FaultKind::delay,
                  .delay_min = milliseconds{150},
                  .delay_max = milliseconds{150}}});
  const auto run = curl_get("/other", "-o /dev/null -w '%{time_total}'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const double seconds = std::stod(run.output);
  EXPECT_GE(seconds, 0.150);
  EXPECT_LT(seconds, 0.150 + 1.0);  // loose: the machine is shared
}

TEST_F(ReplayFaultRulesTest, ALatencyFactorDelaysByTheRecordedLatencyTimesIt) {
  add_rule({{}, Fault{.kind = FaultKind::delay, .latency_factor = 3}});
  const auto start = Clock::now();
  transport().send(test::get("/items"));  // recorded in 40 ms
  EXPECT_GE(Clock::now() - start, milliseconds{120});
}

TEST_F(ReplayFaultRulesTest, NoAnswerLetsTheClientsTimeoutFireWithoutBlockingOthers) {
  add_rule({FaultMatch{.path = "/items"}, Fault{.kind = FaultKind::no_answer}});
  auto held = std::async(std::launch::async,
                         [&] { return run_curl("--max-time 1 '" + url("/items") + "'"); });
  EXPECT_EQ(transport().send(test::get("/other")).status, 200);  // meanwhile
  const auto run = held.get();
  EXPECT_EQ(run.exit_code, 28) << run.output;  // CURLE_OPERATION_TIMEDOUT
  EXPECT_GE(run.took, milliseconds{1000});
  EXPECT_EQ(cause_of_get("/items", milliseconds{300}), TransportError::Cause::timeout);
}

TEST_F(ReplayFaultRulesTest, AStoppingServerClosesTheConnectionsItHolds) {
  add_rule({{}, Fault{.kind = FaultKind::no_answer}});
  test_support::RawSocket socket{server_->port()};
  socket.send("GET /items HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  // Once the server answers a second connection, the first is held.
  EXPECT_EQ(cause_of_get("/items", milliseconds{200}), TransportError::Cause::timeout);
  server_->stop();
  bool closed = false;
  EXPECT_EQ(socket.read_until_closed(&closed), "");
  EXPECT_TRUE(closed);
}

TEST_F(ReplayFaultRulesTest, ASlowBodyArrivesAtTheRate) {
  add_rule({{}, Fault{.kind = FaultKind::slow_body, .bytes_per_second = 10'000}});
  const auto run = curl_get("/items", "-o /dev/null -w '%{size_download} %{time_total}'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.substr(0, 5), "2000 ");
  EXPECT_GE(std::stod(run.output.substr(5)), 0.200);  // 2,000 bytes at 10,000 per second
  EXPECT_EQ(transport().send(test::get("/items")).body, k_body);
}

TEST_F(ReplayFaultRulesTest, SeededProbabilityGivesTheSameSequenceAfterEveryReset) {
  add_rule({FaultMatch{.probability = 0.5, .seed = 11}, Fault{.status = 500}});
  const auto sequence = [&] {
    std::string statuses;
    auto http = transport();
    for (int i = 0; i < 24; ++i)
      statuses += http.send(test::get("/other")).status == 500 ? '1' : '0';
    return statuses;
  };
  const auto first = sequence();
  auto reset =
      admin().Post("/__automock/reset", httplib::Headers{{"X-Automock-Admin", "1"}}, "", "");
  ASSERT_TRUE(reset);
  EXPECT_EQ(sequence(), first);
  EXPECT_NE(first.find('0'), std::string::npos);
  EXPECT_NE(first.find('1'), std::string::npos);
}

TEST_F(ReplayFaultRulesTest, AdminEndpointsAddListAndClearRules) {
  auto http = admin();
  auto added =
      http.Post("/__automock/faults", R"([{"fault": "status", "status": 418, "path": "/other"}])",
                "application/json");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 200) << added->body;
  EXPECT_EQ(transport().send(test::get("/other")).status, 418);
  const auto listed = json::parse(http.Get("/__automock/faults")->body);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], 418);
  auto cleared = http.Delete("/__automock/faults", httplib::Headers{{"X-Automock-Admin", "1"}});
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->status, 200);
  EXPECT_EQ(transport().send(test::get("/other")).status, 200);
}

TEST_F(ReplayFaultRulesTest, AdminRefusesRulesItCannotReadOrASimpleRequest) {
  auto http = admin();
  auto bad =
      http.Post("/__automock/faults", R"([{"fault": "status", "status": 42}])", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("/0/status"), std::string::npos) << bad->body;
  auto simple = http.Post("/__automock/faults", R"({"fault": "no_answer"})", "text/plain");
  ASSERT_TRUE(simple);
  EXPECT_EQ(simple->status, 403);
  EXPECT_TRUE(cassette_->faults().empty());
  auto wrong = http.Put("/__automock/faults", "[]", "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET, POST, DELETE");
}

}  // namespace
}  // namespace automock
