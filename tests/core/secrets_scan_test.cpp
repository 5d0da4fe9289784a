// Records exchanges that carry a distinct secret in every place a secret can
// be, then scans every byte written under the test's directory (fixtures and
// the warning log) for each of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

struct Secret {
  std::string place;
  std::string value;
};

const std::vector<Secret> k_secrets{
    {"Authorization", "sk-authorization-1f2e"},
    {"Proxy-Authorization", "sk-proxy-auth-3a4b"},
    {"Cookie", "sk-cookie-5c6d"},
    {"X-Api-Key", "sk-x-api-key-7e8f"},
    {"configured request header", "sk-conf-header-9a0b"},
    {"query parameter", "sk-query-1c2d"},
    {"percent-encoded query name", "sk-query-encoded-3e4f"},
    {"JSON field at depth", "sk-json-deep-5a6b"},
    {"JSON field in an array", "sk-json-array-7c8d"},
    {"JSON pointer", "sk-json-pointer-9e0f"},
    {"form body field", "sk-form-1a2b"},
    {"Set-Cookie", "sk-set-cookie-3c4d"},
    {"response X-Api-Key", "sk-resp-api-key-5e6f"},
    {"configured response header", "sk-resp-conf-7a8b"},
    {"response JSON field", "sk-resp-json-9c0d"},
    {"response JSON field in an array", "sk-resp-json-array-1e2f"},
};

std::string secret(const std::string& place) {
  for (const auto& each : k_secrets) {
    if (each.place == place) return each.value;
  }
  throw std::logic_error("no secret for " + place);
}

class SecretsScanTest : public test::CassetteTestBase {
 protected:
  CassetteOptions options() {
    Config config;
    config.redact = {.headers = {"X-Internal-Token", "x-upstream-signature"},
                     .query = {"api_key", "access_token", "password"},
                     .json = {"password", "secret", "/credentials/pin"}};
    return CassetteOptions{.config = config, .warn = [this](const std::string& warning) {
                             std::ofstream(dir_ / "warnings.log", std::ios::app) << warning << '\n';
                           }};
  }

  static Headers secret_request_headers() {
    return {{"authorization", "Bearer " + secret("Authorization")},
            {"Proxy-Authorization", "Basic " + secret("Proxy-Authorization")},
            {"COOKIE", "sid=" + secret("Cookie")},
            {"X-Api-Key", secret("X-Api-Key")},
            {"x-internal-token", secret("configured request header")}};
  }

  static Request json_request() {
    auto request =
        Request{"POST",
                "/v1/login?page=2&api_key=" + secret("query parameter") +
                    "&access%5Ftoken=" + secret("percent-encoded query name"),
                secret_request_headers(),
                R"({"user":{"profile":{"password":")" + secret("JSON field at depth") +
                    R"("}},"devices":[{"id":1},{"secret":")" + secret("JSON field in an array") +
                    R"("}],"credentials":{"pin":")" + secret("JSON pointer") + R"("}})"};
    request.headers.add("Content-Type", "application/json");
    return request;
  }

  static Request form_request() {
    auto request = Request{"POST", "/v1/token", secret_request_headers(),
                           "user=ann&password=" + secret("form body field") + "&remember=1"};
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    return request;
  }

  std::string every_byte_written() const { return test::all_bytes_under(dir_.path()); }

  test::FakeUpstream secret_upstream_{[](const Request&) {
    return Response{200,
                    {{"Content-Type", "application/json"},
                     {"Set-Cookie", "sid=" + secret("Set-Cookie") + "; HttpOnly"},
                     {"x-api-key", secret("response X-Api-Key")},
                     {"X-Upstream-Signature", secret("configured response header")}},
                    R"({"session":{"secret":")" + secret("response JSON field") +
                        R"(","user":"ann"},"keys":[{"password":")" +
                        secret("response JSON field in an array") + R"("}]})"};
  }};
};

TEST_F(SecretsScanTest, NoSecretIsWrittenAnywhereInAnyRecordingMode) {
  open(Mode::new_episodes, options())->handle(json_request(), &secret_upstream_);
  open(Mode::new_episodes, options())->handle(form_request(), &secret_upstream_);
  open(Mode::record, options())->handle(json_request(), &secret_upstream_);
  auto replay = open(Mode::replay, options());
  auto unmatched = json_request();
  unmatched.target += "&new=1";
  try {
    replay->handle(unmatched, nullptr);
    ADD_FAILURE() << "no UnmatchedRequest";
  } catch (const UnmatchedRequest& miss) {
    std::ofstream(dir_ / "warnings.log", std::ios::app) << miss.what() << '\n';
  }

  const auto bytes = every_byte_written();
  ASSERT_THAT(bytes, ::testing::HasSubstr("<REDACTED>"));
  EXPECT_THAT(bytes, ::testing::HasSubstr("remember=1")) << "only secrets are redacted";
  for (const auto& [place, value] : k_secrets) {
    EXPECT_EQ(bytes.find(value), std::string::npos) << "the " << place << " secret reached disk";
  }
}

TEST_F(SecretsScanTest, TheUnmatchedReportShowsNoSecret) {
  open(Mode::new_episodes, options())->handle(json_request(), &secret_upstream_);
  auto request = json_request();
  request.target += "&new=1";
  auto replay = open(Mode::replay, options());
  EXPECT_THROW(replay->handle(request, nullptr), UnmatchedRequest);
  for (const auto& miss : replay->misses()) {
    const std::string report = miss.what();
    for (const auto& [place, value] : k_secrets) {
      EXPECT_EQ(report.find(value), std::string::npos) << "the " << place << " secret is shown";
    }
  }
}

}  // namespace
}  // namespace automock
