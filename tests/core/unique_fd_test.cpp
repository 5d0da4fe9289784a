#include "core/unique_fd.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <utility>

namespace automock {
namespace {

bool is_open(int fd) {
  return ::fcntl(fd, F_GETFD) != -1;
}

TEST(UniqueFdTest, ClosesItsDescriptorWhenDestroyed) {
  int raw = -1;
  {
    const UniqueFd fd{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
    ASSERT_TRUE(fd);
    raw = fd.get();
    EXPECT_TRUE(is_open(raw));
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFdTest, MovingHandsOverOwnershipWithoutClosing) {
  UniqueFd first{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  const int raw = first.get();
  UniqueFd second = std::move(first);
  EXPECT_FALSE(first);  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(second.get(), raw);
  EXPECT_TRUE(is_open(raw));
}

TEST(UniqueFdTest, CloseReportsSuccessAndLeavesNothingOwned) {
  UniqueFd fd{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
  const int raw = fd.get();
  EXPECT_EQ(fd.close(), 0);
  EXPECT_FALSE(fd);
  EXPECT_FALSE(is_open(raw));
  EXPECT_EQ(fd.close(), 0);
}

TEST(UniqueFdTest, ANegativeDescriptorOwnsNothing) {
  const UniqueFd fd{-1};
  EXPECT_FALSE(fd);
  EXPECT_EQ(fd.get(), -1);
}

}  // namespace
}  // namespace automock
