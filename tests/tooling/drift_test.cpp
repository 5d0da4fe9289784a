#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/transport.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_upstream.hpp"
#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"
#include "tooling/fixture_verify.hpp"
#include "tooling/json_diff.hpp"

namespace automock::tooling {
namespace {

using test::get;
using test::json_response;
using test::write_fixture;

// A real upstream on 127.0.0.1 whose answers the test sets.
class LiveApi {
 public:
  LiveApi() {
    server_.Get("/.*", [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock{mutex_};
      response.status = status_;
      response.set_content(body_, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread{[this] { server_.listen_after_bind(); }};
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~LiveApi() {
    server_.stop();
    thread_.join();
  }
  void answer(int status, std::string body) {
    std::lock_guard lock{mutex_};
    status_ = status;
    body_ = std::move(body);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  int status_ = 200;
  std::string body_;
};

class DriftTest : public testing::Test {
 protected:
  std::vector<Drift> drift(const std::vector<std::string>& ignore = {}) {
    HttpTransport upstream{api_.base_url()};
    return check_drift(dir_.path(), upstream, DriftOptions{ignore});
  }

  test::TempDir dir_;
  LiveApi api_;
};

TEST_F(DriftTest, AnUnchangedApiHasNoDrift) {
  write_fixture(dir_.path(), {Request{.target = "/v1/todo"}, json_response(R"({"id":7,"t":"a"})")});
  api_.answer(200, R"({"t": "a", "id": 7})");
  EXPECT_TRUE(drift().empty());
}

TEST_F(DriftTest, AChangedAnswerReportsStatusAndFieldDifferences) {
  const auto file = write_fixture(
      dir_.path(), {Request{.target = "/v1/todo"}, json_response(R"({"id":7,"t":"a","old":1})")});
  api_.answer(201, R"({"id":8,"t":"a","new":true})");
  const auto drifts = drift();
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].file, file);
  EXPECT_EQ(drifts[0].request, "GET /v1/todo");
  EXPECT_EQ(drifts[0].differences,
            (std::vector<std::string>{
                "status: recorded 200, now 201", "body /id: recorded 7, now 8",
                "body /old: recorded 1, now absent", "body /new: not recorded, now true"}));
}

TEST_F(DriftTest, IgnoredPointersAreLeftOutOfTheComparison) {
  write_fixture(dir_.path(),
                {Request{.target = "/v1/todo"}, json_response(R"({"id":7,"meta":{"at":"1"}})")});
  api_.answer(200, R"({"id":7,"meta":{"at":"2"}})");
  EXPECT_EQ(drift().size(), 1u);
  EXPECT_TRUE(drift({"/meta/at"}).empty());
}

TEST_F(DriftTest, ADifferentTextBodyIsADrift) {
  write_fixture(dir_.path(), {Request{.target = "/t"}, Response{200, {}, "hello"}});
  api_.answer(200, "goodbye");
  const auto drifts = drift();
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_NE(drifts[0].differences[0].find("5 bytes"), std::string::npos);
}

TEST_F(DriftTest, AnUnreachableUpstreamIsADrift) {
  write_fixture(dir_.path(), {Request{.target = "/t"}, json_response("{}")});
  HttpTransport closed{"http://127.0.0.1:1",
                       HttpOptions{.connect_timeout = std::chrono::milliseconds{500}}};
  const auto drifts = check_drift(dir_.path(), closed, {});
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_NE(drifts[0].differences[0].find("upstream failed"), std::string::npos);
}

TEST(FixtureDriftEdgeTest, EachReadableRecordedRequestIsResentAsRecorded) {
  test::TempDir dir;
  dir.write("GET-bad-0123456789abcdef.json", "not json");
  Request posted{"POST", "/v1/todos?x=1", {{"Content-Type", "application/json"}}, R"({"t":1})"};
  write_fixture(dir.path(), {posted, json_response(R"({"id":1})", 201)});
  test::FakeUpstream upstream{[](const Request&) { return json_response(R"({"id":1})", 201); }};
  EXPECT_TRUE(check_drift(dir.path(), upstream, {}).empty());
  ASSERT_EQ(upstream.calls(), 1u);
  EXPECT_EQ(upstream.seen()[0].method, "POST");
  EXPECT_EQ(upstream.seen()[0].target, "/v1/todos?x=1");
  EXPECT_EQ(upstream.seen()[0].body, R"({"t":1})");
}

TEST(FixtureDriftEdgeTest, ARecordedJsonBodyNowAnsweredAsTextIsAByteDrift) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a"), json_response(R"({"ok":true})")});
  test::FakeUpstream upstream{[](const Request&) { return Response{200, {}, "<html>"}; }};
  const auto drifts = check_drift(dir.path(), upstream, {});
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].differences,
            (std::vector<std::string>{"body: recorded 11 bytes, now 6 bytes that differ"}));
}

TEST(FixtureDriftEdgeTest, DriftsPrintTheFileTheRequestAndEachDifferenceIndented) {
  const std::vector<Drift> drifts = {
      {"c/GET-a.json", "GET /a", {"status: recorded 200, now 500", "body /id: recorded 1, now 2"}}};
  EXPECT_EQ(format_drifts(drifts),
            "c/GET-a.json (GET /a)\n"
            "  status: recorded 200, now 500\n"
            "  body /id: recorded 1, now 2\n");
}

TEST(JsonDiffTest, BodiesThatAreNotJsonGiveNoDiff) {
  EXPECT_FALSE(diff_json_bodies("{}", "nope", {}));
  EXPECT_EQ(diff_json_bodies("[1,2]", "[1,2,3]", {}),
            (std::vector<std::string>{"body (root): recorded 2 elements, now 3"}));
}

}  // namespace
}  // namespace automock::tooling
