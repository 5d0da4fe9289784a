#include <gtest/gtest-spi.h>

#include <automock/config.hpp>
#include <automock/gtest.hpp>

#include "support/fake_upstream.hpp"
#include "support/requests.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::testing {
namespace {

using test::get;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;

using test::post_json;

// Records requests into the cassette this test would replay.
void record_into(const std::filesystem::path& cassette_dir, const std::vector<Request>& requests) {
  test::FakeUpstream upstream;
  Cassette cassette{cassette_dir,
                    CassetteOptions{.mode = Mode::record, .allow_network_in_ci = true}};
  for (const auto& request : requests) cassette.handle(request, &upstream);
}

class FixtureRootTest : public ::testing::Test {
 protected:
  test::ScopedEnv env_{"AUTOMOCK_FIXTURES", std::nullopt};
};

TEST_F(FixtureRootTest, CassettePathIsRootSuiteAndTest) {
  set_fixture_root("some/root");
  EXPECT_EQ(cassette_path_for_current_test(),
            std::filesystem::path{"some/root/FixtureRootTest/CassettePathIsRootSuiteAndTest"});
  set_fixture_root("fixtures");
}

TEST_F(FixtureRootTest, EnvironmentOverridesTheConfiguredRoot) {
  test::ScopedEnv root{"AUTOMOCK_FIXTURES", "/elsewhere"};
  EXPECT_EQ(fixture_root(), std::filesystem::path{"/elsewhere"});
}

class ParamNameTest : public ::testing::TestWithParam<int> {};

TEST_P(ParamNameTest, SlashesInParameterisedNamesBecomeUnderscores) {
  const auto path = cassette_path_for_current_test();
  EXPECT_EQ(path.parent_path().filename(), "Numbers_ParamNameTest");
  EXPECT_EQ(path.filename(), "SlashesInParameterisedNamesBecomeUnderscores_7");
}
INSTANTIATE_TEST_SUITE_P(Numbers, ParamNameTest, ::testing::Values(7),
                         ::testing::PrintToStringParamName());

class CleanCassetteTest : public ::testing::Test {
 protected:
  test::TempDir dir_;
  test::ScopedEnv mode_{"AUTOMOCK_MODE", std::nullopt};
};

TEST_F(CleanCassetteTest, AnUnmatchedRequestFailsTheTestEvenWhenSwallowed) {
  record_into(dir_.path(), {get("/a")});
  Cassette cassette{dir_.path()};
  try {
    cassette.handle(get("/b"), nullptr);
  } catch (const UnmatchedRequest&) {
    // The code under test might swallow it; the test must still fail.
  }
  EXPECT_NONFATAL_FAILURE(expect_cassette_clean(cassette, false), "no recording matches");
}

TEST_F(CleanCassetteTest, UnusedExchangesFailOnlyWhenAsked) {
  record_into(dir_.path(), {get("/a"), get("/b")});
  Cassette cassette{dir_.path()};
  cassette.handle(get("/a"), nullptr);
  expect_cassette_clean(cassette, false);
  EXPECT_NONFATAL_FAILURE(expect_cassette_clean(cassette, true), "was never played");
}

TEST_F(CleanCassetteTest, MockTransportReplaysByDefaultAndCountsCalls) {
  record_into(dir_.path(), {post_json("/v1/todos", R"({"title":"milk"})")});
  auto mock = std::make_shared<MockTransport>(std::make_shared<Cassette>(dir_.path()));
  EXPECT_CALL(*mock, send(JsonBodyField("/title", R"("milk")"))).Times(1);
  EXPECT_EQ(mock->send(post_json("/v1/todos", R"({"title":"milk"})")).status, 200);
}

TEST_F(CleanCassetteTest, MockTransportActionsCanStillBeOverridden) {
  auto mock = std::make_shared<MockTransport>(std::make_shared<Cassette>(dir_.path()));
  EXPECT_CALL(*mock, send(RequestPath("/down"))).WillOnce(Return(Response{503, {}, "down"}));
  EXPECT_EQ(mock->send(get("/down")).status, 503);
}

TEST(RequestMatcherTest, MethodAndPath) {
  const auto request = get("/v1/todos?done=false");
  EXPECT_THAT(request, RequestMethod("GET"));
  EXPECT_THAT(request, Not(RequestMethod("POST")));
  EXPECT_THAT(request, RequestPath("/v1/todos"));
  EXPECT_THAT(request, Not(RequestPath("/v1")));
}

TEST(RequestMatcherTest, QueryParamComparesDecodedValues) {
  const auto request = get("/search?q=hello%20world&tag=a+b");
  EXPECT_THAT(request, QueryParam("q", "hello world"));
  EXPECT_THAT(request, QueryParam("tag", "a b"));
  EXPECT_THAT(request, Not(QueryParam("q", "hello")));
}

TEST(RequestMatcherTest, JsonBodyFieldComparesJsonValues) {
  const auto request = post_json("/x", R"({"a":{"b":[1, 2.5]},"ok":true})");
  EXPECT_THAT(request, JsonBodyField("/a/b/1", "2.5"));
  EXPECT_THAT(request, JsonBodyField("/ok", "true"));
  EXPECT_THAT(request, Not(JsonBodyField("/a/b/0", "2")));
  EXPECT_THAT(request, Not(JsonBodyField("/missing", "1")));
  EXPECT_THAT(get("/no-body"), Not(JsonBodyField("/a", "1")));
  EXPECT_THAT(post_json("/x", test::deeply_nested_json(1'000'000)),
              Not(JsonBodyField("/0/0", "[]")))
      << "nested too deep to read: absent";
}

// A CassetteTest whose fixture root is a temporary directory for the suite,
// with AUTOMOCK_FIXTURES and AUTOMOCK_MODE unset.
class TempRootCassetteTest : public CassetteTest {
 protected:
  static inline test::TempDir* root_ = nullptr;
  static void SetUpTestSuite() {
    root_ = new test::TempDir;
    set_fixture_root(root_->path());
  }
  static void TearDownTestSuite() {
    set_fixture_root("fixtures");
    delete root_;
  }
  test::ScopedEnv env_{"AUTOMOCK_FIXTURES", std::nullopt};
  test::ScopedEnv mode_{"AUTOMOCK_MODE", std::nullopt};
};

class ReplayFixtureTest : public TempRootCassetteTest {
 protected:
  void SetUp() override {
    record_into(cassette_path_for_current_test(), {get("/hello")});
    CassetteTest::SetUp();
  }
};

TEST_F(ReplayFixtureTest, TransportReplaysThisTestsCassette) {
  EXPECT_EQ(transport().send(get("/hello")).status, 200);
  EXPECT_EQ(cassette().directory().filename(), "TransportReplaysThisTestsCassette");
}

TEST_F(ReplayFixtureTest, BaseUrlServesTheCassetteOverLoopback) {
  HttpTransport http{base_url()};
  EXPECT_THAT(base_url(), HasSubstr("http://127.0.0.1:"));
  const auto response = http.send(get("/hello"));
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, HasSubstr("/hello"));
}

