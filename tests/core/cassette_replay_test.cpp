#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <fstream>
#include <stdexcept>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CassetteReplayTest : public test::CassetteTestBase {
 protected:
  // A counter service: GET /count answers the number of POST /count so far.
  test::FakeUpstream counter_{[this](const Request& request) {
    if (request.method == "POST") ++count_;
    return Response{
        200, {{"Content-Type", "application/json"}}, "{\"count\":" + std::to_string(count_) + "}"};
  }};
  int count_ = 0;

  void record_state_changes() {
    auto cassette = open(Mode::new_episodes);
    cassette->handle(get("/count"), &counter_);
    cassette->handle(post_json("/count", "{}"), &counter_);
    cassette->handle(get("/count"), &counter_);
    cassette->handle(get("/count"), &counter_);
  }

  // The UnmatchedRequest that `cassette` throws for `request`.
  static UnmatchedRequest miss_of(Cassette& cassette, const Request& request) {
    try {
      cassette.handle(request, nullptr);
    } catch (const UnmatchedRequest& error) {
      return error;
    }
    throw std::logic_error{"answered, expected UnmatchedRequest: " + request.target};
  }

  void write_file(const std::string& name, const std::string& text) {
    std::ofstream{dir_ / name} << text;
  }
};

TEST_F(CassetteReplayTest, IdenticalRequestsGetTheirRecordingsInOrder) {
  record_state_changes();
  EXPECT_EQ(files().size(), 4u);
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":0}");
  cassette->handle(post_json("/count", "{}"), nullptr);
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":1}");
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":1}");
}

TEST_F(CassetteReplayTest, PastTheLastRecordingTheLastRepeats) {
  auto recorder = open(Mode::new_episodes);
  recorder->handle(get("/count"), &counter_);
  recorder->handle(post_json("/count", "{}"), &counter_);
  recorder->handle(get("/count"), &counter_);
  auto cassette = open(Mode::replay);
  cassette->handle(get("/count"), nullptr);
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":1}");
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":1}");
}

TEST_F(CassetteReplayTest, StrictSequencesMakePastTheLastAnError) {
  open(Mode::new_episodes)->handle(get("/count"), &counter_);
  auto cassette = open(Mode::replay, CassetteOptions{.strict_sequences = true});
  cassette->handle(get("/count"), nullptr);
  EXPECT_THROW(cassette->handle(get("/count"), nullptr), UnmatchedRequest);
}

TEST_F(CassetteReplayTest, StrictSequencesErrorNamesHowManyWereRecorded) {
  auto recording = open(Mode::new_episodes);
  recording->handle(get("/v1/items"), &upstream_);
  recording->handle(get("/v1/items"), &upstream_);
  CassetteOptions options;
  options.strict_sequences = true;
  auto replaying = open(Mode::replay, options);
  replaying->handle(get("/v1/items"), nullptr);
  replaying->handle(get("/v1/items"), nullptr);
  const auto error = miss_of(*replaying, get("/v1/items"));
  EXPECT_THAT(error.what(), HasSubstr("request number 3"));
  EXPECT_THAT(error.what(), HasSubstr("recorded 2"));
  EXPECT_THAT(error.what(), HasSubstr("strict sequences"));
}

TEST_F(CassetteReplayTest, ResetStartsSequencesOver) {
  record_state_changes();
  auto cassette = open(Mode::replay);
  cassette->handle(get("/count"), nullptr);
  cassette->handle(get("/count"), nullptr);
  cassette->reset();
  EXPECT_EQ(cassette->handle(get("/count"), nullptr).body, "{\"count\":0}");
}

TEST_F(CassetteReplayTest, UsageAccumulatesAcrossResetsUntilForgotten) {
  record_state_changes();
  auto cassette = open(Mode::replay);
  const auto files = cassette->unused();
  cassette->handle(get("/count"), nullptr);
  cassette->reset();
  EXPECT_EQ(cassette->unused().size(), files.size() - 1);
  cassette->forget_usage();
  EXPECT_EQ(cassette->unused(), files);
}

TEST_F(CassetteReplayTest, UnusedOfAMissingDirectoryIsEmpty) {
  Cassette cassette{dir_ / "does-not-exist"};
  EXPECT_TRUE(cassette.unused().empty());
}

TEST_F(CassetteReplayTest, UnusedListsExchangesNeverPlayed) {
  record_state_changes();
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->unused().size(), 4u);
  cassette->handle(get("/count"), nullptr);
  cassette->handle(post_json("/count", "{}"), nullptr);
  const auto unused = cassette->unused();
  ASSERT_EQ(unused.size(), 2u);
  EXPECT_THAT(unused[0].filename().string(), HasSubstr("GET-count-"));
}

