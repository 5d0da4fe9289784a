#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <automock/transport.hpp>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_upstream.hpp"
#include "support/fixture_writer.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"
#include "tooling/drift_check.hpp"
#include "tooling/drift_report.hpp"
#include "tooling/json_diff.hpp"

namespace automock::tooling {
namespace {

using test::get;
using test::json_response;
using test::write_fixture;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

std::vector<std::string> described(const Drift& drift) {
  std::vector<std::string> lines;
  for (const auto& difference : drift.differences) lines.push_back(describe(difference));
  return lines;
}

// Writes a fixture recorded `micros` microseconds after a fixed second.
std::filesystem::path write_at(const std::filesystem::path& cassette, const test::FixtureSpec& spec,
                               int micros) {
  auto exchange = test::exchange_of(spec);
  exchange.recorded_at += std::chrono::microseconds{micros};
  const auto file = cassette / fixture_file_name(exchange.request.method, exchange.request.path(),
                                                 exchange.key, exchange.seq);
  std::filesystem::create_directories(cassette);
  std::ofstream(file, std::ios::binary) << serialize_fixture(exchange);
  return file;
}

class DriftTest : public testing::Test {
 protected:
  DriftReport drift(Compare compare = Compare::shape, const std::vector<std::string>& ignore = {}) {
    HttpTransport upstream{api_.base_url()};
    return check_drift(dir_.path(), upstream,
                       DriftOptions{.compare = compare, .ignore_json = ignore});
  }

  test::TempDir dir_;
  LiveApi api_;
};

TEST_F(DriftTest, AnUnchangedApiHasNoDrift) {
  write_fixture(dir_.path(), {get("/v1/todo"), json_response(R"({"id":7,"t":"a"})")});
  api_.answer(200, R"({"t": "a", "id": 7})");
  const auto report = drift();
  EXPECT_TRUE(report.drifts.empty());
  EXPECT_EQ(report.sent, 1u);
}

TEST_F(DriftTest, ComparingValuesReportsStatusAndFieldDifferences) {
  const auto file =
      write_fixture(dir_.path(), {get("/v1/todo"), json_response(R"({"id":7,"t":"a","old":1})")});
  api_.answer(201, R"({"id":8,"t":"a","new":true})");
  const auto drifts = drift(Compare::value).drifts;
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].file, file);
  EXPECT_EQ(drifts[0].request, "GET /v1/todo");
  EXPECT_THAT(
      described(drifts[0]),
      ElementsAre("status: recorded 200, now 201", "body /id: recorded 7, now 8",
                  "body /old: recorded 1, now absent", "body /new: not recorded, now true"));
}

TEST_F(DriftTest, ComparingShapesIgnoresNewValuesOfTheSameTypeAndAddedFields) {
  write_fixture(dir_.path(),
                {get("/v1/todo"), json_response(R"({"id":7,"at":"t1","tags":["a"]})")});
  api_.answer(201, R"({"id":8,"at":"t2","tags":["b","c"],"new":true})");
  EXPECT_TRUE(drift().drifts.empty());
}

TEST_F(DriftTest, ARenamedFieldIsOneShapeDifferenceNamingItsPointer) {
  write_fixture(dir_.path(), {get("/v1/todo"), json_response(R"({"id":7,"title":"a"})")});
  api_.answer(200, R"({"id":7,"name":"a"})");
  const auto drifts = drift().drifts;
  ASSERT_EQ(drifts.size(), 1u);
  ASSERT_EQ(drifts[0].differences.size(), 1u);
  EXPECT_EQ(drifts[0].differences[0], (Difference{"body", "/title", "string", "absent"}));
}

TEST_F(DriftTest, AnotherStatusClassIsAShapeDifference) {
  write_fixture(dir_.path(), {get("/v1/todo"), json_response(R"({"id":7})")});
  api_.answer(404, R"({"id":7})");
  const auto drifts = drift().drifts;
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_THAT(described(drifts[0]), ElementsAre("status: recorded 200, now 404"));
}

TEST_F(DriftTest, IgnoredPointersAreLeftOutOfTheComparison) {
  write_fixture(dir_.path(), {get("/v1/todo"), json_response(R"({"id":7,"meta":{"at":"1"}})")});
  api_.answer(200, R"({"id":7,"meta":{"at":"2"}})");
  EXPECT_EQ(drift(Compare::value).drifts.size(), 1u);
  EXPECT_TRUE(drift(Compare::value, {"/meta/at"}).drifts.empty());
}

TEST_F(DriftTest, ADifferentTextBodyIsAValueDrift) {
  write_fixture(dir_.path(), {get("/t"), Response{200, {}, "hello"}});
  api_.answer(200, "goodbye");
  const auto drifts = drift(Compare::value).drifts;
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_THAT(described(drifts[0])[0], HasSubstr("5 bytes"));
}

