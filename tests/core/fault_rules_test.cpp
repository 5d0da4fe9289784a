#include <gtest/gtest.h>

#include <algorithm>
#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/fault.hpp>
#include <automock/http.hpp>
#include <automock/match.hpp>
#include <set>

namespace automock {
namespace {

Request request_to(std::string method, std::string target) {
  return Request{.method = std::move(method), .target = std::move(target)};
}

MatchContext on_route(std::string route) {
  return MatchContext{.route = std::move(route)};
}

FaultRule status_rule(FaultMatch match, int status = 503) {
  return FaultRule{std::move(match), Fault{.kind = FaultKind::status, .status = status}};
}

// Which of `count` identical requests the rules fire for, as a string of 0/1.
std::string fired_pattern(FaultRules& rules, int count) {
  std::string pattern;
  for (int i = 0; i < count; ++i) {
    pattern += rules.fire(request_to("GET", "/v1/items"), on_route("")) ? '1' : '0';
  }
  return pattern;
}

TEST(FaultRulesTest, NoRulesFireNothing) {
  FaultRules rules;
  EXPECT_TRUE(rules.empty());
  EXPECT_FALSE(rules.fire(request_to("GET", "/"), on_route("")));
}

TEST(FaultRulesTest, MatchesMethodPathGlobQueryAndRoute) {
  FaultRules rules{{status_rule(FaultMatch{
      .method = "post", .path = "/v1/todos/*/done", .query = {{"page", "2"}}, .route = "todo"})}};
  EXPECT_TRUE(rules.fire(request_to("POST", "/v1/todos/7/done?x=1&page=2"), on_route("todo")));
  EXPECT_FALSE(rules.fire(request_to("GET", "/v1/todos/7/done?page=2"), on_route("todo")));
  EXPECT_FALSE(rules.fire(request_to("POST", "/v1/todos/7/undo?page=2"), on_route("todo")));
  EXPECT_FALSE(rules.fire(request_to("POST", "/v1/todos/7/done?page=3"), on_route("todo")));
  EXPECT_FALSE(rules.fire(request_to("POST", "/v1/todos/7/done?page=2"), on_route("other")));
}

TEST(FaultRulesTest, GlobQuestionMarkIsOneCharacterAndStarSpansSlashes) {
  FaultRules rules{{status_rule(FaultMatch{.path = "/a?/*z"})}};
  EXPECT_TRUE(rules.fire(request_to("GET", "/ab/x/y/z"), on_route("")));
  EXPECT_FALSE(rules.fire(request_to("GET", "/abc/z1"), on_route("")));
  EXPECT_FALSE(rules.fire(request_to("GET", "/a/z"), on_route("")));
}

TEST(FaultRulesTest, CallFiresOnlyForTheNthFittingRequest) {
  FaultRules rules{{status_rule(FaultMatch{.path = "/v1/items", .call = 3})}};
  EXPECT_FALSE(rules.fire(request_to("GET", "/other"), on_route("")));  // does not fit: not counted
  EXPECT_EQ(fired_pattern(rules, 5), "00100");
}

TEST(FaultRulesTest, TheFirstFiringRuleWinsButEveryFittingRuleCounts) {
  FaultRules rules{{status_rule(FaultMatch{.call = 1}, 500), status_rule(FaultMatch{.call = 2})}};
  const auto first = rules.fire(request_to("GET", "/"), on_route(""));
  const auto second = rules.fire(request_to("GET", "/"), on_route(""));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->fault.status, 500);
  EXPECT_EQ(second->fault.status, 503);
  EXPECT_EQ(second->rule, 1u);
}

TEST(FaultRulesTest, SeededProbabilityGivesTheSameSequenceEveryRunAndAfterRestart) {
  const FaultRule rule = status_rule(FaultMatch{.probability = 0.3, .seed = 42});
  FaultRules one{{rule}};
  FaultRules two{{rule}};
  const auto pattern = fired_pattern(one, 200);
  EXPECT_EQ(fired_pattern(two, 200), pattern);
  one.restart();
  EXPECT_EQ(fired_pattern(one, 200), pattern);
  const auto fired = std::count(pattern.begin(), pattern.end(), '1');
  EXPECT_GT(fired, 30);  // about 60 of 200
  EXPECT_LT(fired, 90);
}

TEST(FaultRulesTest, AnotherSeedGivesAnotherSequence) {
  FaultRules one{{status_rule(FaultMatch{.probability = 0.5, .seed = 1})}};
  FaultRules two{{status_rule(FaultMatch{.probability = 0.5, .seed = 2})}};
  EXPECT_NE(fired_pattern(one, 64), fired_pattern(two, 64));
}

TEST(FaultRulesTest, DelayRangeIsDrawnFromTheSeedWithinItsBounds) {
  const FaultRule rule{FaultMatch{.seed = 9}, Fault{.kind = FaultKind::delay,
                                                    .delay_min = std::chrono::milliseconds{10},
                                                    .delay_max = std::chrono::milliseconds{20}}};
  FaultRules one{{rule}};
  FaultRules two{{rule}};
  std::set<int64_t> seen;
  for (int i = 0; i < 50; ++i) {
    const auto a = one.fire(request_to("GET", "/"), on_route(""));
    const auto b = two.fire(request_to("GET", "/"), on_route(""));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->drawn_delay, b->drawn_delay);
    EXPECT_GE(a->drawn_delay.count(), 10);
    EXPECT_LE(a->drawn_delay.count(), 20);
    seen.insert(a->drawn_delay.count());
  }
  EXPECT_GT(seen.size(), 3u);
}

