// How each mode answers: what it replays, records and forwards, what the
// engine's answer and its two steps (begin, finish) say, and how targets and
// routes are keyed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/transport.hpp>

#include "core/cassette_engine.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using test::ScopedEnv;
using ::testing::HasSubstr;
using Source = CassetteAnswer::Source;

class CassetteModeTest : public test::CassetteTestBase {
 protected:
  // Records `request` through a new_episodes cassette; returns what upstream said.
  Response record_one(const Request& request) {
    return open(Mode::new_episodes)->handle(request, &upstream_);
  }

  static Response text(std::string body) {
    return Response{200, {{"Content-Type", "text/plain"}}, std::move(body)};
  }

  // The same transport for every route.
  static CassetteEngine::UpstreamFor one_upstream(Transport& upstream) {
    return [&upstream](const std::string&) -> Transport& { return upstream; };
  }

  static Config two_routes() {
    Config config;
    config.routes = {Route{.name = "alpha", .prefix = "/alpha", .upstream = "http://a.test"},
                     Route{.name = "beta", .prefix = "/beta", .upstream = "http://b.test"}};
    return config;
  }
};

// Replaying.

TEST_F(CassetteModeTest, ReplayAnswersFromTheRecordingWithoutTheNetwork) {
  const auto recorded = record_one(get("/v1/todos?done=false"));
  ASSERT_EQ(upstream_.calls(), 1u);

  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->handle(get("/v1/todos?done=false"), &upstream_), recorded);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(CassetteModeTest, ReplayOfAnUnrecordedRequestThrowsUnmatched) {
  record_one(get("/v1/todos?done=true"));
  auto cassette = open(Mode::replay);
  EXPECT_THROW(cassette->handle(get("/v1/todos?done=false"), &upstream_), UnmatchedRequest);
  EXPECT_EQ(upstream_.calls(), 1u);
  ASSERT_EQ(cassette->misses().size(), 1u);
  EXPECT_EQ(cassette->misses()[0].request().target, "/v1/todos?done=false");
}

TEST_F(CassetteModeTest, ReplayNeedsNoUpstream) {
  record_one(get("/a"));
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
}

// Recording and forwarding.

TEST_F(CassetteModeTest, NewEpisodesRecordsOnlyWhatIsMissing) {
  auto cassette = open(Mode::new_episodes);
  const auto first = cassette->handle(get("/a"), &upstream_);
  auto reopened = open(Mode::new_episodes);
  EXPECT_EQ(reopened->handle(get("/a"), &upstream_), first);
  reopened->handle(get("/b"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 2u);
  EXPECT_EQ(files().size(), 2u);
}

TEST_F(CassetteModeTest, RecordModeAlwaysForwardsAndOverwrites) {
  record_one(get("/a"));
  auto cassette = open(Mode::record);
  const auto fresh = cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 2u);
  ASSERT_EQ(files().size(), 1u);
  EXPECT_EQ(open(Mode::replay)->handle(get("/a"), nullptr), fresh);
}

TEST_F(CassetteModeTest, PassthroughForwardsAndRecordsNothing) {
  auto cassette = open(Mode::passthrough);
  EXPECT_EQ(cassette->handle(get("/a"), &upstream_).status, 200);
  EXPECT_EQ(upstream_.calls(), 1u);
  EXPECT_TRUE(files().empty());
}

