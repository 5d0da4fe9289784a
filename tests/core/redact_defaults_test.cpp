// Redaction with no configuration: the default secret names, Authorization's
// scheme, and value propagation across one exchange.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <string>

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string k_default_name_value = "tok-8f3a9c1e77d2";

Request form_post(std::string body) {
  return {.method = "POST",
          .target = "/oauth/token",
          .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
          .body = std::move(body)};
}

TEST(RedactDefaultsTest, QueryNamesAreRedactedIgnoringCaseAndTheKeyIsUnchanged) {
  const Request request{.target = "/dl?X-Amz-Signature=" + k_default_name_value + "&Access_Token=" +
                                  k_default_name_value + "&X-Amz-Credential=AKIAX%2F" +
                                  k_default_name_value + "&page=2&API_KEY=" + k_default_name_value};
  const auto redacted = redact_request(request, {});
  EXPECT_EQ(redacted.target,
            "/dl?X-Amz-Signature=<REDACTED>&Access_Token=<REDACTED>"
            "&X-Amz-Credential=<REDACTED>&page=2&API_KEY=<REDACTED>");
  EXPECT_EQ(request_key(redacted, {}), request_key(request, {}));
}

TEST(RedactDefaultsTest, FormFieldsAreRedacted) {
  const auto request = form_post(
      "grant_type=password&username=ann&password=" + k_default_name_value +
      "&client_secret=" + k_default_name_value + "&refresh_token=" + k_default_name_value);
  const auto redacted = redact_request(request, {});
  EXPECT_EQ(redacted.body,
            "grant_type=password&username=ann&password=<REDACTED>"
            "&client_secret=<REDACTED>&refresh_token=<REDACTED>");
  EXPECT_EQ(request_key(redacted, {}), request_key(request, {}));
}

TEST(RedactDefaultsTest, JsonMembersAreRedactedAtAnyDepthInRequestsAndResponses) {
  const std::string body = R"({"user":{"name":"ann","Password":")" + k_default_name_value +
                           R"("},"keys":[{"apiKey":")" + k_default_name_value + R"(","api_key":")" +
                           k_default_name_value + R"("}],"secret":")" + k_default_name_value +
                           R"("})";
  const Request request{.method = "POST",
                        .target = "/signup",
                        .headers = {{"Content-Type", "application/json"}},
                        .body = body};
  const auto redacted = redact_request(request, {});
  EXPECT_THAT(redacted.body, Not(HasSubstr(k_default_name_value)));
  EXPECT_EQ(request_key(redacted, {}), request_key(request, {}));
  const Response oauth{.body = R"({"access_token":")" + k_default_name_value +
                               R"(1","refresh_token":")" + k_default_name_value +
                               R"(2","id_token":")" + k_default_name_value +
                               R"(3","token_type":"Bearer","expires_in":3600})"};
  EXPECT_EQ(redact_response(oauth, {}).body,
            R"({"access_token":"<REDACTED>","refresh_token":"<REDACTED>",)"
            R"("id_token":"<REDACTED>","token_type":"Bearer","expires_in":3600})");
}

TEST(RedactDefaultsTest, DefaultsFalseRedactsOnlyTheConfiguredNames) {
  const Request request{.target = "/x?token=" + k_default_name_value +
                                  "&api_key=" + k_default_name_value};
  const RedactRules rules{.query = {"api_key"}, .defaults = false};
  EXPECT_EQ(redact_request(request, rules).target,
            "/x?token=" + k_default_name_value + "&api_key=<REDACTED>");
  EXPECT_EQ(request_key(request, {.redact = rules}),
            request_key(Request{.target = "/x?token=" + k_default_name_value + "&api_key=other"},
                        {.redact = rules}));
}

TEST(RedactDefaultsTest, ConfigReadsDefaultsAndRejectsANonBoolean) {
  EXPECT_FALSE(parse_config(R"({"redact":{"defaults":false}})", "automock.json").redact.defaults);
  EXPECT_TRUE(parse_config(R"({"redact":{"query":["q"]}})", "automock.json").redact.defaults);
  EXPECT_THROW(parse_config(R"({"redact":{"defaults":"no"}})", "automock.json"), Error);
}