TEST(FaultRulesTest, LatencyFactorScalesTheRecordedLatency) {
  const FiredFault fired{Fault{.kind = FaultKind::delay, .latency_factor = 2.5}};
  EXPECT_EQ(fired.delay(40.0), std::chrono::milliseconds{100});
}

TEST(FaultRulesTest, ACutLeavesAtLeastOneByteOut) {
  const FiredFault half{Fault{.kind = FaultKind::truncate}};
  EXPECT_EQ(half.bytes_before_cut(10), 5u);
  const FiredFault too_many{Fault{.kind = FaultKind::truncate, .body_bytes = 50}};
  EXPECT_EQ(too_many.bytes_before_cut(10), 9u);
}

TEST(FaultRulesTest, ClearRemovesEveryRule) {
  FaultRules rules{{status_rule({})}};
  rules.add({status_rule({})});
  EXPECT_EQ(rules.rules().size(), 2u);
  rules.clear();
  EXPECT_TRUE(rules.empty());
  EXPECT_FALSE(rules.fire(request_to("GET", "/"), on_route("")));
}

TEST(FaultJsonTest, ReadsEveryKindAndWritesItBack) {
  const auto text = R"([
    {"method": "GET", "path": "/v1/*", "query": {"a": "1"}, "route": "todo", "call": 2,
     "probability": 0.5, "seed": 7, "fault": "status", "status": 500, "body": "down"},
    {"fault": "delay", "ms": 200},
    {"fault": "delay", "min_ms": 10, "max_ms": 30},
    {"fault": "delay", "latency_factor": 3},
    {"fault": "reset", "at": "during_body", "body_bytes": 4},
    {"fault": "truncate"},
    {"fault": "no_answer"},
    {"fault": "slow_body", "bytes_per_second": 100}
  ])";
  const auto rules = parse_fault_rules(text, "rules.json");
  ASSERT_EQ(rules.size(), 8u);
  EXPECT_EQ(rules[0].match.route, "todo");
  EXPECT_EQ(rules[0].match.call, 2u);
  EXPECT_EQ(rules[0].fault.body, "down");
  EXPECT_EQ(rules[2].fault.delay_max, std::chrono::milliseconds{30});
  EXPECT_EQ(rules[4].fault.reset_at, ResetPoint::during_body);
  EXPECT_EQ(rules[7].fault.bytes_per_second, 100u);
  EXPECT_EQ(parse_fault_rules(fault_rules_json(rules), "again"), rules);
}

void expect_config_error(std::string_view faults, std::string_view where) {
  const std::string text = R"({"faults": )" + std::string{faults} + "}";
  try {
    parse_config(text, "automock.json");
    FAIL() << "accepted " << faults;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.json_path(), where) << error.what();
  }
}

TEST(FaultJsonTest, ConfigNamesTheFieldAtFault) {
  expect_config_error(R"({"fault": "status"})", "/faults");
  expect_config_error(R"([{"status": 500}])", "/faults/0/fault");
  expect_config_error(R"([{"fault": "explode"}])", "/faults/0/fault");
  expect_config_error(R"([{"fault": "status", "status": 99}])", "/faults/0/status");
  expect_config_error(R"([{"fault": "status", "ms": 5}])", "/faults/0/ms");
  expect_config_error(R"([{"fault": "delay"}])", "/faults/0/fault");
  expect_config_error(R"([{"fault": "delay", "min_ms": 9, "max_ms": 3}])", "/faults/0/max_ms");
  expect_config_error(R"([{"fault": "delay", "ms": 9, "max_ms": 30}])", "/faults/0/max_ms");
  expect_config_error(R"([{"fault": "no_answer", "probability": 1.5}])", "/faults/0/probability");
  expect_config_error(R"([{"fault": "no_answer", "call": 0}])", "/faults/0/call");
  expect_config_error(R"([{"fault": "reset", "at": "later"}])", "/faults/0/at");
}

TEST(FaultJsonTest, ConfigKeepsTheRulesInOrder) {
  const auto config = parse_config(
      R"({"faults": [{"fault": "no_answer", "path": "/a"}, {"fault": "truncate"}]})", "x.json");
  ASSERT_EQ(config.faults.size(), 2u);
  EXPECT_EQ(config.faults[0].fault.kind, FaultKind::no_answer);
  EXPECT_EQ(config.faults[0].match.path, "/a");
  EXPECT_EQ(config.faults[1].fault.kind, FaultKind::truncate);
}

TEST(FaultRulesTest, AKeyAndACallPickOneRecordedExchange) {
  const auto context = on_route("");
  const auto wanted = request_to("GET", "/v1/todos/1");
  FaultRules rules{{status_rule(FaultMatch{.key = request_key(wanted, context), .call = 2})}};
  EXPECT_FALSE(rules.fire(request_to("GET", "/v1/todos/2"), context)) << "another key";
  EXPECT_FALSE(rules.fire(wanted, context)) << "the exchange of sequence 0";
  EXPECT_FALSE(rules.fire(request_to("GET", "/v1/todos/2"), context)) << "not counted";
  EXPECT_TRUE(rules.fire(wanted, context)) << "the exchange of sequence 1";
  EXPECT_FALSE(rules.fire(wanted, context));
}

TEST(FaultRulesTest, AKeyIsReadAndWrittenAndAMalformedOneNamesTheField) {
  const auto rules =
      parse_fault_rules(R"([{"key": "0123456789abcdef", "call": 1, "fault": "reset"}])", "t.json");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].match.key, "0123456789abcdef");
  EXPECT_EQ(parse_fault_rules(fault_rules_json(rules), "again"), rules);
  try {
    parse_fault_rules(R"([{"key": "XYZ", "fault": "reset"}])", "t.json");
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string{error.what()}.find("/0/key: expected a fixture key"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace automock
