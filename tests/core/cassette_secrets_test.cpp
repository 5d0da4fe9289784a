#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <filesystem>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CassetteSecretsTest : public test::CassetteTestBase {
 protected:
  CassetteOptions options() {
    Config config;
    config.redact = {
        .headers = {"x-secret"}, .query = {"api_key"}, .json = {"password", "/session/token"}};
    return CassetteOptions{.config = config};
  }

  static Request login(const std::string& secret) {
    return Request{"POST",
                   "/login?api_key=" + secret + "-q&page=1",
                   {{"Content-Type", "application/json"},
                    {"Authorization", "Bearer " + secret + "-auth"},
                    {"Cookie", "sid=" + secret + "-cookie"},
                    {"X-Secret", secret + "-header"}},
                   R"({"user":"ann","password":")" + secret + R"(-pw","devices":[{"password":")" +
                       secret + R"(-nested"}]})"};
  }

  test::FakeUpstream auth_server_{[](const Request&) {
    return Response{200,
                    {{"Content-Type", "application/json"},
                     {"Set-Cookie", "sid=SERVERSECRET-cookie"},
                     {"X-Api-Key", "SERVERSECRET-key"}},
                    R"({"session":{"token":"SERVERSECRET-token","user":"ann"}})"};
  }};
};

TEST_F(CassetteSecretsTest, NoSecretReachesAFixtureFile) {
  open(Mode::new_episodes, options())->handle(login("CLIENTSECRET"), &auth_server_);
  const auto bytes = all_bytes_on_disk();
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find("CLIENTSECRET"), std::string::npos) << bytes;
  EXPECT_EQ(bytes.find("SERVERSECRET"), std::string::npos) << bytes;
  EXPECT_THAT(bytes, HasSubstr("<REDACTED>"));
  EXPECT_THAT(bytes, HasSubstr("page=1")) << "only secrets are redacted";
}

TEST_F(CassetteSecretsTest, ARequestWithOtherSecretsStillMatches) {
  open(Mode::new_episodes, options())->handle(login("CLIENTSECRET"), &auth_server_);
  auto cassette = open(Mode::replay, options());
  EXPECT_EQ(cassette->handle(login("ANOTHERTOKEN"), nullptr).status, 200);
}

TEST_F(CassetteSecretsTest, ReplayServesThePlaceholder) {
  open(Mode::new_episodes, options())->handle(login("CLIENTSECRET"), &auth_server_);
  const auto response = open(Mode::replay, options())->handle(login("X"), nullptr);
  EXPECT_THAT(response.body, HasSubstr(R"("token":"<REDACTED>")"));
  EXPECT_EQ(response.headers.get("set-cookie"), "<REDACTED>");
}

TEST_F(CassetteSecretsTest, UnmatchedReportShowsNoSecret) {
  open(Mode::new_episodes, options())->handle(login("CLIENTSECRET"), &auth_server_);
  auto request = login("NEWSECRET");
  request.target += "&extra=1";
  try {
    open(Mode::replay, options())->handle(request, nullptr);
    FAIL() << "expected UnmatchedRequest";
  } catch (const UnmatchedRequest& error) {
    EXPECT_EQ(std::string{error.what()}.find("NEWSECRET"), std::string::npos) << error.what();
    EXPECT_THAT(error.what(), HasSubstr("query 'extra'"));
  }
}