TEST_F(DriftTest, AnUnreachableUpstreamIsADrift) {
  write_fixture(dir_.path(), {get("/t"), json_response("{}")});
  HttpTransport closed{"http://127.0.0.1:1",
                       HttpOptions{.connect_timeout = std::chrono::milliseconds{500}}};
  const auto drifts = check_drift(dir_.path(), closed, {}).drifts;
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].differences[0].field, "upstream");
}

TEST(FixtureDriftEdgeTest, WithAllowUnsafeEachRecordedRequestIsResentAsRecorded) {
  test::TempDir dir;
  dir.write("GET-bad-0123456789abcdef.json", "not json");
  Request posted{"POST", "/v1/todos?x=1", {{"Content-Type", "application/json"}}, R"({"t":1})"};
  write_fixture(dir.path(), {posted, json_response(R"({"id":1})", 201)});
  test::FakeUpstream upstream{[](const Request&) { return json_response(R"({"id":1})", 201); }};
  EXPECT_TRUE(check_drift(dir.path(), upstream, {.unsafe = UnsafeMethods::send}).drifts.empty());
  ASSERT_EQ(upstream.calls(), 1u);
  EXPECT_EQ(upstream.seen()[0].method, "POST");
  EXPECT_EQ(upstream.seen()[0].target, "/v1/todos?x=1");
  EXPECT_EQ(upstream.seen()[0].body, R"({"t":1})");
}

TEST(FixtureDriftEdgeTest, UnsafeMethodsAreListedAndNotSentByDefault) {
  test::TempDir dir;
  const auto file =
      write_fixture(dir.path(), {Request{"DELETE", "/v1/todos/1", {}, ""}, Response{204, {}, ""}});
  write_fixture(dir.path(), {Request{"HEAD", "/v1/todos", {}, ""}, Response{200, {}, ""}});
  test::FakeUpstream upstream{[](const Request&) { return Response{200, {}, ""}; }};
  const auto report = check_drift(dir.path(), upstream, {});
  ASSERT_EQ(upstream.calls(), 1u);
  EXPECT_EQ(upstream.seen()[0].method, "HEAD");
  ASSERT_EQ(report.unsent.size(), 1u);
  EXPECT_EQ(report.unsent[0].file, file);
  EXPECT_EQ(report.unsent[0].request, "DELETE /v1/todos/1");
  EXPECT_THAT(report.unsent[0].reason, HasSubstr("--allow-unsafe"));
}

TEST(FixtureDriftEdgeTest, ACassetteIsReplayedInRecordedOrderNotFileNameOrder) {
  test::TempDir dir;
  write_at(dir.path(), {Request{"POST", "/v1/todos", {}, ""}, json_response("{}", 201)}, 10);
  write_at(dir.path(), {get("/v1/todos/1"), json_response("{}")}, 20);
  write_at(dir.path(), {Request{"DELETE", "/v1/todos/1", {}, ""}, Response{204, {}, ""}}, 30);
  write_at(dir.path(), {get("/v1/todos/1"), json_response("{}", 404), 1}, 40);
  test::FakeUpstream upstream{[](const Request&) { return Response{200, {}, ""}; }};
  check_drift(dir.path(), upstream, {.unsafe = UnsafeMethods::send});
  std::vector<std::string> sent;
  for (const auto& request : upstream.seen()) sent.push_back(request.method + " " + request.target);
  EXPECT_THAT(sent, ElementsAre("POST /v1/todos", "GET /v1/todos/1", "DELETE /v1/todos/1",
                                "GET /v1/todos/1"));
}

TEST(FixtureDriftEdgeTest, ARecordedJsonBodyNowAnsweredAsTextIsADrift) {
  test::TempDir dir;
  write_fixture(dir.path(), {get("/a"), json_response(R"({"ok":true})")});
  test::FakeUpstream upstream{[](const Request&) { return Response{200, {}, "<html>"}; }};
  const auto value_drifts = check_drift(dir.path(), upstream, {.compare = Compare::value}).drifts;
  ASSERT_EQ(value_drifts.size(), 1u);
  EXPECT_THAT(described(value_drifts[0]),
              ElementsAre("body (root): recorded 11 bytes, now 6 bytes that differ"));
  const auto shape_drifts = check_drift(dir.path(), upstream, {}).drifts;
  ASSERT_EQ(shape_drifts.size(), 1u);
  EXPECT_THAT(described(shape_drifts[0]),
              ElementsAre("media type: recorded application/json, now absent",
                          "body (root): recorded JSON, now not JSON"));
}

TEST(FixtureDriftEdgeTest, ADriftNamesItsGoogleTestAndTheCommandThatRecordsItAgain) {
  test::TempDir dir;
  const auto cassette = dir.path() / "TodoClientTest" / "ListsTodos";
  write_fixture(cassette, {get("/v1/todos"), json_response(R"([{"id":1}])")});
  test::FakeUpstream upstream{[](const Request&) { return json_response(R"([{"id":"1"}])"); }};
  const auto report = check_drift(dir.path(), upstream, {.test_binary = "build/todo_tests"});
  ASSERT_EQ(report.drifts.size(), 1u);
  const auto& found = report.drifts[0];
  EXPECT_EQ(found.cassette, cassette);
  EXPECT_EQ(found.test, "TodoClientTest.ListsTodos");
  EXPECT_EQ(found.rerecord,
            "AUTOMOCK_MODE=record build/todo_tests --gtest_filter=TodoClientTest.ListsTodos");
  EXPECT_THAT(described(found), ElementsAre("body /0/id: recorded number, now string"));
}

