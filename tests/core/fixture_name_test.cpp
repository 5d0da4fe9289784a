#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <random>

namespace automock {
namespace {

constexpr const char* k_key = "9f86d081884c7d65";

// What every fixture name must be, whatever the method and path.
void expect_safe_name(const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(name.find('/'), std::string::npos);
  EXPECT_EQ(name.find('\\'), std::string::npos);
  EXPECT_EQ(name.find(".."), std::string::npos);
  EXPECT_EQ(name.find('\0'), std::string::npos);
  ASSERT_FALSE(name.empty());
  EXPECT_NE(name.front(), '.');
  EXPECT_LE(name.size(), 120u);
  EXPECT_THAT(name, ::testing::MatchesRegex("[A-Z]+-[a-z0-9_-]+-[0-9a-f]{16}(-[0-9]+)?\\.json"));
}

TEST(FixtureFileNameTest, JoinsMethodSlugAndKey) {
  EXPECT_EQ(fixture_file_name("POST", "/v1/todos", k_key, 0),
            "POST-v1-todos-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, AppendsTheSequenceAfterTheFirst) {
  EXPECT_EQ(fixture_file_name("GET", "/v1/todos/7", k_key, 2),
            "GET-v1-todos-7-9f86d081884c7d65-2.json");
}

TEST(FixtureFileNameTest, SlugIgnoresTheQuery) {
  EXPECT_EQ(fixture_file_name("GET", "/v1/todos?done=false&x=/../", k_key, 0),
            "GET-v1-todos-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, MethodIsUppercasedLettersOnly) {
  EXPECT_EQ(fixture_file_name("get", "/a", k_key, 0), "GET-a-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("M-SEARCH", "/a", k_key, 0), "MSEARCH-a-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("", "/a", k_key, 0), "X-a-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("../", "/a", k_key, 0), "X-a-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, SlugIsLowercaseRunsJoinedByDashes) {
  EXPECT_EQ(fixture_file_name("GET", "/Users/ABC_def//x.y", k_key, 0),
            "GET-users-abc_def-x-y-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, EmptyPathIsRoot) {
  EXPECT_EQ(fixture_file_name("GET", "/", k_key, 0), "GET-root-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("GET", "", k_key, 0), "GET-root-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("GET", "/?a=b", k_key, 0), "GET-root-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, SlugIsCappedAtSixtyCharacters) {
  const std::string name = fixture_file_name("GET", "/" + std::string(200, 'a'), k_key, 0);
  EXPECT_EQ(name, "GET-" + std::string(60, 'a') + "-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, CappedSlugDoesNotEndWithADash) {
  const std::string name = fixture_file_name("GET", "/" + std::string(59, 'a') + "/b", k_key, 0);
  EXPECT_EQ(name, "GET-" + std::string(59, 'a') + "-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, HostilePathsGiveSafeNames) {
  const std::vector<std::string> paths = {
      "../../etc/passwd",
      "%2e%2e/",
      "/..\\..",
      "..",
      ".hidden",
      std::string("/a\0/../b", 8),
      std::string("\0\0\0", 3),
      std::string(10240, '/'),
      "/" + std::string(10240, 'x'),
      std::string(10240, '.'),
      "/caf\xc3\xa9/\xf0\x9f\x98\x80/\xe6\x97\xa5\xe6\x9c\xac",
      "/\xff\xfe\x80",
      "C:\\Windows\\system32",
      "/a/./b/../../c",
  };
  for (const auto& path : paths) {
    expect_safe_name(fixture_file_name("GET", path, k_key, 0));
    expect_safe_name(fixture_file_name(path, path, k_key, 3));
  }
  EXPECT_EQ(fixture_file_name("GET", "../../etc/passwd", k_key, 0),
            "GET-etc-passwd-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("GET", "%2e%2e/", k_key, 0), "GET-2e-2e-9f86d081884c7d65.json");
  EXPECT_EQ(fixture_file_name("GET", "/..\\..", k_key, 0), "GET-root-9f86d081884c7d65.json");
}

TEST(FixtureFileNameTest, RandomBytesGiveSafeNames) {
  std::mt19937 random{7};
  for (int i = 0; i < 500; ++i) {
    std::string method(random() % 40, '\0');
    std::string path(random() % 300, '\0');
    for (char& c : method) c = static_cast<char>(random());
    for (char& c : path) c = static_cast<char>(random());
    expect_safe_name(fixture_file_name(method, path, k_key, static_cast<int>(random() % 5)));
  }
}

TEST(FixtureFileNameTest, RejectsAKeyThatIsNotSixteenLowercaseHexDigits) {
  for (const char* bad : {"", "9f86d081884c7d6", "9f86d081884c7d655", "9F86D081884C7D65",
                          "9f86d081884c7d6g", "../../etc/passwd", "9f86d081/84c7d65"}) {
    EXPECT_THROW(fixture_file_name("GET", "/", bad, 0), InputError) << bad;
  }
}

TEST(FixtureFileNameTest, RejectsANegativeSequence) {
  EXPECT_THROW(fixture_file_name("GET", "/", k_key, -1), InputError);
}

}  // namespace
}  // namespace automock
