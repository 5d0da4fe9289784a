#include "core/named_secrets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/config.hpp>
#include <automock/error.hpp>

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const k_config = R"({"redact": {"secrets": [
  {"name": "session-token", "headers": ["Authorization"], "json": ["token"]},
  {"name": "api", "query": ["key"], "cookies": ["sid"]},
  {"name": "password", "json": ["/password"]}]}})";

MatchContext secret_context() {
  return {.redact = parse_config(k_config, "automock.json").redact};
}

RedactedExchange stored_of(const Request& request, const Response& response) {
  return redact_exchange(request, response, secret_context());
}

std::string text_of_exchange(const RedactedExchange& exchange) {
  std::string text = exchange.request.target + exchange.request.body + exchange.response.body;
  for (const auto& headers : {exchange.request.headers, exchange.response.headers}) {
    for (const auto& [name, value] : headers) text += name + ":" + value + "\n";
  }
  return text;
}

TEST(NamedSecretsTest, ConfigAddsEachSecretsPlacesToTheRedactedOnes) {
  const auto rules = secret_context().redact;
  ASSERT_EQ(rules.secrets.size(), 3u);
  EXPECT_EQ(rules.secrets[0].name, "session-token");
  EXPECT_EQ(rules.headers, std::vector<std::string>{"Authorization"});
  EXPECT_EQ(rules.query, std::vector<std::string>{"key"});
  EXPECT_EQ(rules.json, (std::vector<std::string>{"token", "/password"}));
}

TEST(NamedSecretsTest, ABadSecretIsAConfigErrorNamingItsPlace) {
  const auto error_of = [](const std::string& text) {
    try {
      parse_config(text, "automock.json");
    } catch (const ConfigError& error) {
      return std::string{error.what()};
    }
    return std::string{};
  };
  EXPECT_THAT(error_of(R"({"redact":{"secrets":[{"name":"a b","headers":["x"]}]}})"),
              HasSubstr("/redact/secrets/0/name"));
  EXPECT_THAT(error_of(R"({"redact":{"secrets":[{"name":"a"}]}})"),
              HasSubstr("at least one of headers, query, json, cookies"));
  EXPECT_THAT(error_of(R"({"redact":{"secrets":[{"name":"a","json":["x"]},)"
                       R"({"name":"A","json":["y"]}]}})"),
              HasSubstr("AUTOMOCK_SECRET_A"));
}

TEST(NamedSecretsTest, TheVariableIsTheNameRaisedWithUnderscores) {
  EXPECT_EQ(secret_variable("session-token"), "AUTOMOCK_SECRET_SESSION_TOKEN");
  EXPECT_EQ(secret_placeholder("api"), "<SECRET:api>");
}

TEST(NamedSecretsTest, RecordingWritesPlaceholdersWhereTheSecretsWere) {
  const Request login{"POST",
                      "/login?key=k-1234567890&page=2",
                      {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer tok-1234567890"},
                       {"Cookie", "theme=dark; sid=sid-1234567890"}},
                      R"({"user":"ann","password":"pw-1234567890"})"};
  const Response answer{200,
                        {{"Content-Type", "application/json"},
                         {"Set-Cookie", "sid=sid-0987654321; Path=/; HttpOnly"}},
                        R"({"token":"tok-0987654321","user":"ann"})"};
  const auto stored = stored_of(login, answer);
  EXPECT_EQ(stored.request.target, "/login?key=<SECRET:api>&page=2");
  EXPECT_EQ(stored.request.headers.get("Authorization"), "Bearer <SECRET:session-token>");
  EXPECT_EQ(stored.request.headers.get("Cookie"), "theme=<REDACTED>; sid=<SECRET:api>");
  EXPECT_EQ(stored.request.body, R"({"user":"ann","password":"<SECRET:password>"})");
  EXPECT_EQ(stored.response.headers.get("Set-Cookie"), "sid=<SECRET:api>; Path=/; HttpOnly");
  EXPECT_EQ(stored.response.body, R"({"token":"<SECRET:session-token>","user":"ann"})");
  for (const auto* secret : {"1234567890", "0987654321", "dark"}) {
    EXPECT_THAT(text_of_exchange(stored), Not(HasSubstr(secret)));
  }
}

TEST(NamedSecretsTest, ThePlaceholdersLeaveTheKeyOfTheSentRequest) {
  const Request sent{"GET", "/items?key=k-1234567890", {}, ""};
  const auto stored = stored_of(sent, Response{200, {}, ""});
  EXPECT_EQ(request_key(stored.request, secret_context()), request_key(sent, secret_context()));
}

TEST(NamedSecretsTest, FillingPutsEachValueBackEncodedForWhereItIs) {
  const Request stored{"POST",
                       "/login?key=<SECRET:api>",
                       {{"Authorization", "Bearer <SECRET:session-token>"},
                        {"Content-Type", "application/json"},
                        {"Content-Length", "26"}},
                       R"({"password":"<SECRET:password>"})"};
  const SecretSource source = [](const std::string& variable) -> std::optional<std::string> {
    if (variable == "AUTOMOCK_SECRET_API") return "a b&c";
    if (variable == "AUTOMOCK_SECRET_SESSION_TOKEN") return "tok";
    if (variable == "AUTOMOCK_SECRET_PASSWORD") return R"(p"w)";
    return std::nullopt;
  };
  const auto filled = fill_secrets(stored, source);
  EXPECT_TRUE(filled.missing.empty());
  EXPECT_EQ(filled.request.target, "/login?key=a%20b%26c");
  EXPECT_EQ(filled.request.headers.get("Authorization"), "Bearer tok");
  EXPECT_EQ(filled.request.body, R"({"password":"p\"w"})");
  EXPECT_EQ(filled.request.headers.get("Content-Length"), "19");
}

TEST(NamedSecretsTest, APlaceholderWithNoValueIsListedAndLeftAsItIs) {
  const Request stored{"GET", "/me", {{"Authorization", "Bearer <SECRET:session-token>"}}, ""};
  const auto filled = fill_secrets(stored, [](const std::string&) { return std::nullopt; });
  EXPECT_EQ(filled.missing, std::vector<std::string>{"AUTOMOCK_SECRET_SESSION_TOKEN"});
  EXPECT_EQ(filled.request, stored);
}

TEST(NamedSecretsTest, PlaceholdersShownToPeopleAreShellVariables) {
  EXPECT_EQ(placeholders_as_variables("Authorization: Bearer <SECRET:session-token>"),
            "Authorization: Bearer $AUTOMOCK_SECRET_SESSION_TOKEN");
}

}  // namespace
}  // namespace automock
