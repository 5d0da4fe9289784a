// Two deliberately flawed callers of the example client, for the test of
// `automock sweep` itself (examples/CMakeLists.txt). They carry the names of
// tests in todo_client_test.cpp, so they replay those tests' cassettes.

#include <automock/gtest.hpp>
#include <cstdlib>
#include <string>

#include "todo_client.hpp"

namespace {

class TodoClientTest : public automock::testing::CassetteTest {
 protected:
  static std::string token() {
    return std::string{"token-"} + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
};

// No timeout of its own: HttpTransport's default 30 s read timeout, so an
// API that never answers holds the test (the sweep reports it hung).
TEST_F(TodoClientTest, WorksOverTheLoopbackReplayServer) {
  todo::TodoClient todos{std::make_shared<automock::HttpTransport>(base_url()), token()};
  EXPECT_EQ(todos.create("over http").title, "over http");
  EXPECT_EQ(todos.list().size(), 1u);
}

// Takes a body cut short for a bug that cannot happen, and aborts (the sweep
// reports it crashed).
TEST_F(TodoClientTest, CreatesATodoWithTags) {
  todo::TodoClient todos{shared_transport(), token()};
  try {
    EXPECT_EQ(todos.create("write tests", {"work"}).title, "write tests");
  } catch (const automock::TransportError& error) {
    if (std::string{error.what()}.find("the body ended after") != std::string::npos) std::abort();
    throw;
  }
}

}  // namespace