TEST(FixtureDriftEdgeTest, NamedSecretsAreFilledInMemoryOrTheExchangeIsNotSent) {
  test::TempDir dir;
  write_fixture(dir.path(),
                {Request{"GET", "/me", {{"Authorization", "Bearer <SECRET:token>"}}, ""},
                 json_response("{}")});
  test::FakeUpstream upstream{[](const Request&) { return json_response("{}"); }};
  const auto without =
      check_drift(dir.path(), upstream,
                  {.secrets = [](const std::string&) { return std::optional<std::string>{}; }});
  EXPECT_EQ(upstream.calls(), 0u);
  ASSERT_EQ(without.unsent.size(), 1u);
  EXPECT_EQ(without.unsent[0].reason, "needs AUTOMOCK_SECRET_TOKEN");
  EXPECT_TRUE(without.drifts.empty());
  const auto with = check_drift(dir.path(), upstream, {.secrets = [](const std::string& variable) {
                                  return std::optional<std::string>{variable + "-value"};
                                }});
  ASSERT_EQ(upstream.calls(), 1u);
  EXPECT_EQ(upstream.seen()[0].headers.get("Authorization"), "Bearer AUTOMOCK_SECRET_TOKEN-value");
  EXPECT_TRUE(with.drifts.empty());
}

DriftReport sample_report() {
  return {.upstream = "http://127.0.0.1:9",
          .cassettes = {"f/S/T", "f/S/U"},
          .sent = 2,
          .drifts = {{"f/S/T",
                      "f/S/T/GET-a.json",
                      "GET /a",
                      "S.T",
                      "AUTOMOCK_MODE=record t --gtest_filter=S.T",
                      {{"body", "/title", "string", "absent"}}}},
          .unsent = {{"f/S/U/POST-a.json", "POST /a", "unsafe method: --allow-unsafe sends it"}}};
}

std::string rendered(coverage::OutputFormat format) {
  std::ostringstream out;
  render_drift(sample_report(), format, out);
  return out.str();
}

TEST(DriftReportTest, TextNamesFileTestDifferenceCommandAndWhatWasNotSent) {
  EXPECT_EQ(rendered(coverage::OutputFormat::text),
            "f/S/T/GET-a.json (GET /a) in S.T\n"
            "  body /title: recorded string, now absent\n"
            "  re-record: AUTOMOCK_MODE=record t --gtest_filter=S.T\n"
            "not sent: f/S/U/POST-a.json (POST /a): unsafe method: --allow-unsafe sends it\n"
            "2 exchange(s) of 2 cassette(s) sent to http://127.0.0.1:9: 1 drifted, 1 not sent\n");
}

TEST(DriftReportTest, JsonHoldsEachDifferenceWithItsPointer) {
  const auto document = nlohmann::json::parse(rendered(coverage::OutputFormat::json));
  EXPECT_FALSE(document["passed"]);
  EXPECT_EQ(document["drifts"][0]["test"], "S.T");
  EXPECT_EQ(document["drifts"][0]["differences"][0]["pointer"], "/title");
  EXPECT_EQ(document["unsent"][0]["request"], "POST /a");
}

TEST(DriftReportTest, JunitHasOneCaseACassetteFailingWhenItDrifted) {
  const auto xml = rendered(coverage::OutputFormat::junit);
  EXPECT_THAT(xml, HasSubstr(R"(<testcase classname="drift" name="S.T">)"));
  EXPECT_THAT(xml, HasSubstr(R"(<testcase classname="drift" name="S.U" />)"));
  EXPECT_THAT(xml, HasSubstr(R"(tests="2" failures="1")"));
}

TEST(DriftReportTest, GithubAnnotatesTheFixtureFile) {
  EXPECT_THAT(rendered(coverage::OutputFormat::github),
              HasSubstr("::error file=f/S/T/GET-a.json,title=drift%3A S.T::GET /a: body /title: "
                        "recorded string, now absent (re-record: AUTOMOCK_MODE=record t "
                        "--gtest_filter=S.T)\n"));
}

TEST(DriftReportTest, MarkdownHasARowPerDifference) {
  EXPECT_THAT(
      rendered(coverage::OutputFormat::markdown),
      HasSubstr("| S.T | `GET-a.json` | GET /a | body /title: recorded string, now absent |"));
}

TEST(DriftReportTest, HtmlIsNotADriftFormat) {
  std::ostringstream out;
  EXPECT_THROW(render_drift(sample_report(), coverage::OutputFormat::html, out), InputError);
}

}  // namespace
}  // namespace automock::tooling