TEST(RedactDefaultsTest, AuthorizationKeepsItsScheme) {
  const Request request{.headers = {{"Authorization", "Basic YW5uOnMzY3JldA=="},
                                    {"Proxy-Authorization", "Bearer " + k_default_name_value},
                                    {"Authorization", k_default_name_value}}};
  const auto redacted = redact_request(request, {});
  EXPECT_EQ(redacted.headers.fields(),
            (std::vector<Headers::Field>{{"Authorization", "Basic <REDACTED>"},
                                         {"Proxy-Authorization", "Bearer <REDACTED>"},
                                         {"Authorization", "<REDACTED>"}}));
  const MatchContext context{.match = {.headers = {"authorization"}}};
  EXPECT_EQ(request_key(redacted, context), request_key(request, context));
}

TEST(RedactPropagationTest, AnEchoedBearerTokenIsReplacedInTheResponseBodyAndHeaders) {
  const Request request{.target = "/me",
                        .headers = {{"Authorization", "Bearer " + k_default_name_value}}};
  const Response response{
      .headers = {{"Location", "https://app.test/cb?state=1#frag=" + k_default_name_value},
                  {"Content-Length", "64"}},
      .body = R"({"you_sent":"Bearer )" + k_default_name_value + R"(","seen":")" +
              k_default_name_value + R"("})"};
  const auto redacted = redact_exchange(request, response, {});
  EXPECT_EQ(redacted.response.body, R"({"you_sent":"<REDACTED>","seen":"<REDACTED>"})");
  EXPECT_EQ(redacted.response.headers.get("location"),
            "https://app.test/cb?state=1#frag=<REDACTED>");
  EXPECT_EQ(redacted.response.headers.get("content-length"),
            std::to_string(redacted.response.body.size()));
}

TEST(RedactPropagationTest, CookieQueryAndJsonValuesArePropagatedPercentEncodedToo) {
  const Request request{
      .target = "/cb?code=1&token=a/" + k_default_name_value,
      .headers = {{"Cookie", "theme=dark; session=" + k_default_name_value + "c"}}};
  const Response response{.headers = {{"Set-Cookie", "sid=" + k_default_name_value + "s; Path=/"},
                                      {"X-Debug", "session " + k_default_name_value + "c"},
                                      {"Refresh", "0; url=/next?t=a%2F" + k_default_name_value}},
                          .body = R"({"access_token":")" + k_default_name_value +
                                  R"(j","note":"cookie )" + k_default_name_value + "c, sid " +
                                  k_default_name_value + "s, token " + k_default_name_value +
                                  R"(j"})"};
  const auto redacted = redact_exchange(request, response, {});
  EXPECT_THAT(redacted.response.body, Not(HasSubstr(k_default_name_value)));
  EXPECT_EQ(redacted.response.headers.get("x-debug"), "session <REDACTED>");
  EXPECT_EQ(redacted.response.headers.get("refresh"), "0; url=/next?t=<REDACTED>");
  EXPECT_EQ(redacted.request.target, "/cb?code=1&token=<REDACTED>");
}

TEST(RedactPropagationTest, ValuesShorterThanEightBytesAreNotPropagated) {
  const Request request{.target = "/x?token=abc1234"};
  const Response response{.body = "abc1234 stays: it is too short to be told from other bytes"};
  EXPECT_EQ(redact_exchange(request, response, {}).response.body, response.body);
}

TEST(RedactPropagationTest, NoSecretMeansTheResponseIsUntouched) {
  const Request request{.target = "/x?page=2"};
  const Response response{.headers = {{"Location", "/y?page=2"}}, .body = "page=2"};
  EXPECT_EQ(redact_exchange(request, response, {}).response, response);
}

}  // namespace
}  // namespace automock
