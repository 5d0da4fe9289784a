#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/transport.hpp>

#include "core/cassette_engine.hpp"
#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using test::ScopedEnv;

class CassetteModeTest : public test::CassetteTestBase {
 protected:
  // Records `request` through a new_episodes cassette; returns what upstream said.
  Response record_one(const Request& request) {
    return open(Mode::new_episodes)->handle(request, &upstream_);
  }
};

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

TEST_F(CassetteModeTest, EnvironmentModeOverridesTheCodesChoice) {
  ScopedEnv mode{"AUTOMOCK_MODE", "new_episodes"};
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->mode(), Mode::new_episodes);
  cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 1u);
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

TEST_F(CassetteModeTest, AbsoluteTargetsHaveTheBaseUrlStripped) {
  auto cassette = open(Mode::new_episodes, CassetteOptions{.base_url = "http://api.test/v1"});
  cassette->handle(get("http://api.test/v1/todos?x=1"), &upstream_);
  EXPECT_EQ(upstream_.seen().at(0).target, "/todos?x=1");
  auto replay = open(Mode::replay, CassetteOptions{.base_url = "http://api.test/v1"});
  EXPECT_EQ(replay->handle(get("/todos?x=1"), nullptr).status, 200);
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

TEST_F(CassetteModeTest, CassetteTransportReplaysInProcess) {
  record_one(get("/a"));
  CassetteTransport transport{open(Mode::replay)};
  EXPECT_EQ(transport.send(get("/a")).status, 200);
  EXPECT_THROW(transport.send(get("/nope")), UnmatchedRequest);
}

}  // namespace
}  // namespace automock
