// The unmatched-request report as a user reads it (DESIGN.md: the request,
// the nearest recordings and what differs, a curl command, how to record):
// its shapes for an empty, unrelated or crowded cassette, quoting, secrets,
// and recordings that only stale match rules keep from matching.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cassette_test_base.hpp"

namespace automock::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class UnmatchedReportTest : public CassetteTestBase {
 protected:
  void record(const Request& request, CassetteOptions options = {}) {
    open(Mode::new_episodes, std::move(options))->handle(request, &upstream_);
  }
  std::string report_for(const Request& request, CassetteOptions options = {}) {
    try {
      open(Mode::replay, std::move(options))->handle(request, nullptr);
    } catch (const UnmatchedRequest& miss) {
      return miss.what();
    }
    ADD_FAILURE() << "the request matched";
    return "";
  }
};

TEST_F(UnmatchedReportTest, OtherMethodsAreNoCandidatesButTheCassetteIsListed) {
  record(post_json("/todos", R"({"t":1})"));
  const auto report = report_for(get("/todos"));
  EXPECT_THAT(report, HasSubstr("Nothing was recorded for GET /todos. The cassette holds 1 "
                                "exchange:\n  POST /todos\n"));
}

TEST_F(UnmatchedReportTest, ACrowdedCassetteListsOnlyAFewOfItsExchanges) {
  for (int i = 0; i < 8; ++i) record(get("/item/" + std::to_string(i)));
  const auto report = report_for(get("/other"));
  EXPECT_THAT(report, HasSubstr("The cassette holds 8 exchanges, such as:\n"));
  size_t listed = 0;
  for (auto at = report.find("  GET /item/"); at != std::string::npos;
       at = report.find("  GET /item/", at + 1)) {
    ++listed;
  }
  EXPECT_EQ(listed, 5u);
}

TEST_F(UnmatchedReportTest, AtMostThreeNearestRecordingsAreShownClosestFirst) {
  record(get("/search?q=a&page=1&size=10"));  // 2 differences
  record(get("/search?q=b&page=2&size=30"));  // 3 differences
  record(get("/search?q=c&page=1&size=20"));  // 1 difference
  record(get("/search?q=z&page=1&size=10"));  // 1 difference
  const auto report = report_for(get("/search?q=z&page=1&size=20"));
  ASSERT_THAT(report, HasSubstr("Nearest recorded exchanges for GET /search:\n"));
  const auto nearest = report.substr(report.find("Nearest"));
  size_t shown = 0;
  for (auto at = nearest.find("\n  GET-search-"); at != std::string::npos;
       at = nearest.find("\n  GET-search-", at + 1)) {
    ++shown;
  }
  EXPECT_EQ(shown, 3u);
  EXPECT_THAT(nearest, Not(HasSubstr("q=b&page=2")));
  EXPECT_LT(nearest.find("q=c&page=1&size=20"), nearest.find("q=a&page=1&size=10"));
  EXPECT_LT(nearest.find("q=z&page=1&size=10"), nearest.find("q=a&page=1&size=10"));
}

TEST_F(UnmatchedReportTest, ABrokenFixtureIsNoCandidateAndNoFailure) {
  record(get("/a?x=1"));
  dir_.write("GET-a-0123456789abcdef.json", "{ broken");
  const auto report = report_for(get("/a?x=2"));
  EXPECT_THAT(report, HasSubstr("Nearest recorded exchanges for GET /a:\n"));
  EXPECT_THAT(report, Not(HasSubstr("GET-a-0123456789abcdef.json")));
}

TEST_F(UnmatchedReportTest, TheCurlCommandQuotesWhatTheShellWouldExpand) {
  const auto report = report_for(
      Request{"POST", "/notes?who=$USER", {{"Content-Type", "text/plain"}}, "it's `here`"},
      CassetteOptions{.base_url = "http://api.test/v1"});
  EXPECT_THAT(report, HasSubstr("curl -X POST 'http://api.test/v1/notes?who=$USER' -H "
                                "'Content-Type: text/plain' --data-binary 'it'\\''s `here`'"));
  EXPECT_THAT(report, Not(HasSubstr("AUTOMOCK_URL")));
}

TEST_F(UnmatchedReportTest, WithoutABaseUrlTheCurlCommandUsesAnEnvironmentVariable) {
  const auto report = report_for(get("/x"));
  EXPECT_THAT(report, HasSubstr("Reproduce it (AUTOMOCK_URL: the API's base URL):\n"
                                "  curl -X GET '$AUTOMOCK_URL/x'\n"));
}

