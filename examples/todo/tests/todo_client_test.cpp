// The example client's tests. They replay fixtures/TodoClientTest/<Test>,
// recorded from examples/todo/service by automock itself: run them with
// AUTOMOCK_MODE=record and TODO_UPSTREAM=http://127.0.0.1:PORT to record
// again (scripts/record-example.sh does it).

#include "todo_client.hpp"

#include <automock/gtest.hpp>
#include <cstdlib>

namespace {

using automock::testing::JsonBodyField;
using automock::testing::RequestMethod;
using automock::testing::RequestPath;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;

class TodoClientTest : public automock::testing::CassetteTest {
 protected:
  std::shared_ptr<automock::Transport> upstream() const override {
    const char* url = std::getenv("TODO_UPSTREAM");
    if (url == nullptr) return nullptr;
    return std::make_shared<automock::HttpTransport>(url);
  }

  // Each test acts as its own user, so recordings never share state.
  static std::string token() {
    return std::string{"token-"} + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  todo::TodoClient client() { return todo::TodoClient{shared_transport(), token()}; }
};

TEST_F(TodoClientTest, CreatesATodoWithTags) {
  auto todos = client();
  const auto created = todos.create("write tests", {"work"});
  EXPECT_EQ(created.id, 1);
  EXPECT_EQ(created.title, "write tests");
  EXPECT_FALSE(created.done);
  EXPECT_EQ(created.tags, std::vector<std::string>{"work"});
}

TEST_F(TodoClientTest, ListsOnlyOpenTodosAfterOneIsCompleted) {
  auto todos = client();
  const auto first = todos.create("buy milk");
  todos.create("call mum");
  todos.complete(first.id);
  EXPECT_THAT(todos.list(false), ElementsAre(Field(&todo::Todo::title, "call mum")));
  EXPECT_THAT(todos.list(true), ElementsAre(Field(&todo::Todo::title, "buy milk")));
  EXPECT_EQ(todos.list().size(), 2u);
}

TEST_F(TodoClientTest, FiltersByTag) {
  auto todos = client();
  todos.create("fix bug", {"work", "urgent"});
  todos.create("water plants", {"home"});
  EXPECT_THAT(todos.list(std::nullopt, "urgent"),
              ElementsAre(Field(&todo::Todo::title, "fix bug")));
}

TEST_F(TodoClientTest, FindingAMissingTodoGivesNothing) {
  EXPECT_FALSE(client().find(42).has_value());
}

TEST_F(TodoClientTest, AnEmptyTitleIsRejected) {
  try {
    client().create("");
    FAIL() << "expected ApiError";
  } catch (const todo::ApiError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_STREQ(error.what(), "title is required");
  }
}

TEST_F(TodoClientTest, RenamesATodo) {
  auto todos = client();
  const auto created = todos.create("draft");
  EXPECT_EQ(todos.rename(created.id, "final").title, "final");
  EXPECT_EQ(todos.find(created.id)->title, "final");
}

TEST_F(TodoClientTest, ADeletedTodoIsGone) {
  auto todos = client();
  const auto created = todos.create("temporary");
  EXPECT_TRUE(todos.find(created.id).has_value());
  todos.remove(created.id);
  EXPECT_FALSE(todos.find(created.id).has_value()) << "the same GET replays its second recording";
  EXPECT_THROW(todos.remove(created.id), todo::ApiError);
}

TEST_F(TodoClientTest, WorksOverTheLoopbackReplayServer) {
  auto todos = todo::TodoClient::connect(base_url(), token());
  EXPECT_EQ(todos.create("over http").title, "over http");
  EXPECT_EQ(todos.list().size(), 1u);
}

TEST_F(TodoClientTest, SendsTheTitleInTheJsonBody) {
  auto mock = std::make_shared<automock::testing::MockTransport>(shared_cassette(), upstream());
  EXPECT_CALL(*mock, send(AllOf(RequestMethod("POST"), RequestPath("/v1/todos"),
                                JsonBodyField("/title", R"("buy bread")"))))
      .Times(1);
  todo::TodoClient todos{mock, token()};
  EXPECT_EQ(todos.create("buy bread").title, "buy bread");
}

}  // namespace

// Fault rules on the test's cassette reach the client as a failing API would:
// none of these requests plays a recording, so the test has no fixtures.
TEST_F(TodoClientTest, FaultsReachTheClientAsTheNetworkWouldGiveThem) {
  using automock::Fault;
  using automock::FaultKind;
  using automock::FaultMatch;
  cassette().faults().add({{FaultMatch{.call = 1}, Fault{.status = 503, .body = "down"}},
                           {FaultMatch{.call = 2}, Fault{.kind = FaultKind::reset}},
                           {FaultMatch{.call = 3}, Fault{.kind = FaultKind::no_answer}}});
  const auto cause_of_list = [this] {
    try {
      client().list();
    } catch (const automock::TransportError& error) {
      return error.cause();
    }
    return automock::TransportError::Cause::other;
  };
  try {
    client().list();
    FAIL() << "expected ApiError";
  } catch (const todo::ApiError& error) {
    EXPECT_EQ(error.status(), 503);
  }
  EXPECT_EQ(cause_of_list(), automock::TransportError::Cause::reset);
  EXPECT_EQ(cause_of_list(), automock::TransportError::Cause::timeout);
}

TEST_F(TodoClientTest, FaultsReachTheClientOverTheLoopbackReplayServer) {
  cassette().faults().add(
      {{automock::FaultMatch{.call = 1}, automock::Fault{.status = 429}},
       {automock::FaultMatch{.call = 2}, automock::Fault{.kind = automock::FaultKind::reset}}});
  EXPECT_THROW(todo::TodoClient::connect(base_url(), token()).list(), todo::ApiError);
  try {
    // A new connection: on a reused one the transport would retry the GET.
    todo::TodoClient::connect(base_url(), token()).list();
    FAIL() << "expected TransportError";
  } catch (const automock::TransportError& error) {
    EXPECT_EQ(error.cause(), automock::TransportError::Cause::reset);
  }
}