TEST_F(CassetteReplayTest, UnmatchedReportNamesTheDifferingQueryParameter) {
  open(Mode::new_episodes)->handle(get("/v1/todos?done=true&limit=5"), &upstream_);
  auto cassette = open(Mode::replay);
  const std::string report = miss_of(*cassette, get("/v1/todos?done=false&limit=5")).what();
  EXPECT_THAT(report, HasSubstr("GET /v1/todos?done=false&limit=5"));
  EXPECT_THAT(report, HasSubstr("query 'done': recorded \"true\", sent \"false\""));
  EXPECT_THAT(report, Not(HasSubstr("'limit'")));
  EXPECT_THAT(report, HasSubstr("curl -X GET"));
  EXPECT_THAT(report, HasSubstr("AUTOMOCK_MODE=new_episodes"));
}

TEST_F(CassetteReplayTest, UnmatchedReportNamesTheDifferingJsonField) {
  open(Mode::new_episodes)
      ->handle(post_json("/v1/todos", R"({"title":"write tests","tags":["a"]})"), &upstream_);
  auto cassette = open(Mode::replay);
  const auto error =
      miss_of(*cassette, post_json("/v1/todos", R"({"tags":["a"],"title":"ship it"})"));
  EXPECT_THAT(error.what(), HasSubstr("body /title: recorded \"write tests\", sent \"ship it\""));
  EXPECT_THAT(error.what(), Not(HasSubstr("/tags")));
}

TEST_F(CassetteReplayTest, UnmatchedReportSaysWhenNothingWasRecordedForThePath) {
  open(Mode::new_episodes)->handle(get("/a"), &upstream_);
  auto cassette = open(Mode::replay);
  const auto error = miss_of(*cassette, get("/b"));
  EXPECT_THAT(error.what(), HasSubstr("Nothing was recorded for GET /b"));
  EXPECT_THAT(error.what(), HasSubstr("GET /a"));
}

TEST_F(CassetteReplayTest, ReplayFromAMissingDirectoryIsUnmatchedAndSaysTheCassetteIsEmpty) {
  Cassette cassette{dir_ / "does-not-exist"};
  const auto error = miss_of(cassette, get("/v1/items"));
  EXPECT_THAT(error.what(), HasSubstr("The cassette is empty."));
  EXPECT_THAT(error.what(), HasSubstr("does-not-exist"));
  EXPECT_EQ(error.request().target, "/v1/items");
}

