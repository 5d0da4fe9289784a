// The secret-shape scanner and how redaction applies it to an exchange.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <string>

#include "core/secret_scan.hpp"

namespace automock {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string k_jwt =
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4iLCJleHAiOjE3MDB9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
const std::string k_pem =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx3k\n-----END RSA PRIVATE KEY-----";

struct ShapeCase {
  std::string name;
  std::string secret;
  std::string kind;
};

class SecretShapeTest : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(SecretShapeTest, IsFoundInsideTextAndReplaced) {
  const auto& param = GetParam();
  const std::string text = "{\"note\":\"here: " + param.secret + "\", \"n\": 1}";
  const auto shapes = find_secret_shapes(text);
  ASSERT_EQ(shapes.size(), 1u) << text;
  EXPECT_EQ(shapes[0].kind, param.kind);
  EXPECT_EQ(text.substr(shapes[0].offset, shapes[0].length), param.secret);
  EXPECT_EQ(redact_secret_shapes(text, shapes), "{\"note\":\"here: <REDACTED>\", \"n\": 1}");
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SecretShapeTest,
    ::testing::Values(
        ShapeCase{"Jwt", k_jwt, "JWT"}, ShapeCase{"PrivateKey", k_pem, "private key"},
        ShapeCase{"StripeLive", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe secret key"},
        ShapeCase{"StripeRestricted", "rk_live_51H8xYzAbCdEfGhIjKlMn", "Stripe restricted key"},
        ShapeCase{"GithubClassic", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "GitHub token"},
        ShapeCase{"GithubFineGrained", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
                  "GitHub token"},
        ShapeCase{"AwsAccessKey", "AKIAIOSFODNN7EXAMPLE", "AWS access key id"},
        ShapeCase{"AwsTemporaryKey", "ASIAY34FZKBOKMUTVV7A", "AWS access key id"},
        ShapeCase{"Slack", "xoxb-1234567890-abcdefghij", "Slack token"},
        ShapeCase{"GoogleApiKey", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "Google API key"},
        ShapeCase{"GenericSk", "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl", "API key (sk-)"}),
    [](const auto& shape_case) { return shape_case.param.name; });

TEST(SecretShapeScanTest, BearerCredentialsAreFoundAfterTheScheme) {
  const std::string text = "you sent: bearer abcDEF0123456789-_.~+/=";
  const auto shapes = find_secret_shapes(text);
  ASSERT_EQ(shapes.size(), 1u);
  EXPECT_EQ(redact_secret_shapes(text, shapes), "you sent: bearer <REDACTED>");
}

TEST(SecretShapeScanTest, PresignedUrlValuesAreFoundAndTheirNamesKept) {
  const std::string url =
      "https://b.s3.test/"
      "r.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE"
      "%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature="
      "8f1e2d3c4b5a69788f1e2d3c4b5a69788f1e2d3c4b5a69788f1e2d3c4b5a6978&X-Amz-Expires=60";
  EXPECT_EQ(redact_secret_shapes(url, find_secret_shapes(url)),
            "https://b.s3.test/r.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=<REDACTED>"
            "&X-Amz-Signature=<REDACTED>&X-Amz-Expires=60");
}

TEST(SecretShapeScanTest, LookAlikesAreNotSecrets) {
  for (const std::string text :
       {"task-manager-running-on-the-box-today", "Bearer <REDACTED>", "Bearer short", "ghp_short",
        "AKIA-not-a-key", "eyJhbGciOi.only-two", "mask_live_4eC39HqLyjWDarjtT1zdp7dc",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}) {
    EXPECT_THAT(find_secret_shapes(text), IsEmpty()) << text;
  }
}

TEST(SecretShapeScanTest, APrivateKeyWithoutItsEndIsReplacedToTheEnd) {
  const std::string text = "key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg";
  EXPECT_EQ(redact_secret_shapes(text, find_secret_shapes(text)), "key: <REDACTED>");
}

TEST(SecretShapeExchangeTest, ResponseAndUnmatchedRequestHeadersAreScannedAndReported) {
  const Request request{
      .target = "/me", .headers = {{"X-Github-Token", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}}};
  const Response response{.headers = {{"X-Session", k_jwt}, {"Content-Length", "99"}},
                          .body = "{\"stripe\":\"sk_live_4eC39HqLyjWDarjtT1zdp7dc\"}"};
  const auto redacted = redact_exchange(request, response, {});
  EXPECT_EQ(redacted.request.headers.get("x-github-token"), "<REDACTED>");
  EXPECT_EQ(redacted.response.headers.get("x-session"), "<REDACTED>");
  EXPECT_EQ(redacted.response.body, "{\"stripe\":\"<REDACTED>\"}");
  EXPECT_EQ(redacted.response.headers.get("content-length"),
            std::to_string(redacted.response.body.size()));
  EXPECT_THAT(redacted.shapes_found,
              ElementsAre("GitHub token in request header X-Github-Token (redacted)",
                          "JWT in response header X-Session (redacted)",
                          "Stripe secret key in response body (redacted)"));
}

TEST(SecretShapeExchangeTest, ShapesInTheKeyedPartsOfTheRequestAreReportedAndKeptSoTheKeyHolds) {
  const Request request{.target = "/x?state=" + k_jwt, .headers = {{"X-Auth", k_jwt}}};
  const MatchContext context{.match = {.headers = {"x-auth"}}};
  const auto redacted = redact_exchange(request, {}, context);
  EXPECT_EQ(request_key(redacted.request, context), request_key(request, context));
  EXPECT_THAT(
      redacted.shapes_found,
      ElementsAre("JWT in request header X-Auth (kept: it is matched)",
                  "JWT in request target (kept: part of the key; add a redact rule for it)"));
}

TEST(SecretShapeExchangeTest, ScanOffLeavesShapesAndReportsNothing) {
  const Response response{.body = k_jwt};
  const MatchContext context{.redact = {.scan = ScanPolicy::off}};
  const auto redacted = redact_exchange({}, response, context);
  EXPECT_EQ(redacted.response.body, k_jwt);
  EXPECT_THAT(redacted.shapes_found, IsEmpty());
}

TEST(SecretShapeExchangeTest, ConfigReadsTheScanPolicy) {
  EXPECT_EQ(parse_config(R"({"redact":{"scan":"off"}})", "automock.json").redact.scan,
            ScanPolicy::off);
  EXPECT_EQ(parse_config(R"({"redact":{"scan":"fail"}})", "automock.json").redact.scan,
            ScanPolicy::fail);
  EXPECT_EQ(parse_config("{}", "automock.json").redact.scan, ScanPolicy::redact);
  try {
    parse_config(R"({"redact":{"scan":"maybe"}})", "automock.json");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("/redact/scan"));
    EXPECT_THAT(error.what(), HasSubstr("expected redact, fail or off"));
  }
}

}  // namespace
}  // namespace automock
