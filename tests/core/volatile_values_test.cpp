// Volatile values: path segments keyed as placeholders, headers ignored by
// name, and the normalize_request hook; a client that makes up an id or a
// signature on every run replays from one recording.
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <random>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

std::string path_of(std::string_view path, const std::vector<std::string>& builtins) {
  std::vector<PathPattern> patterns;
  for (const auto& name : builtins) patterns.push_back(*builtin_path_pattern(name));
  return with_placeholders(path, patterns);
}

// A version 4 UUID, different on every call, as a client would make one.
std::string fresh_uuid() {
  static std::mt19937_64 random{std::random_device{}()};
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::string uuid;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) uuid += '-';
    uuid += k_hex[random() % 16];
  }
  return uuid;
}

TEST(PathPatternTest, TheBuiltInPatternsMatchTheirDocumentedForms) {
  EXPECT_EQ(path_of("/a/123e4567-E89B-12d3-a456-426614174000", {"uuid"}), "/a/{uuid}");
  for (const auto* time : {"2026-12-02", "2026-12-02T06:50", "2026-12-02T06:50:56Z",
                           "2026-12-02T06:50:56.123+01:00", "2026-12-02t06%3A50%3A56%2B0100"}) {
    EXPECT_EQ(path_of(std::string{"/t/"} + time, {"timestamp"}), "/t/{timestamp}") << time;
  }
  EXPECT_EQ(path_of("/e/1764658256/1764658256123", {"epoch"}), "/e/{epoch}/{epoch}");
}

TEST(PathPatternTest, OnlyWholeSegmentsAreReplaced) {
  const std::string uuid = "123e4567-e89b-12d3-a456-426614174000";
  EXPECT_EQ(path_of("/x-" + uuid + "/" + uuid + ".json", {"uuid"}),
            "/x-" + uuid + "/" + uuid + ".json");
  EXPECT_EQ(path_of("/e/176465825", {"epoch"}), "/e/176465825");
  EXPECT_EQ(path_of("/2026-13", {"timestamp"}), "/2026-13");
}

TEST(PathPatternTest, TheFirstMatchingPatternNamesThePlaceholder) {
  const std::vector<PathPattern> patterns{{"short", "[0-9]{1,4}"}, {"number", "[0-9]+"}};
  EXPECT_EQ(with_placeholders("/n/42/123456/", patterns), "/n/{short}/{number}/");
}

TEST(PathPatternTest, SegmentsLongerThanTheCapNeverMatch) {
  const std::vector<PathPattern> patterns{{"letters", "a+"}};
  EXPECT_EQ(with_placeholders("/" + std::string(k_max_volatile_segment, 'a'), patterns),
            "/{letters}");
  const std::string long_segment(k_max_volatile_segment + 1, 'a');
  EXPECT_EQ(with_placeholders("/" + long_segment, patterns), "/" + long_segment);
}

TEST(PathPatternTest, ABadNameOrRegexIsAnInputErrorNamingIt) {
  EXPECT_THROW(check_path_pattern({"a b", "x"}), InputError);
  try {
    check_path_pattern({"order", "ord_(["});
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string{error.what()}.find("path pattern 'order'"), std::string::npos);
  }
  EXPECT_THROW(check_path_pattern({"deep", std::string(k_max_path_regex / 2 + 1, '(') +
                                               std::string(k_max_path_regex / 2 + 1, ')')}),
               InputError);
  EXPECT_THROW(check_path_pattern({"empty", ""}), InputError);
  EXPECT_NO_THROW(check_path_pattern({"order-id", "ord_[0-9]+"}));
}

class VolatileValuesTest : public test::CassetteTestBase {
 protected:
  CassetteOptions with_uuid_pattern() {
    CassetteOptions options;
    options.config.match.path_patterns = {*builtin_path_pattern("uuid")};
    return options;
  }
};

TEST_F(VolatileValuesTest, AClientThatMakesAUuidPerRequestReplaysWithAPathPattern) {
  auto recording = open(Mode::record, with_uuid_pattern());
  recording->handle(Request{.method = "PUT", .target = "/v1/carts/" + fresh_uuid() + "?x=1"},
                    &upstream_);
  ASSERT_EQ(files().size(), 1u);
  const auto exchange = read_fixture(files()[0]);
  EXPECT_EQ(exchange.request.target, "/v1/carts/{uuid}?x=1");
  EXPECT_EQ(upstream_.seen().at(0).target.size(), std::string{"/v1/carts/?x=1"}.size() + 36);

  auto replaying = open(Mode::replay, with_uuid_pattern());
  for (int run = 0; run < 3; ++run) {
    const auto target = "/v1/carts/" + fresh_uuid() + "?x=1";
    EXPECT_EQ(replaying->handle(Request{.method = "PUT", .target = target}, nullptr).body,
              exchange.response.body);
  }
  EXPECT_THROW(
      replaying->handle(Request{.method = "PUT", .target = "/v1/carts/not-a-uuid?x=1"}, nullptr),
      UnmatchedRequest);
  EXPECT_EQ(upstream_.calls(), 1u);
}

TEST_F(VolatileValuesTest, TheHookNormalisesACustomSignatureHeader) {
  CassetteOptions options;
  options.config.match.headers = {"X-Signature"};
  options.normalize_request = [](Request request) {
    if (request.headers.contains("X-Signature")) request.headers.set("X-Signature", "<signed>");
    return request;
  };
  const auto signed_get = [](const std::string& signature) {
    return Request{.method = "GET", .target = "/v1/me", .headers = {{"X-Signature", signature}}};
  };
  open(Mode::record, options)->handle(signed_get("hmac-1764658256-a1"), &upstream_);
  EXPECT_EQ(upstream_.seen().at(0).headers.get("X-Signature"), "hmac-1764658256-a1");
  ASSERT_EQ(files().size(), 1u);
  EXPECT_EQ(read_fixture(files()[0]).request.headers.get("X-Signature"), "<signed>");

  auto replaying = open(Mode::replay, options);
  EXPECT_NO_THROW(replaying->handle(signed_get("hmac-1764658999-ff"), nullptr));
  // Without the hook the signature is matched as sent: no recording has it.
  options.normalize_request = nullptr;
  EXPECT_THROW(open(Mode::replay, options)->handle(signed_get("hmac-1764658999-ff"), nullptr),
               UnmatchedRequest);
}

TEST_F(VolatileValuesTest, AnIgnoredHeaderDoesNotChangeTheKeyOfItsRoute) {
  CassetteOptions options;
  options.config.match.headers = {"accept", "x-request-id"};
  options.config.routes = {{.name = "api",
                            .prefix = "/api",
                            .upstream = "http://127.0.0.1:1",
                            .match = {.ignore_headers = {"X-Request-Id"}}}};
  const auto with_id = [](std::string target, std::string id) {
    return Request{.method = "GET", .target = std::move(target), .headers = {{"X-Request-Id", id}}};
  };
  auto recording = open(Mode::record, options);
  recording->handle(with_id("/api/x", "r-1"), &upstream_);
  recording->handle(with_id("/other", "r-1"), &upstream_);

  auto replaying = open(Mode::replay, options);
  EXPECT_NO_THROW(replaying->handle(with_id("/api/x", "r-2"), nullptr));
  EXPECT_THROW(replaying->handle(with_id("/other", "r-2"), nullptr), UnmatchedRequest);
}

}  // namespace
}  // namespace automock