TEST_F(CassetteReplayTest, MissesKeepTheOrderOfTheRequests) {
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

// Probed in issue 14: twelve 8 MB misses kept 290 MB.
TEST_F(CassetteReplayTest, AMissKeepsAtMost64KiBOfItsBodyAndReport) {
  Cassette cassette{dir_.path()};
  const std::string body(8 << 20, 'x');
  for (int i = 0; i < 12; ++i) {
    try {
      cassette.handle(Request{"POST", "/upload", {}, body}, nullptr);
    } catch (const UnmatchedRequest& error) {
      EXPECT_EQ(error.request().body.size(), body.size()) << "the caller gets the whole request";
    }
  }
  const auto misses = cassette.misses();
  ASSERT_EQ(misses.size(), 12u);
  for (const auto& miss : misses) {
    EXPECT_EQ(miss.request().body.size(), k_max_miss_bytes_kept);
    EXPECT_LT(miss.request().body.capacity(), 2 * k_max_miss_bytes_kept) << "memory kept";
    EXPECT_EQ(miss.body_size(), body.size());
    EXPECT_TRUE(miss.body_cut());
    EXPECT_LE(std::string_view{miss.what()}.size(), k_max_miss_bytes_kept + 64);
    EXPECT_THAT(miss.what(), HasSubstr("(body, 8388608 bytes)"));
  }
}

TEST_F(CassetteReplayTest, PastTheMissesKeptTheOldestAreDroppedAndCounted) {
  Cassette cassette{dir_.path()};
  for (size_t i = 0; i < k_max_misses_kept + 3; ++i) {
    EXPECT_THROW(cassette.handle(get("/miss/" + std::to_string(i)), nullptr), UnmatchedRequest);
  }
  const auto misses = cassette.misses();
  ASSERT_EQ(misses.size(), k_max_misses_kept);
  EXPECT_EQ(misses.front().request().target, "/miss/3");
  EXPECT_EQ(misses.back().request().target, "/miss/" + std::to_string(k_max_misses_kept + 2));
  EXPECT_EQ(cassette.dropped_misses(), 3u);
  cassette.reset();
  EXPECT_EQ(cassette.dropped_misses(), 0u);
}

TEST_F(CassetteReplayTest, LookupOpensOnlyTheMatchingFile) {
  open(Mode::new_episodes)->handle(get("/a"), &upstream_);
  write_file("GET-broken-0123456789abcdef.json", "{ not json");
  auto cassette = open(Mode::replay);
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
}

TEST_F(CassetteReplayTest, HotReplayIsServedFromMemory) {
  open(Mode::new_episodes)->handle(get("/a"), &upstream_);
  auto cassette = open(Mode::replay);
  const auto first = cassette->handle(get("/a"), nullptr);
  for (const auto& file : files()) std::filesystem::remove(file);
  EXPECT_EQ(cassette->handle(get("/a"), nullptr), first);
}

TEST_F(CassetteReplayTest, ACorruptFixtureIsReportedWithItsPath) {
  open(Mode::new_episodes)->handle(get("/a"), &upstream_);
  const auto file = files().at(0);
  std::ofstream{file} << "{\"automock\": 1";
  auto cassette = open(Mode::replay);
  try {
    cassette->handle(get("/a"), nullptr);
    FAIL() << "expected FixtureError";
  } catch (const FixtureError& error) {
    EXPECT_EQ(error.path(), file.string());
  }
}

TEST_F(CassetteReplayTest, AFixtureWhoseKeyDoesNotMatchItsRequestIsReported) {
  open(Mode::new_episodes)->handle(get("/a?x=1"), &upstream_);
  const auto file = files().at(0);
  std::ifstream in{file};
  std::string text{std::istreambuf_iterator<char>{in}, {}};
  const auto url = text.find("/a?x=1");
  ASSERT_NE(url, std::string::npos);
  text.replace(url, 6, "/a?x=2");
  std::ofstream{file} << text;
  try {
    open(Mode::replay)->handle(get("/a?x=1"), nullptr);
    FAIL() << "expected FixtureError";
  } catch (const FixtureError& error) {
    EXPECT_EQ(error.field(), "/key");
    EXPECT_THAT(error.what(), HasSubstr("rekey"));
  }
}

class CassetteExpiryTest : public CassetteReplayTest {
 protected:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
  std::vector<std::string> warnings_;

  CassetteOptions options(ExpiryAction action) {
    Config config;
    config.max_age_seconds = 3600;
    config.expiry_action = action;
    return CassetteOptions{.config = config,
                           .clock = [this] { return now_; },
                           .warn = [this](const std::string& text) { warnings_.push_back(text); }};
  }
};

TEST_F(CassetteExpiryTest, AnOldExchangeIsReportedAsAWarning) {
  open(Mode::new_episodes, options(ExpiryAction::warn))->handle(get("/a"), &upstream_);
  now_ += std::chrono::hours{2};
  auto cassette = open(Mode::replay, options(ExpiryAction::warn));
  EXPECT_EQ(cassette->handle(get("/a"), nullptr).status, 200);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_THAT(warnings_[0], HasSubstr("older than"));
}

TEST_F(CassetteExpiryTest, AnOldExchangeIsAnErrorWhenConfigured) {
  open(Mode::new_episodes, options(ExpiryAction::error))->handle(get("/a"), &upstream_);
  now_ += std::chrono::hours{2};
  EXPECT_THROW(open(Mode::replay, options(ExpiryAction::error))->handle(get("/a"), nullptr),
               CheckFailed);
}

TEST_F(CassetteExpiryTest, AFreshExchangeIsNotReported) {
  open(Mode::new_episodes, options(ExpiryAction::error))->handle(get("/a"), &upstream_);
  now_ += std::chrono::minutes{30};
  EXPECT_NO_THROW(open(Mode::replay, options(ExpiryAction::error))->handle(get("/a"), nullptr));
}

TEST_F(CassetteExpiryTest, NewEpisodesRecordsAnOldExchangeAgain) {
  open(Mode::new_episodes, options(ExpiryAction::warn))->handle(get("/a"), &upstream_);
  now_ += std::chrono::hours{2};
  auto cassette = open(Mode::new_episodes, options(ExpiryAction::warn));
  cassette->handle(get("/a"), &upstream_);
  EXPECT_EQ(upstream_.calls(), 2u);
  EXPECT_EQ(files().size(), 1u) << "replaced in place, not a new sequence";
}

}  // namespace
}  // namespace automock