TEST_F(ReplayFixtureTest, AMissOverLoopbackIsA404WithTheReport) {
  HttpTransport http{base_url()};
  const auto response = http.send(get("/nope"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.get("X-Automock"), "miss");
  EXPECT_THAT(response.body, HasSubstr("no recording matches"));
  EXPECT_NONFATAL_FAILURE(expect_cassette_clean(cassette(), false), "GET /nope");
  cassette().reset();
}

}  // namespace
}  // namespace automock::testing

namespace automock::testing {
namespace {

class RecordingFixtureTest : public TempRootCassetteTest {
 protected:
  CassetteOptions cassette_options() const override {
    return CassetteOptions{.mode = Mode::record, .allow_network_in_ci = true};
  }
  std::shared_ptr<Transport> upstream() const override { return upstream_; }

  std::shared_ptr<test::FakeUpstream> upstream_ = std::make_shared<test::FakeUpstream>();
};

TEST_F(RecordingFixtureTest, TheTransportRecordsThroughTheUpstream) {
  EXPECT_EQ(transport().send(get("/recorded")).status, 200);
  EXPECT_EQ(upstream_->calls(), 1u);
  EXPECT_TRUE(std::filesystem::exists(cassette_path_for_current_test()));
}

// A CassetteTest whose options carry only a config (an automock.json) that
// says to record: the config's mode is the one in force.
class ConfiguredModeFixtureTest : public TempRootCassetteTest {
 protected:
  CassetteOptions cassette_options() const override {
    test::TempDir config_dir;
    return CassetteOptions{
        .config = load_config(config_dir.write("automock.json", R"({"mode": "record"})")),
        .allow_network_in_ci = true};
  }
  std::shared_ptr<Transport> upstream() const override { return upstream_; }

  std::shared_ptr<test::FakeUpstream> upstream_ = std::make_shared<test::FakeUpstream>();
};

TEST_F(ConfiguredModeFixtureTest, TheConfigsModeRecordsThroughTheUpstream) {
  EXPECT_EQ(cassette().mode(), Mode::record);
  EXPECT_EQ(transport().send(get("/configured")).status, 200);
  EXPECT_EQ(upstream_->calls(), 1u);
}

TEST_F(RecordingFixtureTest, TheEmbeddedServerRecordsThroughTheUpstream) {
  HttpTransport http{base_url()};
  EXPECT_EQ(http.send(get("/over-http")).status, 200);
  ASSERT_EQ(upstream_->calls(), 1u);
  EXPECT_EQ(upstream_->seen()[0].target, "/over-http");
  Cassette replay{cassette_path_for_current_test()};
  EXPECT_EQ(replay.handle(get("/over-http"), nullptr).status, 200);
}

}  // namespace
}  // namespace automock::testing

namespace automock::testing {
namespace {

TEST(ReplayServerServeTest, ServeSwitchesToAnotherCassette) {
  test::TempDir first_dir;
  test::TempDir second_dir;
  record_into(first_dir.path(), {get("/first")});
  record_into(second_dir.path(), {get("/second")});
  ReplayServer server{std::make_shared<Cassette>(first_dir.path())};
  HttpTransport http{server.base_url()};
  EXPECT_EQ(http.send(get("/first")).status, 200);
  auto second = std::make_shared<Cassette>(second_dir.path());
  server.serve(second);
  EXPECT_EQ(http.send(get("/second")).status, 200);
  EXPECT_EQ(http.send(get("/first")).status, 404);
  EXPECT_EQ(second->misses().size(), 1u);
}

}  // namespace
}  // namespace automock::testing
