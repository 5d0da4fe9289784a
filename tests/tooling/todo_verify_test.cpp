// fixtures verify against the real example service (examples/todo/service),
// started in process on 127.0.0.1, with the example's recorded cassettes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/transport.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "support/httplib_server.hpp"
#include "todo_routes.hpp"
#include "tooling/drift_check.hpp"

namespace automock::tooling {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::filesystem::path k_cassettes =
    std::filesystem::path{AUTOMOCK_SOURCE_DIR} / "fixtures" / "TodoClientTest";

// A fresh todo_service with `options`, and what it counted.
class TodoService {
 public:
  explicit TodoService(const todo::ServiceOptions& options = {}) : server_{routes(options)} {}

  std::string url() const { return server_.url(); }

  // Requests answered so far by method (GET /stats).
  nlohmann::json requests() const {
    HttpTransport client{url()};
    return nlohmann::json::parse(client.send(Request{"GET", "/stats", {}, ""}).body)["requests"];
  }

 private:
  std::unique_ptr<httplib::Server> routes(const todo::ServiceOptions& options) {
    auto server = std::make_unique<httplib::Server>();
    todo::install_routes(*server, store_, options);
    return server;
  }

  todo::Store store_;
  test::HttplibServer server_;
};

DriftReport verify(const std::string& test, const TodoService& service,
                   UnsafeMethods unsafe = UnsafeMethods::send) {
  HttpTransport upstream{service.url()};
  return check_drift(k_cassettes / test, upstream,
                     {.unsafe = unsafe, .test_binary = "build/examples/todo_client_tests"});
}

TEST(TodoVerifyTest, ADeletedTodoIsGoneReplaysInRecordedOrderAgainstAFreshService) {
  TodoService service;
  const auto report = verify("ADeletedTodoIsGone", service);
  EXPECT_EQ(report.sent, 5u);
  EXPECT_THAT(report.drifts, IsEmpty()) << report.drifts.front().file;
  EXPECT_EQ(service.requests(), (nlohmann::json{{"DELETE", 2}, {"GET", 2}, {"POST", 1}}));
}

TEST(TodoVerifyTest, UnsafeMethodsAreNotSentWithoutAllowUnsafe) {
  TodoService service;
  const auto report = verify("ADeletedTodoIsGone", service, UnsafeMethods::skip);
  EXPECT_EQ(report.sent, 2u);
  EXPECT_EQ(report.unsent.size(), 3u);
  EXPECT_EQ(service.requests(), (nlohmann::json{{"GET", 2}}));
}

TEST(TodoVerifyTest, ARenamedFieldIsOneDriftNamingPointerTestAndCommand) {
  TodoService release{{.title_field = "name"}};
  const auto report = verify("CreatesATodoWithTags", release);
  ASSERT_EQ(report.drifts.size(), 1u);
  const auto& drift = report.drifts[0];
  EXPECT_EQ(drift.differences, (std::vector<Difference>{{"body", "/title", "string", "absent"}}));
  EXPECT_EQ(drift.test, "TodoClientTest.CreatesATodoWithTags");
  EXPECT_EQ(drift.rerecord,
            "AUTOMOCK_MODE=record build/examples/todo_client_tests "
            "--gtest_filter=TodoClientTest.CreatesATodoWithTags");
  EXPECT_THAT(drift.file.filename().string(), HasSubstr("POST-v1-todos-"));
}

TEST(TodoVerifyTest, AnAddedFieldIsNoDrift) {
  TodoService release{{.added_field = "priority"}};
  EXPECT_THAT(verify("ADeletedTodoIsGone", release).drifts, IsEmpty());
}

}  // namespace
}  // namespace automock::tooling
