// Faults applied by the in-process CassetteTransport: each kind becomes the
// answer or the TransportError a client over the network would get.

#include <automock/cassette.hpp>
#include <automock/transport.hpp>
#include <chrono>

#include "support/cassette_test_base.hpp"
#include "support/fixture_writer.hpp"
#include "support/scoped_env.hpp"

namespace automock::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class CassetteFaultTest : public CassetteTestBase {
 protected:
  void SetUp() override {
    write_fixture(dir_.path(), {.request = get("/v1/items"),
                                .response = json_response(R"({"items":[1,2,3]})"),
                                .latency_ms = 40});
    write_fixture(
        dir_.path(),
        {.request = get("/v1/items"), .response = json_response(R"({"items":[4]})"), .seq = 1});
  }

  CassetteTransport transport_with(std::vector<FaultRule> rules) {
    CassetteOptions options;
    options.faults = std::move(rules);
    return CassetteTransport{open(Mode::replay, std::move(options))};
  }

  static TransportError::Cause cause_of(CassetteTransport& transport) {
    try {
      transport.send(get("/v1/items"));
    } catch (const TransportError& error) {
      return error.cause();
    }
    ADD_FAILURE() << "no TransportError";
    return TransportError::Cause::other;
  }

  // How long one request takes.
  static milliseconds time_of(CassetteTransport& transport) {
    const auto start = Clock::now();
    transport.send(get("/v1/items"));
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  }
};

TEST_F(CassetteFaultTest, AStatusFaultAnswersInsteadOfTheRecordingAndLeavesItUnplayed) {
  auto transport =
      transport_with({{FaultMatch{.call = 1}, Fault{.status = 503, .body = "maintenance"}}});
  const auto faulted = transport.send(get("/v1/items"));
  EXPECT_EQ(faulted.status, 503);
  EXPECT_EQ(faulted.body, "maintenance");
  EXPECT_EQ(faulted.headers.get("X-Automock"), "fault");
  EXPECT_EQ(transport.send(get("/v1/items")).body, R"({"items":[1,2,3]})");
}

TEST_F(CassetteFaultTest, AResetBeforeTheAnswerIsATransportErrorWithCauseReset) {
  auto transport = transport_with({{{}, Fault{.kind = FaultKind::reset}}});
  EXPECT_EQ(cause_of(transport), TransportError::Cause::reset);
}

TEST_F(CassetteFaultTest, AResetDuringTheBodyPlaysTheRecordingAndIsAReset) {
  auto transport =
      transport_with({{FaultMatch{.call = 1},
                       Fault{.kind = FaultKind::reset, .reset_at = ResetPoint::during_body}}});
  EXPECT_EQ(cause_of(transport), TransportError::Cause::reset);
  EXPECT_EQ(transport.send(get("/v1/items")).body, R"({"items":[4]})");
}

TEST_F(CassetteFaultTest, ATruncatedBodyIsAResetAsHttpTransportReportsIt) {
  auto transport = transport_with({{{}, Fault{.kind = FaultKind::truncate}}});
  EXPECT_EQ(cause_of(transport), TransportError::Cause::reset);
}

TEST_F(CassetteFaultTest, NoAnswerIsATimeout) {
  auto transport = transport_with({{{}, Fault{.kind = FaultKind::no_answer}}});
  EXPECT_EQ(cause_of(transport), TransportError::Cause::timeout);
}

TEST_F(CassetteFaultTest, AFixedDelayReallyDelaysTheCall) {
  auto transport = transport_with({{{},
                                    Fault{.kind = FaultKind::delay,
                                          .delay_min = milliseconds{60},
                                          .delay_max = milliseconds{60}}}});
  const auto took = time_of(transport);
  EXPECT_GE(took, milliseconds{60});
  EXPECT_LT(took, milliseconds{60 + 500});
}

TEST_F(CassetteFaultTest, ALatencyFactorDelaysByTheRecordedLatencyTimesTheFactor) {
  auto transport = transport_with({{{}, Fault{.kind = FaultKind::delay, .latency_factor = 2}}});
  EXPECT_GE(time_of(transport), milliseconds{80});  // recorded 40 ms
}

TEST_F(CassetteFaultTest, ASlowBodyTakesItsSizeOverTheRate) {
  // 17 bytes at 170 bytes/s: 100 ms.
  auto transport =
      transport_with({{{}, Fault{.kind = FaultKind::slow_body, .bytes_per_second = 170}}});
  EXPECT_GE(time_of(transport), milliseconds{100});
}

TEST_F(CassetteFaultTest, RulesAddedOnTheCassetteApplyAndClearingThemStopsThem) {
  auto transport = transport_with({});
  transport.cassette().faults().add({{FaultMatch{.path = "/v1/*"}, Fault{.status = 429}}});
  EXPECT_EQ(transport.send(get("/v1/items")).status, 429);
  transport.cassette().faults().clear();
  EXPECT_EQ(transport.send(get("/v1/items")).status, 200);
}

TEST_F(CassetteFaultTest, ResetStartsTheCallCountsOver) {
  auto transport = transport_with({{FaultMatch{.call = 1}, Fault{.status = 500}}});
  EXPECT_EQ(transport.send(get("/v1/items")).status, 500);
  EXPECT_EQ(transport.send(get("/v1/items")).status, 200);
  transport.cassette().reset();
  EXPECT_EQ(transport.send(get("/v1/items")).status, 500);
}

TEST_F(CassetteFaultTest, ConfigRulesApplyBeforeOptionRules) {
  CassetteOptions options;
  options.config.faults = {{{}, Fault{.status = 500}}};
  options.faults = {{{}, Fault{.status = 502}}};
  CassetteTransport transport{open(Mode::replay, std::move(options))};
  EXPECT_EQ(transport.send(get("/v1/items")).status, 500);
}

TEST_F(CassetteFaultTest, AutomockFaultsAddsRulesThatNameOneRecordedExchangeByKeyAndCall) {
  const auto second = exchange_of({.request = get("/v1/items"), .seq = 1});
  const ScopedEnv faults{"AUTOMOCK_FAULTS",
                         R"([{"key": ")" + second.key + R"(", "call": 2, "fault": "status"}])"};
  CassetteTransport transport{open(Mode::replay)};
  EXPECT_EQ(transport.send(get("/v1/items")).status, 200) << "sequence 0 as recorded";
  EXPECT_EQ(transport.send(get("/v1/items")).status, 503) << "sequence 1 meets the fault";
}

TEST_F(CassetteFaultTest, ARouteMatchTargetsTheOriginARequestNamed) {
  CassetteOptions options;
  options.base_url = "http://api.test";
  options.faults = {{FaultMatch{.route = "https://other.test"}, Fault{.status = 502}}};
  CassetteTransport transport{open(Mode::replay, std::move(options))};
  EXPECT_EQ(transport.send(get("https://other.test/v1/items")).status, 502);
  EXPECT_EQ(transport.send(get("http://api.test/v1/items")).status, 200) << "the base origin";
}

TEST_F(CassetteFaultTest, AMalformedAutomockFaultsIsAConfigErrorNamingIt) {
  const ScopedEnv faults{"AUTOMOCK_FAULTS", R"([{"fault": "explode"}])"};
  try {
    open(Mode::replay);
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string{error.what()}.find("AUTOMOCK_FAULTS: /0/fault"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace automock::test
