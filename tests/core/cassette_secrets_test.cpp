#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;

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

}  // namespace
}  // namespace automock