TEST_F(CassetteModeTest, OnceRecordsANewCassetteThenOnlyReplays) {
  auto first = open(Mode::once);
  first->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 1u);

  auto second = open(Mode::once);
  EXPECT_EQ(second->handle(get("/a"), &upstream_).status, 200);
  EXPECT_THROW(second->handle(get("/b"), &upstream_), UnmatchedRequest);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(CassetteModeTest, FileOfNamesTheFileThatRecordWrote) {
  auto cassette = open(Mode::new_episodes);
  const auto written = CassetteEngine{*cassette}.record(get("/v1/items?page=2"), text("two"), 3.5);
  ASSERT_TRUE(std::filesystem::exists(written));
  const auto exchange = CassetteEngine{*cassette}.play(get("/v1/items?page=2"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(CassetteEngine{*cassette}.file_of(*exchange), written);
  EXPECT_EQ(exchange->response.body, "two");
  EXPECT_DOUBLE_EQ(exchange->latency_ms, 3.5);
}

TEST_F(CassetteModeTest, RecordWritesANewSequenceNumberForARepeatedRequest) {
  auto cassette = open(Mode::new_episodes);
  const auto first = CassetteEngine{*cassette}.record(get("/v1/items"), text("one"), 1);
  const auto second = CassetteEngine{*cassette}.record(get("/v1/items"), text("two"), 1);
  EXPECT_NE(first, second);
  EXPECT_EQ(files().size(), 2u);
}

TEST_F(CassetteModeTest, RecordingWithoutUpstreamIsAnInputError) {
  auto cassette = open(Mode::new_episodes);
  EXPECT_THROW(cassette->handle(get("/a"), nullptr), InputError);
}

TEST_F(CassetteModeTest, UpstreamErrorsPropagateAndRecordNothing) {
  test::FakeUpstream failing{[](const Request&) -> Response {
    throw TransportError(TransportError::Cause::connect, "refused");
  }};
  auto cassette = open(Mode::new_episodes);
  EXPECT_THROW(cassette->handle(get("/a"), &failing), TransportError);
  EXPECT_TRUE(files().empty());
}

// What the engine's answer and its two steps say.

TEST_F(CassetteModeTest, AnswerSaysRecordedThenReplayedWithTheSameExchange) {
  auto cassette = open(Mode::new_episodes);
  const auto recorded = CassetteEngine{*cassette}.answer(get("/v1/items"), one_upstream(upstream_));
  ASSERT_EQ(recorded.source, Source::recorded);
  ASSERT_NE(recorded.exchange, nullptr);
  EXPECT_TRUE(std::filesystem::exists(CassetteEngine{*cassette}.file_of(*recorded.exchange)));
  EXPECT_EQ(recorded.exchange->response, recorded.response);

  auto replaying = open(Mode::replay);
  const auto replayed =
      CassetteEngine{*replaying}.answer(get("/v1/items"), one_upstream(upstream_));
  EXPECT_EQ(replayed.source, Source::replayed);
  ASSERT_NE(replayed.exchange, nullptr);
  EXPECT_EQ(CassetteEngine{*replaying}.file_of(*replayed.exchange),
            CassetteEngine{*cassette}.file_of(*recorded.exchange));
  EXPECT_EQ(replayed.response.body, recorded.response.body);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(CassetteModeTest, AnswerSaysForwardedWithNoExchangeInPassthrough) {
  auto cassette = open(Mode::passthrough);
  const auto answer = CassetteEngine{*cassette}.answer(get("/v1/items"), one_upstream(upstream_));
  EXPECT_EQ(answer.source, Source::forwarded);
  EXPECT_EQ(answer.exchange, nullptr);
  EXPECT_EQ(answer.response.status, 200);
  EXPECT_TRUE(files().empty());
}

TEST_F(CassetteModeTest, BeginSaysWhatToForwardAndFinishRecordsIt) {
  auto cassette = open(Mode::new_episodes, CassetteOptions{.config = two_routes()});
  auto step = CassetteEngine{*cassette}.begin(get("/beta/v1/items?page=2"));
  ASSERT_FALSE(step.replayed.has_value());
  EXPECT_EQ(step.forward.request.target, "/v1/items?page=2");
  EXPECT_EQ(step.forward.context.route, "beta");
  EXPECT_TRUE(files().empty());

  const auto recorded = CassetteEngine{*cassette}.finish(step.forward, text("two"), 12.5);
  EXPECT_EQ(recorded.source, Source::recorded);
  ASSERT_NE(recorded.exchange, nullptr);
  EXPECT_EQ(recorded.exchange->latency_ms, 12.5);
  EXPECT_EQ(files().size(), 1u);

  auto replaying = open(Mode::replay, CassetteOptions{.config = two_routes()});
  const auto again = CassetteEngine{*replaying}.begin(get("/beta/v1/items?page=2"));
  ASSERT_TRUE(again.replayed.has_value());
  EXPECT_EQ(again.replayed->response.body, "two");
  EXPECT_EQ(again.replayed->source, Source::replayed);
}

TEST_F(CassetteModeTest, BeginInReplayThrowsTheMissAndRemembersIt) {
  auto cassette = open(Mode::replay);
  EXPECT_THROW(CassetteEngine{*cassette}.begin(get("/v1/never")), UnmatchedRequest);
  ASSERT_EQ(cassette->misses().size(), 1u);
  EXPECT_EQ(cassette->misses().front().request().target, "/v1/never");
}

TEST_F(CassetteModeTest, FinishInPassthroughWritesNothing) {
  auto cassette = open(Mode::passthrough);
  auto step = CassetteEngine{*cassette}.begin(get("/v1/items"));
  ASSERT_FALSE(step.replayed.has_value());
  const auto answer = CassetteEngine{*cassette}.finish(step.forward, text("live"), 1.0);
  EXPECT_EQ(answer.source, Source::forwarded);
  EXPECT_EQ(answer.exchange, nullptr);
  EXPECT_EQ(answer.response.body, "live");
  EXPECT_TRUE(files().empty());
}

TEST_F(CassetteModeTest, BeginInRecordModeForwardsEvenWhatWasRecorded) {
  auto recording = open(Mode::new_episodes);
  CassetteEngine{*recording}.finish(CassetteEngine{*recording}.begin(get("/v1/items")).forward,
                                    text("old"), 1.0);
  auto cassette = open(Mode::record);
  EXPECT_FALSE(CassetteEngine{*cassette}.begin(get("/v1/items")).replayed.has_value());
}

// The mode from the environment, and CI.

TEST_F(CassetteModeTest, EnvironmentModeOverridesTheCodesChoice) {
  ScopedEnv mode{"AUTOMOCK_MODE", "new_episodes"};
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->mode(), Mode::new_episodes);
  cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(CassetteModeTest, PassthroughFromTheEnvironmentWithoutUpstreamIsAnInputError) {
  test::ScopedEnv mode{"AUTOMOCK_MODE", "passthrough"};
  Cassette cassette{dir_.path()};
  EXPECT_EQ(cassette.mode(), Mode::passthrough);
  try {
    cassette.handle(get("/v1/items"), nullptr);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("passthrough"));
    EXPECT_THAT(error.what(), HasSubstr("no upstream"));
  }
}

TEST_F(CassetteModeTest, RecordingModesAreRefusedUnderCi) {
  ScopedEnv ci{"CI", "true"};
  EXPECT_THROW(open(Mode::new_episodes), NetworkRefused);
  EXPECT_THROW(open(Mode::record), NetworkRefused);
  EXPECT_THROW(open(Mode::passthrough), NetworkRefused);
  EXPECT_THROW(open(Mode::once), NetworkRefused);
  EXPECT_NO_THROW(open(Mode::replay));
}

TEST_F(CassetteModeTest, OnceOnAnExistingCassetteIsAllowedUnderCi) {
  record_one(get("/a"));
  ScopedEnv ci{"CI", "true"};
  EXPECT_NO_THROW(open(Mode::once));
}

TEST_F(CassetteModeTest, ExplicitAllowanceRecordsUnderCi) {
  ScopedEnv ci{"CI", "true"};
  auto cassette = open(Mode::new_episodes, CassetteOptions{.allow_network_in_ci = true});
  cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(files().size(), 1u);
}

// Targets and routes.

TEST_F(CassetteModeTest, AbsoluteTargetsHaveTheBaseUrlStripped) {
  auto cassette = open(Mode::new_episodes, CassetteOptions{.base_url = "http://api.test/v1"});
  cassette->handle(get("http://api.test/v1/todos?x=1"), &upstream_);
  EXPECT_EQ(upstream_.seen().at(0).target, "/todos?x=1");
  auto replay = open(Mode::replay, CassetteOptions{.base_url = "http://api.test/v1"});
  EXPECT_EQ(replay->handle(get("/todos?x=1"), nullptr).status, 200);
}

TEST_F(CassetteModeTest, AnAbsoluteTargetWithoutBaseUrlIsKeyedByItsPathAndOrigin) {
  auto recording = open(Mode::new_episodes);
  recording->handle(get("http://api.example.test:8080/v1/items?page=1"), &upstream_);
  ASSERT_EQ(upstream_.seen().size(), 1u);
  // Still absolute: the upstream (an HttpTransport without base URL) goes to its origin.
  EXPECT_EQ(upstream_.seen()[0].target, "http://api.example.test:8080/v1/items?page=1");

  auto replaying = open(Mode::replay);
  EXPECT_NO_THROW(replaying->handle(get("HTTP://API.example.test:8080/v1/items?page=1"), nullptr));
  EXPECT_THROW(replaying->handle(get("/v1/items?page=1"), nullptr), UnmatchedRequest);
  EXPECT_THROW(replaying->handle(get("https://other.test/v1/items?page=1"), nullptr),
               UnmatchedRequest);
}

TEST_F(CassetteModeTest, AnAbsoluteTargetWithOnlyAQueryIsKeyedAtTheRoot) {
  auto cassette = open(Mode::new_episodes);
  EXPECT_EQ(CassetteEngine{*cassette}.normalize(get("http://api.test?x=1")).request.target,
            "/?x=1");
  EXPECT_EQ(CassetteEngine{*cassette}.normalize(get("http://api.test")).request.target, "/");
}

TEST_F(CassetteModeTest, RoutesStripTheirPrefixAndPickTheirUpstream) {
  Config config;
  config.routes = {{.name = "todo", .prefix = "/todo", .upstream = "http://127.0.0.1:1"},
                   {.name = "notes", .prefix = "/notes", .upstream = "http://127.0.0.1:2"}};
  test::FakeUpstream notes;
  auto cassette = open(Mode::new_episodes, CassetteOptions{.config = config});
  std::vector<std::string> routes;
  auto upstream_for = [&](const std::string& route) -> Transport& {
    routes.push_back(route);
    return route == "notes" ? static_cast<Transport&>(notes) : upstream_;
  };
  CassetteEngine{*cassette}.answer(get("/todo/v1/items"), upstream_for);
  CassetteEngine{*cassette}.answer(get("/notes/v1/items"), upstream_for);
  EXPECT_EQ(routes, (std::vector<std::string>{"todo", "notes"}));
  EXPECT_EQ(upstream_.seen().at(0).target, "/v1/items");
  EXPECT_EQ(notes.seen().at(0).target, "/v1/items");
  EXPECT_EQ(files().size(), 2u) << "same path on two routes is two exchanges";
}

TEST_F(CassetteModeTest, TheSamePathOnTwoRoutesKeepsSeparateSequences) {
  int calls = 0;
  test::FakeUpstream counting{[&calls](const Request& request) {
    return text(request.target + " #" + std::to_string(++calls));
  }};
  CassetteOptions options;
  options.config = two_routes();
  auto recording = open(Mode::new_episodes, options);
  for (const auto* target : {"/alpha/v1/x", "/beta/v1/x", "/alpha/v1/x"}) {
    recording->handle(Request{.method = "GET", .target = target}, &counting);
  }
  EXPECT_EQ(files().size(), 3u);

  auto replaying = open(Mode::replay, options);
  EXPECT_EQ(replaying->handle(get("/alpha/v1/x"), nullptr).body, "/v1/x #1");
  EXPECT_EQ(replaying->handle(get("/beta/v1/x"), nullptr).body, "/v1/x #2");
  EXPECT_EQ(replaying->handle(get("/alpha/v1/x"), nullptr).body, "/v1/x #3");
  EXPECT_EQ(replaying->handle(get("/beta/v1/x"), nullptr).body, "/v1/x #2");
}

TEST_F(CassetteModeTest, CassetteTransportReplaysInProcess) {
  record_one(get("/a"));
  CassetteTransport transport{open(Mode::replay)};
  EXPECT_EQ(transport.send(get("/a")).status, 200);
  EXPECT_THROW(transport.send(get("/nope")), UnmatchedRequest);
}

}  // namespace
}  // namespace automock
