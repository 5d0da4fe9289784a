// The libcurl client's tests: its base URL is fixed (https://todo.example.test:9443),
// so they give it automock's forward proxy and CA as its network settings,
// nothing else. They replay fixtures/TodoCurlClientTest/<Test>, recorded from
// examples/todo/service over TLS by scripts/record-example.sh, which runs them
// with AUTOMOCK_MODE=record, TODO_TLS_ADDRESS (where todo.example.test:9443
// really is) and TODO_TLS_CA (the service's certificate).

#include "todo_curl_client.hpp"

#include <automock/gtest.hpp>
#include <cstdlib>

namespace {

class TodoCurlClientTest : public automock::testing::CassetteTest {
 protected:
  // Recording: the real service, found by --resolve and trusted by its certificate.
  std::shared_ptr<automock::Transport> upstream() const override {
    const char* address = std::getenv("TODO_TLS_ADDRESS");
    const char* ca = std::getenv("TODO_TLS_CA");
    if (address == nullptr || ca == nullptr) return nullptr;
    automock::HttpOptions options;
    options.resolve["todo.example.test:9443"] = address;
    options.ca_file = ca;
    return std::make_shared<automock::HttpTransport>("", options);
  }

  todo::TodoCurlClient client() {
    const auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    return todo::TodoCurlClient{{.proxy = proxy_url(), .ca_file = ca_file().string()},
                                std::string{"curl-token-"} + name};
  }
};

TEST_F(TodoCurlClientTest, AddsTodosAndListsTheirTitles) {
  auto todos = client();
  const auto first = todos.add("write the proposal");
  const auto second = todos.add("send it");
  EXPECT_LT(first, second);
  EXPECT_EQ(todos.titles(), (std::vector<std::string>{"write the proposal", "send it"}));
}

TEST_F(TodoCurlClientTest, AnEmptyListHasNoTitles) {
  EXPECT_TRUE(client().titles().empty());
}

}  // namespace