TEST_F(CassetteSecretsTest, WithNoConfigAnOAuthAnswerAndItsEchoesNeverReachDisk) {
  const std::string access = "at-5b1d9e0c7f", refresh = "rt-0a8c6e4d2b";
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJlLWJ5dGVz";
  test::FakeUpstream oauth{[&](const Request& request) {
    return Response{
        200,
        {{"Content-Type", "application/json"}, {"Location", "/done#access_token=" + access}},
        R"({"access_token":")" + access + R"(","refresh_token":")" + refresh + R"(","id_token":")" +
            jwt + R"(","you_sent":")" + request.body + R"("})"};
  }};
  const Request token_request{"POST",
                              "/oauth/token",
                              {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "grant_type=refresh_token&refresh_token=" + refresh};
  std::vector<std::string> warnings;
  CassetteOptions no_config{.warn = [&](const std::string& text) { warnings.push_back(text); }};
  open(Mode::new_episodes, no_config)->handle(token_request, &oauth);
  const auto bytes = all_bytes_on_disk();
  for (const auto& secret : {access, refresh, jwt}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " in " << bytes;
  }
  EXPECT_EQ(open(Mode::replay)->handle(token_request, nullptr).status, 200);
  EXPECT_THAT(warnings, ::testing::IsEmpty()) << "named fields need no shape warning";
}

TEST_F(CassetteSecretsTest, AShapeInAnUnnamedFieldIsRedactedWithAWarningNamingTheFixture) {
  const std::string github_token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  test::FakeUpstream server{[&](const Request&) {
    return Response{200, {}, R"({"config":{"ci":")" + github_token + R"("}})"};
  }};
  std::vector<std::string> warnings;
  CassetteOptions no_config{.warn = [&](const std::string& text) { warnings.push_back(text); }};
  open(Mode::new_episodes, no_config)->handle(Request{"GET", "/settings"}, &server);
  EXPECT_EQ(all_bytes_on_disk().find(github_token), std::string::npos);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("GET-settings-"));
  EXPECT_THAT(warnings[0], HasSubstr("GitHub token in response body (redacted)"));
  EXPECT_EQ(warnings[0].find(github_token), std::string::npos);
}

TEST_F(CassetteSecretsTest, ScanPolicyFailWritesNothingAndThrowsNamingTheFixtureAndField) {
  const std::string github_token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  test::FakeUpstream server{[&](const Request&) {
    return Response{200, {}, R"({"config":{"ci":")" + github_token + R"("}})"};
  }};
  CassetteOptions failing;
  failing.config.redact.scan = ScanPolicy::fail;
  auto cassette = open(Mode::new_episodes, failing);
  try {
    cassette->handle(Request{"GET", "/settings"}, &server);
    ADD_FAILURE() << "the exchange was recorded";
  } catch (const CheckFailed& error) {
    const std::string message = error.what();
    EXPECT_THAT(message, HasSubstr("GET-settings-"));
    EXPECT_THAT(message, HasSubstr("not written"));
    EXPECT_THAT(message, HasSubstr("GitHub token in response body"));
    EXPECT_THAT(message, Not(HasSubstr("(redacted)"))) << "nothing was written";
    EXPECT_EQ(message.find(github_token), std::string::npos);
  }
  EXPECT_TRUE(cassette->unused().empty()) << "no fixture was written";
  EXPECT_EQ(all_bytes_on_disk().find(github_token), std::string::npos);
}

TEST_F(CassetteSecretsTest, APathTokenIsInNoFileNameNorFileAndTheRecordingReplays) {
  const std::string token = "123456:AAE-path-token-9f8e7d";
  test::FakeUpstream server{[](const Request&) { return Response{200, {}, "ok"}; }};
  CassetteOptions with_path_rule;
  with_path_rule.config.redact.path = {"bot"};
  open(Mode::new_episodes, with_path_rule)
      ->handle(Request{"POST", "/bot" + token + "/sendMessage"}, &server);
  std::string names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    names += entry.path().filename().string() + "\n";
  }
  EXPECT_THAT(names, HasSubstr("POST-bot-redacted-sendmessage-"));
  EXPECT_EQ(names.find("aae"), std::string::npos) << names;
  EXPECT_EQ(all_bytes_on_disk().find(token), std::string::npos);
  const auto replayed = open(Mode::replay, with_path_rule)
                            ->handle(Request{"POST", "/bot" + token + "/sendMessage"}, nullptr);
  EXPECT_EQ(replayed.body, "ok");
}

}  // namespace
}  // namespace automock
