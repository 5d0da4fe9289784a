// `automock fixtures audit`: the shape scanner over fixture trees on disk.
#include "tooling/fixture_audit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"

namespace automock::tooling {
namespace {

using test::get;
using test::json_response;
using test::write_fixture;
using ::testing::HasSubstr;

constexpr std::uint64_t k_max_bytes = 1 << 20;

// One planted secret of each documented shape, with the kind the audit names.
const std::vector<std::pair<std::string, std::string>> k_planted{
    {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4iLCJleHAiOjE3MDB9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg", "JWT"},
    {"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx3k\n-----END RSA PRIVATE KEY-----",
     "private key"},
    {"sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe secret key"},
    {"rk_live_51H8xYzAbCdEfGhIjKlMn", "Stripe restricted key"},
    {"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "GitHub token"},
    {"AKIAIOSFODNN7EXAMPLE", "AWS access key id"},
    {"xoxb-1234567890-abcdefghij", "Slack token"},
    {"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "Google API key"},
    {"sk-proj-Ab12Cd34Ef56Gh78Ij90Kl", "API key (sk-)"},
};

TEST(FixtureAuditTest, FindsOnePlantedSecretOfEachShapeAndOneInABase64Body) {
  test::TempDir dir;
  for (size_t i = 0; i < k_planted.size(); ++i) {
    const nlohmann::json body = {{"note", k_planted[i].first}};
    write_fixture(dir / "suite", {get("/s/" + std::to_string(i)), json_response(body.dump())});
  }
  const auto binary = write_fixture(
      dir / "other", {get("/blob"), Response{200, {}, "\xff\xfe" + k_planted[4].first + "\x01"}});
  const auto findings = audit_fixtures({dir / "suite", dir / "other"}, k_max_bytes);
  std::multiset<std::string> kinds;
  for (const auto& each : findings) kinds.insert(each.kind);
  for (const auto& [secret, kind] : k_planted) EXPECT_GE(kinds.count(kind), 1u) << kind;
  ASSERT_EQ(findings.size(), k_planted.size() + 1);
  EXPECT_EQ(findings.back().file, binary);
  EXPECT_EQ(findings.back().field, "response body");
  EXPECT_GT(findings.back().line, 1u) << "the line of body_base64";
}

TEST(FixtureAuditTest, ACleanTreeHasNoFindingAndRedactedValuesAreClean) {
  test::TempDir dir;
  write_fixture(dir.path(), {Request{"GET", "/me", {{"Authorization", "Bearer <REDACTED>"}}},
                             json_response(R"({"access_token":"<REDACTED>","n":1})")});
  EXPECT_TRUE(audit_fixtures({dir.path()}, k_max_bytes).empty());
}

TEST(FixtureAuditTest, AFileThatIsNotAFixtureIsScannedAsText) {
  test::TempDir dir;
  dir.write("GET-x-0123456789abcdef.json",
            "not json, but ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789");
  const auto findings = audit_fixtures({dir.path()}, k_max_bytes);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].field, "file");
}

TEST(FixtureAuditTest, AMissingDirectoryIsAnInputError) {
  test::TempDir dir;
  EXPECT_THROW(audit_fixtures({dir / "none"}, k_max_bytes), InputError);
}

TEST(FixtureAuditTest, GithubOutputIsOneEscapedErrorPerFindingWithFileAndLine) {
  const std::vector<AuditFinding> findings{
      {"fixtures/a,b/GET-x-0123456789abcdef.json", 7, "JWT", "response header X-Token"}};
  const auto out = format_audit(findings, AuditFormat::github);
  EXPECT_THAT(out, HasSubstr("::error file=fixtures/a%2Cb/GET-x-0123456789abcdef.json,line=7,"
                             "title=secret%3A JWT::JWT in response header X-Token"));
  EXPECT_THAT(format_audit(findings, AuditFormat::text),
              HasSubstr("fixtures/a,b/GET-x-0123456789abcdef.json:7: JWT in response header "
                        "X-Token\n1 secret(s) found\n"));
  const auto report = nlohmann::json::parse(format_audit(findings, AuditFormat::json));
  EXPECT_EQ(report[0]["line"], 7);
  EXPECT_EQ(parse_audit_format("yaml"), std::nullopt);
}

}  // namespace
}  // namespace automock::tooling
