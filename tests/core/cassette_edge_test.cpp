// Cassette behaviour at the edges: missing or fixture-less directories, what
// answer() reports, miss order, routes and sequences, and absolute targets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <fstream>

#include "core/cassette_engine.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using Source = CassetteAnswer::Source;

class CassetteEdgeTest : public test::CassetteTestBase {
 protected:
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

TEST_F(CassetteEdgeTest, OnceRecordsIntoADirectoryHoldingOnlyOtherFiles) {
  std::ofstream{dir_ / "README.md"} << "not a fixture";
  auto cassette = open(Mode::once);
  const auto answer = CassetteEngine{*cassette}.answer(get("/v1/items"), one_upstream(upstream_));
  EXPECT_EQ(answer.source, Source::recorded);
  EXPECT_EQ(upstream_.calls(), 1u);
  EXPECT_EQ(files().size(), 2u);
}

TEST_F(CassetteEdgeTest, ReplayFromAMissingDirectoryIsUnmatchedAndSaysTheCassetteIsEmpty) {
  Cassette cassette{dir_ / "does-not-exist"};
  try {
    cassette.handle(get("/v1/items"), nullptr);
    FAIL() << "expected UnmatchedRequest";
  } catch (const UnmatchedRequest& error) {
    EXPECT_THAT(error.what(), HasSubstr("The cassette is empty."));
    EXPECT_THAT(error.what(), HasSubstr("does-not-exist"));
    EXPECT_EQ(error.request().target, "/v1/items");
  }
}

TEST_F(CassetteEdgeTest, UnusedOfAMissingDirectoryIsEmpty) {
  Cassette cassette{dir_ / "does-not-exist"};
  EXPECT_TRUE(cassette.unused().empty());
}

TEST_F(CassetteEdgeTest, UnusedIgnoresFilesThatAreNotFixtures) {
  std::ofstream{dir_ / "notes.txt"} << "hello";
  Cassette cassette{dir_.path()};
  EXPECT_TRUE(cassette.unused().empty());
}

TEST_F(CassetteEdgeTest, FileOfNamesTheFileThatRecordWrote) {
  auto cassette = open(Mode::new_episodes);
  const auto written = CassetteEngine{*cassette}.record(get("/v1/items?page=2"), text("two"), 3.5);
  ASSERT_TRUE(std::filesystem::exists(written));
  const auto exchange = CassetteEngine{*cassette}.play(get("/v1/items?page=2"));
  ASSERT_TRUE(exchange);
  EXPECT_EQ(CassetteEngine{*cassette}.file_of(*exchange), written);
  EXPECT_EQ(exchange->response.body, "two");
  EXPECT_DOUBLE_EQ(exchange->latency_ms, 3.5);
}

TEST_F(CassetteEdgeTest, RecordWritesANewSequenceNumberForARepeatedRequest) {
  auto cassette = open(Mode::new_episodes);
  const auto first = CassetteEngine{*cassette}.record(get("/v1/items"), text("one"), 1);
  const auto second = CassetteEngine{*cassette}.record(get("/v1/items"), text("two"), 1);
  EXPECT_NE(first, second);
  EXPECT_EQ(files().size(), 2u);
}

TEST_F(CassetteEdgeTest, AnswerSaysRecordedThenReplayedWithTheSameExchange) {
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

TEST_F(CassetteEdgeTest, AnswerSaysForwardedWithNoExchangeInPassthrough) {
  auto cassette = open(Mode::passthrough);
  const auto answer = CassetteEngine{*cassette}.answer(get("/v1/items"), one_upstream(upstream_));
  EXPECT_EQ(answer.source, Source::forwarded);
  EXPECT_EQ(answer.exchange, nullptr);
  EXPECT_EQ(answer.response.status, 200);
  EXPECT_TRUE(files().empty());
}

TEST_F(CassetteEdgeTest, BeginSaysWhatToForwardAndFinishRecordsIt) {
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

TEST_F(CassetteEdgeTest, BeginInReplayThrowsTheMissAndRemembersIt) {
  auto cassette = open(Mode::replay);
  EXPECT_THROW(CassetteEngine{*cassette}.begin(get("/v1/never")), UnmatchedRequest);
  ASSERT_EQ(cassette->misses().size(), 1u);
  EXPECT_EQ(cassette->misses().front().request().target, "/v1/never");
}

TEST_F(CassetteEdgeTest, FinishInPassthroughWritesNothing) {
  auto cassette = open(Mode::passthrough);
  auto step = CassetteEngine{*cassette}.begin(get("/v1/items"));
  ASSERT_FALSE(step.replayed.has_value());
  const auto answer = CassetteEngine{*cassette}.finish(step.forward, text("live"), 1.0);
  EXPECT_EQ(answer.source, Source::forwarded);
  EXPECT_EQ(answer.exchange, nullptr);
  EXPECT_EQ(answer.response.body, "live");
  EXPECT_TRUE(files().empty());
}

TEST_F(CassetteEdgeTest, BeginInRecordModeForwardsEvenWhatWasRecorded) {
  auto recording = open(Mode::new_episodes);
  CassetteEngine{*recording}.finish(CassetteEngine{*recording}.begin(get("/v1/items")).forward,
                                    text("old"), 1.0);
  auto cassette = open(Mode::record);
  EXPECT_FALSE(CassetteEngine{*cassette}.begin(get("/v1/items")).replayed.has_value());
}

TEST_F(CassetteEdgeTest, MissesKeepTheOrderOfTheRequests) {
  Cassette cassette{dir_.path()};
  for (const auto* target : {"/first", "/second", "/third"}) {
    EXPECT_THROW(cassette.handle(get(target), nullptr), UnmatchedRequest);
  }
  const auto misses = cassette.misses();
  ASSERT_EQ(misses.size(), 3u);
  EXPECT_EQ(misses[0].request().target, "/first");
  EXPECT_EQ(misses[1].request().target, "/second");
  EXPECT_EQ(misses[2].request().target, "/third");
  cassette.reset();
  EXPECT_TRUE(cassette.misses().empty());
}

TEST_F(CassetteEdgeTest, TheSamePathOnTwoRoutesKeepsSeparateSequences) {
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

TEST_F(CassetteEdgeTest, StrictSequencesErrorNamesHowManyWereRecorded) {
  auto recording = open(Mode::new_episodes);
  recording->handle(get("/v1/items"), &upstream_);
  recording->handle(get("/v1/items"), &upstream_);
  CassetteOptions options;
  options.strict_sequences = true;
  auto replaying = open(Mode::replay, options);
  replaying->handle(get("/v1/items"), nullptr);
  replaying->handle(get("/v1/items"), nullptr);
  try {
    replaying->handle(get("/v1/items"), nullptr);
    FAIL() << "expected UnmatchedRequest";
  } catch (const UnmatchedRequest& error) {
    EXPECT_THAT(error.what(), HasSubstr("request number 3"));
    EXPECT_THAT(error.what(), HasSubstr("recorded 2"));
    EXPECT_THAT(error.what(), HasSubstr("strict sequences"));
  }
}

TEST_F(CassetteEdgeTest, PassthroughFromTheEnvironmentWithoutUpstreamIsAnInputError) {
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

TEST_F(CassetteEdgeTest, AnAbsoluteTargetWithoutBaseUrlIsKeyedByItsPath) {
  auto recording = open(Mode::new_episodes);
  recording->handle(get("http://api.example.test:8080/v1/items?page=1"), &upstream_);
  ASSERT_EQ(upstream_.seen().size(), 1u);
  EXPECT_EQ(upstream_.seen()[0].target, "/v1/items?page=1");

  auto replaying = open(Mode::replay);
  EXPECT_NO_THROW(replaying->handle(get("/v1/items?page=1"), nullptr));
  EXPECT_NO_THROW(replaying->handle(get("https://other.test/v1/items?page=1"), nullptr));
}

TEST_F(CassetteEdgeTest, AnAbsoluteTargetWithOnlyAQueryIsKeyedAtTheRoot) {
  auto cassette = open(Mode::new_episodes);
  EXPECT_EQ(CassetteEngine{*cassette}.normalize(get("http://api.test?x=1")).request.target,
            "/?x=1");
  EXPECT_EQ(CassetteEngine{*cassette}.normalize(get("http://api.test")).request.target, "/");
}

}  // namespace
}  // namespace automock
