#include "coverage/glob.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>

namespace automock::coverage {
namespace {

bool matches(const char* pattern, const char* path) {
  return Glob(pattern).matches(path);
}

TEST(GlobTest, DoubleStarMatchesAnyNumberOfDirectories) {
  EXPECT_TRUE(matches("src/core/**", "src/core/http.cpp"));
  EXPECT_TRUE(matches("src/core/**", "src/core/a/b/c.cpp"));
  EXPECT_TRUE(matches("src/**/test_*.cpp", "src/test_a.cpp"));
  EXPECT_TRUE(matches("src/**/test_*.cpp", "src/x/y/test_a.cpp"));
  EXPECT_TRUE(matches("**/*.hpp", "include/automock/coverage/gate.hpp"));
  EXPECT_FALSE(matches("src/core/**", "src/corex/a.cpp"));
}

TEST(GlobTest, StarAndQuestionMarkStayWithinOneName) {
  EXPECT_TRUE(matches("include/automock/*.hpp", "include/automock/http.hpp"));
  EXPECT_FALSE(matches("include/automock/*.hpp", "include/automock/coverage/gate.hpp"));
  EXPECT_TRUE(matches("src/?.cpp", "src/a.cpp"));
  EXPECT_FALSE(matches("src/?.cpp", "src/ab.cpp"));
  EXPECT_TRUE(matches("src/*_test.*", "src/glob_test.cpp"));
}

TEST(GlobTest, ClassesAndRanges) {
  EXPECT_TRUE(matches("src/[a-c]*.cpp", "src/b.cpp"));
  EXPECT_FALSE(matches("src/[a-c]*.cpp", "src/d.cpp"));
  EXPECT_TRUE(matches("src/[!a-c]*.cpp", "src/d.cpp"));
}

TEST(GlobTest, IsAnchoredAtTheRootAndMatchesDirectories) {
  EXPECT_FALSE(matches("core/**", "src/core/a.cpp"));
  EXPECT_TRUE(matches("/src/core", "src/core/a.cpp"));
  EXPECT_TRUE(matches("src/core/", "src/core/a/b.cpp"));
  EXPECT_FALSE(matches("src/core", "src/core.cpp"));
}

TEST(GlobTest, AbsolutePathsOutsideTheRootCanBeMatched) {
  EXPECT_TRUE(matches("/usr/**", "/usr/include/c++/12/iostream"));
  EXPECT_FALSE(matches("src/**", "/usr/include/c++/12/iostream"));
}

TEST(GlobTest, InvalidPatternsAreRejected) {
  for (const char* pattern :
       {"", "a//b", "src/a**", "src/[ab", "!src/**", "src\\a", "src/../x", "/"}) {
    EXPECT_THROW(Glob{pattern}, InputError) << pattern;
  }
}

}  // namespace
}  // namespace automock::coverage
