#include <gtest/gtest.h>

#include <automock/match.hpp>
#include <string>

namespace automock {
namespace {

constexpr std::string_view k_secret = "s3cr3t-value";

std::string secret() {
  return std::string{k_secret};
}

// Every byte of a request that could reach disk.
std::string everything(const Request& request) {
  std::string text = request.method + " " + request.target + "\n";
  for (const auto& [name, value] : request.headers) text += name + ": " + value + "\n";
  return text + request.body;
}

std::string everything(const Response& response) {
  std::string text;
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\n";
  return text + response.body;
}

Request json_request(std::string body) {
  return {.method = "POST",
          .target = "/login",
          .headers = {{"Content-Type", "application/json"}},
          .body = std::move(body)};
}

TEST(RedactRequestTest, DefaultHeadersAreRedactedInPlace) {
  const Request request{.headers = {{"authorization", "Bearer " + secret()},
                                    {"Accept", "text/html"},
                                    {"PROXY-AUTHORIZATION", secret()},
                                    {"Cookie", "sid=" + secret()},
                                    {"X-Api-Key", secret()}}};
  const auto redacted = redact_request(request, {});
  EXPECT_EQ(redacted.headers.fields(),
            (std::vector<Headers::Field>{{"authorization", "Bearer <REDACTED>"},
                                         {"Accept", "text/html"},
                                         {"PROXY-AUTHORIZATION", "<REDACTED>"},
                                         {"Cookie", "<REDACTED>"},
                                         {"X-Api-Key", "<REDACTED>"}}));
}

TEST(RedactRequestTest, ConfiguredHeadersAreRedactedWhateverTheirCase) {
  const Request request{.headers = {{"X-SECRET", secret()}, {"X-Other", "kept"}}};
  const auto redacted = redact_request(request, {.headers = {"x-secret"}});
  EXPECT_EQ(redacted.headers.get("x-secret"), "<REDACTED>");
  EXPECT_EQ(redacted.headers.get("x-other"), "kept");
}

TEST(RedactRequestTest, ConfiguredQueryValuesAreRedactedAndTheRestKeptAsSent) {
  const Request request{.target = "/v1/x?b=%20keep&api_key=" + secret() +
                                  "&c&api%5Fkey=" + secret() + "&token=" + secret()};
  const auto redacted = redact_request(request, {.query = {"api_key", "token"}});
  EXPECT_EQ(redacted.target,
            "/v1/x?b=%20keep&api_key=<REDACTED>&c&api%5Fkey=<REDACTED>&token=<REDACTED>");
}

TEST(RedactRequestTest, TargetWithoutQueryIsKept) {
  const Request request{.target = "/v1/api_key=" + secret()};
  EXPECT_EQ(redact_request(request, {.query = {"api_key"}}).target, request.target);
}

TEST(RedactRequestTest, JsonFieldsRedactedByPointerAndByNameAtAnyDepthKeepingOrder) {
  const auto request =
      json_request(R"({"z":1,"user":{"password":"s3cr3t-value","name":"ann"},)"
                   R"("items":[{"password":"s3cr3t-value"},[{"password":{"x":"s3cr3t-value"}}]],)"
                   R"("token":"s3cr3t-value","other":{"token":"kept"}})");
  const auto redacted =
      redact_request(request, {.json = {"password", "/token"}, .defaults = false});
  EXPECT_EQ(redacted.body, R"({"z":1,"user":{"password":"<REDACTED>","name":"ann"},)"
                           R"("items":[{"password":"<REDACTED>"},[{"password":"<REDACTED>"}]],)"
                           R"("token":"<REDACTED>","other":{"token":"kept"}})");
}

TEST(RedactRequestTest, JsonPointerReachesIntoArrays) {
  const auto request = json_request(R"({"keys":["public","s3cr3t-value"]})");
  EXPECT_EQ(redact_request(request, {.json = {"/keys/1"}}).body,
            R"({"keys":["public","<REDACTED>"]})");
}

TEST(RedactRequestTest, JsonBodyWithNothingToRedactKeepsItsBytes) {
  const auto request = json_request("{\n  \"name\": \"ann\",\n  \"n\": 1.50\n}");
  EXPECT_EQ(redact_request(request, {.json = {"password", "/token"}}).body, request.body);
}

TEST(RedactRequestTest, ContentLengthFollowsTheRedactedBody) {
  auto request = json_request(R"({"password":"s3cr3t-value-that-is-long"})");
  request.headers.add("Content-Length", std::to_string(request.body.size()));
  const auto redacted = redact_request(request, {.json = {"password"}});
  EXPECT_EQ(redacted.headers.get("content-length"), std::to_string(redacted.body.size()));
}

TEST(RedactRequestTest, FormBodyFieldsFollowTheQueryRules) {
  const Request request{.method = "POST",
                        .target = "/login",
                        .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                        .body = "user=ann+lee&password=" + secret() + "&remember"};
  EXPECT_EQ(redact_request(request, {.query = {"password"}}).body,
            "user=ann+lee&password=<REDACTED>&remember");
}

TEST(RedactRequestTest, RawBodiesAreKeptSoTheKeyStaysTheSame) {
  const Request request{.method = "POST",
                        .target = "/x",
                        .headers = {{"Content-Type", "text/plain"}},
                        .body = R"({"password":"visible"})"};
  EXPECT_EQ(redact_request(request, {.json = {"password"}}).body, request.body);
}

TEST(RedactRequestTest, SecretAppearsNowhereAndTheKeyIsUnchanged) {
  const RedactRules rules{.headers = {"x-secret"}, .query = {"api_key"}, .json = {"password"}};
  const MatchContext context{.match = {.headers = {"authorization", "x-secret", "accept"}},
                             .redact = rules};
  const Request request{.method = "POST",
                        .target = "/v1/login?api_key=" + secret() + "&a=1",
                        .headers = {{"Authorization", "Bearer " + secret()},
                                    {"X-Secret", secret()},
                                    {"Accept", "application/json"},
                                    {"Content-Type", "application/json"}},
                        .body = R"({"user":"ann","password":"s3cr3t-value"})"};
  const auto redacted = redact_request(request, rules);
  EXPECT_EQ(everything(redacted).find(k_secret), std::string::npos) << everything(redacted);
  EXPECT_EQ(request_key(redacted, context), request_key(request, context));
  EXPECT_EQ(redact_request(redacted, rules), redacted);
}

TEST(RedactResponseTest, DefaultAndConfiguredHeadersAreRedacted) {
  const Response response{.headers = {{"Set-Cookie", "sid=" + secret()},
                                      {"X-Secret", secret()},
                                      {"Content-Type", "text/plain"}}};
  const auto redacted = redact_response(response, {.headers = {"x-secret"}});
  EXPECT_EQ(redacted.headers.fields(),
            (std::vector<Headers::Field>{{"Set-Cookie", "<REDACTED>"},
                                         {"X-Secret", "<REDACTED>"},
                                         {"Content-Type", "text/plain"}}));
}

TEST(RedactResponseTest, JsonFieldsAreRedactedSecretAppearsNowhere) {
  const Response response{.status = 201,
                          .headers = {{"Content-Type", "application/json"}},
                          .body = R"({"access_token":"s3cr3t-value","expires_in":3600,)"
                                  R"("session":{"refresh":"s3cr3t-value"}})"};
  const auto redacted = redact_response(response, {.json = {"access_token", "/session/refresh"}});
  EXPECT_EQ(redacted.status, 201);
  EXPECT_EQ(redacted.body, R"({"access_token":"<REDACTED>","expires_in":3600,)"
                           R"("session":{"refresh":"<REDACTED>"}})");
  EXPECT_EQ(everything(redacted).find(k_secret), std::string::npos);
}

TEST(RedactResponseTest, JsonBodyIsRedactedWhateverItsContentType) {
  const Response response{.headers = {{"Content-Type", "text/plain"}},
                          .body = R"({"token":"s3cr3t-value"})"};
  EXPECT_EQ(redact_response(response, {.json = {"token"}}).body, R"({"token":"<REDACTED>"})");
}

TEST(RedactResponseTest, NonJsonBodyIsKept) {
  const Response response{.headers = {{"Content-Type", "text/html"}},
                          .body = "<p>token: visible</p>"};
  EXPECT_EQ(redact_response(response, {.json = {"token"}}).body, response.body);
}

}  // namespace
}  // namespace automock