TEST_F(UnmatchedReportTest, TheCurlCommandTargetsTheRoutesUpstream) {
  CassetteOptions options;
  options.config = parse_config(R"({"routes": [{"name": "todo", "prefix": "/todo",
      "upstream": "http://todo.internal:8081"}]})",
                                "automock.json");
  const auto report = report_for(get("/todo/v1/items?x=1"), options);
  EXPECT_THAT(report, HasSubstr("curl -X GET 'http://todo.internal:8081/v1/items?x=1'"));
}

TEST_F(UnmatchedReportTest, ALongBodyIsPreviewedWithItsSize) {
  const std::string body(5000, 'b');
  const auto report = report_for(Request{"PUT", "/blob", {}, body});
  EXPECT_THAT(report, HasSubstr("(body, 5000 bytes)\n  " + std::string(2048, 'b') + "...\n"));
}

TEST_F(UnmatchedReportTest, SecretsOfTheMissedRequestAreRedacted) {
  auto request = get("/me?api_key=SECRET-QUERY");
  request.headers.add("Authorization", "Bearer SECRET-HEADER");
  const auto report =
      report_for(request, CassetteOptions{.config = {.redact = {.query = {"api_key"}}}});
  EXPECT_THAT(report, Not(HasSubstr("SECRET")));
  EXPECT_THAT(report, HasSubstr("Authorization: Bearer <REDACTED>"));
}

TEST_F(UnmatchedReportTest, ANamedSecretIsAShellVariableInTheCurlCommand) {
  auto request = get("/me");
  request.headers.add("Authorization", "Bearer SECRET-HEADER");
  CassetteOptions options;
  options.config.redact =
      with_secret_places({.secrets = {{.name = "session-token", .headers = {"Authorization"}}}});
  const auto report = report_for(request, options);
  EXPECT_THAT(report, Not(HasSubstr("SECRET-HEADER")));
  EXPECT_THAT(report, HasSubstr("Authorization: Bearer <SECRET:session-token>\n"));
  EXPECT_THAT(report,
              HasSubstr(R"(-H 'Authorization: Bearer '"$AUTOMOCK_SECRET_SESSION_TOKEN"'')"));
}

TEST_F(UnmatchedReportTest, TheRecordHintIsTheCommandThatRunsTheFailingTestAgain) {
  const auto report = report_for(get("/x"));
  const auto directory = std::filesystem::absolute(dir_.path()).lexically_normal();
  EXPECT_THAT(report,
              HasSubstr("AUTOMOCK_MODE=new_episodes '" + std::string{program_invocation_name} +
                        "' --gtest_filter='" + directory.parent_path().filename().string() + "." +
                        directory.filename().string() + "'\n"));
}

TEST_F(UnmatchedReportTest, ARecordingKeptFromMatchingOnlyByNewMatchRulesSaysToRekey) {
  record(get("/feed?_ts=1"));
  CassetteOptions new_rules;
  new_rules.config.match.ignore_query = {"_ts"};
  const auto report = report_for(get("/feed?_ts=2"), new_rules);
  EXPECT_THAT(report, HasSubstr("automock fixtures rekey")) << report;
  EXPECT_THAT(report, Not(HasSubstr("sequence exhausted"))) << report;
}

TEST_F(UnmatchedReportTest, ALargeBodyIsNotQuotedIntoTheCurlCommand) {
  const auto report = report_for(Request{"POST", "/upload", {}, std::string(1 << 20, 'x')});
  EXPECT_THAT(report, HasSubstr("--data-binary @body  # the 1048576-byte body is too large"));
  EXPECT_LT(report.size(), 8192u);
}

TEST_F(UnmatchedReportTest, ACutCopyKeepsTheBodySizeAndMarksTheReport) {
  const UnmatchedRequest miss{Request{"POST", "/x", {}, std::string(5000, 'b')},
                              std::string(3000, 'r') + "\xc3\xa9" + std::string(3000, 'r')};
  const auto cut = miss.cut_to(3001);
  EXPECT_EQ(cut.request().body.size(), 3001u);
  EXPECT_EQ(cut.body_size(), 5000u);
  EXPECT_TRUE(cut.body_cut());
  EXPECT_FALSE(miss.body_cut());
  EXPECT_EQ(std::string{cut.what()}, std::string(3000, 'r') + "\n... (report cut to 3001 bytes)\n")
      << "cut before the two-byte character, not inside it";
}

}  // namespace
}  // namespace automock::test
