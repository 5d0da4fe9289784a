// The redaction holes found by trying to leak secrets on purpose: each test
// is one way a secret used to reach disk with the default config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <string>
#include <vector>

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string k_leaked = "tok-5d1c0b9e4a7f";

TEST(RedactHolesTest, QueryAndFragmentOfUrlValuedResponseHeadersFollowTheQueryRules) {
  const Response response{
      .status = 302,
      .headers = {{"Location", "https://app.test/cb?code=abc&state=s1#access_token=" + k_leaked +
                                   "&token_type=bearer"},
                  {"Content-Location", "/v1/files/7?X-Amz-Signature=" + k_leaked},
                  {"Refresh", "0; URL=https://app.test/next?token=" + k_leaked}}};
  const auto redacted = redact_response(response, {});
  EXPECT_EQ(redacted.headers.get("Location"),
            "https://app.test/cb?code=abc&state=s1#access_token=<REDACTED>&token_type=bearer");
  EXPECT_EQ(redacted.headers.get("Content-Location"), "/v1/files/7?X-Amz-Signature=<REDACTED>");
  EXPECT_EQ(redacted.headers.get("Refresh"), "0; URL=https://app.test/next?token=<REDACTED>");
}

TEST(RedactHolesTest, ConfiguredQueryNamesApplyToLocationToo) {
  RedactRules rules{.query = {"code"}, .defaults = false};
  const Response response{.status = 302,
                          .headers = {{"Location", "/cb?code=" + k_leaked + "&state=s1"}}};
  EXPECT_EQ(redact_response(response, rules).headers.get("Location"),
            "/cb?code=<REDACTED>&state=s1");
}

TEST(RedactHolesTest, AJsonBodyWithANumberNoDoubleHoldsIsStillRedactedAndKeepsItsKey) {
  const std::string body = R"({"limit":1e999,"password":")" + k_leaked + R"("})";
  const Request request{.method = "POST",
                        .target = "/login",
                        .headers = {{"Content-Type", "application/json"}},
                        .body = body};
  const auto redacted = redact_request(request, {});
  EXPECT_EQ(redacted.body, R"({"limit":1e999,"password":"<REDACTED>"})");
  EXPECT_EQ(request_key(redacted, {}), request_key(request, {}));
  EXPECT_EQ(redact_response(Response{.body = body}, {}).body,
            R"({"limit":1e999,"password":"<REDACTED>"})");
}

TEST(RedactHolesTest, ARedactedJsonBodyKeepsItsWhitespaceOrderAndNumberSpelling) {
  const std::string body = "{\n  \"zeta\": 1.50,\n  \"token\" : \"" + k_leaked +
                           "\",\n  \"alpha\": [1E2, {\"secret\": {\"a\": \"" + k_leaked +
                           "\"}}]\n}\n";
  const auto redacted = redact_response(Response{.body = body}, {});
  EXPECT_EQ(redacted.body,
            "{\n  \"zeta\": 1.50,\n  \"token\" : \"<REDACTED>\",\n"
            "  \"alpha\": [1E2, {\"secret\": \"<REDACTED>\"}]\n}\n");
}

TEST(RedactHolesTest, AFormattedRequestBodyKeepsItsFormattingAndItsKey) {
  RedactRules rules{.json = {"/user/pin"}};
  const Request request{.method = "POST",
                        .target = "/login",
                        .headers = {{"Content-Type", "application/json"}},
                        .body = "{ \"user\": { \"pin\": 1234, \"name\": \"ann\" } }"};
  const MatchContext context{.redact = rules};
  const auto redacted = redact_request(request, rules);
  EXPECT_EQ(redacted.body, "{ \"user\": { \"pin\": \"<REDACTED>\", \"name\": \"ann\" } }");
  EXPECT_EQ(request_key(redacted, context), request_key(request, context));
}

TEST(RedactHolesTest, APathRuleRedactsTheRestOfASegmentAndKeepsTheKey) {
  const RedactRules rules{.path = {"bot"}};
  const MatchContext context{.redact = rules};
  const Request request{.method = "POST",
                        .target = "/bot123456:AAE-" + k_leaked + "/sendMessage?chat_id=7"};
  const auto redacted = redact_request(request, rules);
  EXPECT_EQ(redacted.target, "/bot<REDACTED>/sendMessage?chat_id=7");
  EXPECT_EQ(request_key(redacted, context), request_key(request, context));
  const auto exchange = redact_exchange(
      request, Response{.body = "{\"url\":\"https://api.test/bot123456:AAE-" + k_leaked + "/x\"}"},
      context);
  EXPECT_THAT(exchange.response.body, Not(HasSubstr(k_leaked))) << "propagated to the response";
  EXPECT_EQ(redact_request(Request{.target = "/bot"}, rules).target, "/bot") << "nothing after it";
}

TEST(RedactHolesTest, ConfigReadsPathPrefixesAndRefusesOnesWithASlash) {
  EXPECT_EQ(parse_config(R"({"redact":{"path":["bot"]}})", "automock.json").redact.path,
            std::vector<std::string>{"bot"});
  for (const std::string bad : {R"({"redact":{"path":["a/b"]}})", R"({"redact":{"path":[""]}})"}) {
    try {
      parse_config(bad, "automock.json");
      ADD_FAILURE() << bad;
    } catch (const ConfigError& error) {
      EXPECT_THAT(error.what(), HasSubstr("/redact/path/0"));
    }
  }
}

}  // namespace
}  // namespace automock
