// End to end: `automock fixtures verify|prune|rekey|show` with the built
// binary, for the exit codes and reports docs/replay-server.md promises.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>

#include "cli/run_command.hpp"
#include "support/fixture_writer.hpp"
#include "support/httplib_server.hpp"
#include "support/loopback.hpp"
#include "support/requests.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;
using test::get;
using test::json_response;
using test::write_fixture;
using ::testing::HasSubstr;
using ::testing::Not;

using test::automock;
using test::k_automock;

using test::quoted;

// A live API on 127.0.0.1 answering every GET with the body the test sets.
class LiveTodoApi {
 public:
  LiveTodoApi() : server_{routes()} {}
  void answer(std::string body) { *body_ = std::move(body); }
  std::string url() const { return server_.url(); }

 private:
  std::unique_ptr<httplib::Server> routes() {
    auto server = std::make_unique<httplib::Server>();
    server->Get(".*", [body = body_](const httplib::Request&, httplib::Response& response) {
      response.set_content(*body, "application/json");
    });
    return server;
  }

  std::shared_ptr<std::string> body_ = std::make_shared<std::string>(R"({"id":1,"at":"t1"})");
  test::HttplibServer server_;
};

class FixturesCliTest : public ::testing::Test {
 protected:
  fs::path cassette() const { return dir_ / "cassette"; }
  fs::path record(const std::string& target, const std::string& body) {
    return write_fixture(cassette(), {get(target), json_response(body)});
  }
  // A usage record for cassette() listing one used and one unused file.
  fs::path usage_record(const fs::path& used, const fs::path& unused) {
    return dir_.write("usage.json", R"({"automock_usage": 1, "cassette": ")" + cassette().string() +
                                        R"(", "used": [")" + used.filename().string() +
                                        R"("], "unused": [")" + unused.filename().string() +
                                        R"("]})");
  }

  test::TempDir dir_;
};

TEST_F(FixturesCliTest, VerifyListsEachBadFileAndExitsOne) {
  record("/a", "{}");
  dir_.write("cassette/GET-broken-0123456789abcdef.json", "{");
  const auto result = automock("fixtures verify " + quoted(cassette()));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("GET-broken-0123456789abcdef.json: "));
  EXPECT_THAT(result.output, HasSubstr("1 bad fixture file(s) under "));
}

TEST_F(FixturesCliTest, VerifyAgainstAnUnchangedApiExitsZero) {
  LiveTodoApi api;
  record("/todos/1", R"({"id":1,"at":"t1"})");
  const auto result =
      automock("fixtures verify " + quoted(cassette()) + " --upstream " + api.url());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr("1 exchange(s) of 1 cassette(s) sent to " + api.url() + ": 0 drifted"));
  EXPECT_THAT(result.output, HasSubstr("0 bad fixture file(s)"));
}

TEST_F(FixturesCliTest, VerifyComparingValuesReportsDriftAndExitsOneUnlessTheFieldsAreIgnored) {
  LiveTodoApi api;
  api.answer(R"({"id":2,"at":"t2"})");
  record("/todos/1", R"({"id":1,"at":"t1"})");
  const std::string verify =
      "fixtures verify " + quoted(cassette()) + " --upstream " + api.url() + " --compare value";
  const auto drifted = automock(verify);
  EXPECT_EQ(drifted.exit_code, 1) << drifted.output;
  EXPECT_THAT(drifted.output, HasSubstr("(GET /todos/1) in "));
  EXPECT_THAT(drifted.output, HasSubstr("\n  body /id: recorded 1, now 2\n"));
  EXPECT_THAT(drifted.output, HasSubstr("\n  body /at: recorded \"t1\", now \"t2\"\n"));
  EXPECT_THAT(drifted.output, HasSubstr(": 1 drifted"));
  const auto ignored = automock(verify + " --ignore-json /id --ignore-json /at");
  EXPECT_EQ(ignored.exit_code, 0) << ignored.output;
}

TEST_F(FixturesCliTest, VerifyComparesShapesByDefaultAndWritesTheChosenFormat) {
  LiveTodoApi api;
  api.answer(R"({"id":2,"at":"t2"})");
  const auto file = record("/todos/1", R"({"id":1,"at":"t1","title":"a"})");
  const auto result = automock("fixtures verify " + quoted(cassette()) + " --upstream " +
                               api.url() + " --output github");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("::error file=" + file.string() + ",title=drift%3A "));
  EXPECT_THAT(result.output, HasSubstr("body /title: recorded string, now absent"));
  EXPECT_THAT(result.output, Not(HasSubstr("body /id")));
}

TEST_F(FixturesCliTest, VerifyWithAnUnknownComparisonOrFormatExitsTwo) {
  record("/todos/1", "{}");
  EXPECT_EQ(automock("fixtures verify " + quoted(cassette()) + " --compare bytes").exit_code, 2);
  EXPECT_EQ(automock("fixtures verify " + quoted(cassette()) + " --output html").exit_code, 2);
}

TEST_F(FixturesCliTest, VerifyAgainstAnUnreachableApiIsADrift) {
  record("/todos/1", "{}");
  const std::string url = "http://127.0.0.1:" + std::to_string(test::closed_port());
  const auto result = automock("fixtures verify " + quoted(cassette()) + " --upstream " + url);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("upstream: recorded an answer, now failed: "));
}

TEST_F(FixturesCliTest, VerifyWithABadUpstreamUrlExitsTwo) {
  record("/todos/1", "{}");
  const auto result = automock("fixtures verify " + quoted(cassette()) + " --upstream ftp://x");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("http or https"));
}

TEST_F(FixturesCliTest, PruneRemovesTheUnusedFilesAndADryRunRemovesNothing) {
  const auto used = record("/used", "1");
  const auto unused = record("/unused", "2");
  const auto usage = usage_record(used, unused);
  const auto dry =
      automock("fixtures prune " + quoted(cassette()) + " --usage " + quoted(usage) + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("dry run: 1 unused exchange(s) to remove"));
  EXPECT_TRUE(fs::exists(unused));
  const auto pruned =
      automock("fixtures prune " + quoted(cassette()) + " --usage " + quoted(usage));
  EXPECT_EQ(pruned.exit_code, 0) << pruned.output;
  EXPECT_FALSE(fs::exists(unused));
  EXPECT_TRUE(fs::exists(used));
}

TEST_F(FixturesCliTest, PruneWithARecordOlderThanAFixtureExitsTwoUnlessForced) {
  const auto used = record("/used", "1");
  const auto unused = record("/unused", "2");
  const auto usage = usage_record(used, unused);
  fs::last_write_time(used, fs::last_write_time(usage) + std::chrono::seconds{2});
  const auto refused =
      automock("fixtures prune " + quoted(cassette()) + " --usage " + quoted(usage));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("older than " + used.string()));
  EXPECT_THAT(refused.output, HasSubstr("--force"));
  EXPECT_TRUE(fs::exists(unused));
  const auto forced =
      automock("fixtures prune " + quoted(cassette()) + " --usage " + quoted(usage) + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_FALSE(fs::exists(unused));
  EXPECT_TRUE(fs::exists(used));
}

TEST_F(FixturesCliTest, PruneWithAMistypedRecordExitsTwoNamingTheRecord) {
  const auto kept = record("/kept", "1");
  const auto usage = dir_.write(
      "usage.json", R"({"automock_usage": "1", "cassette": "c", "used": [], "unused": []})");
  const auto result =
      automock("fixtures prune " + quoted(cassette()) + " --usage " + quoted(usage));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr(usage.string() + ": 'automock_usage' must be 1"));
  EXPECT_TRUE(fs::exists(kept));
}

TEST_F(FixturesCliTest, PruneWithoutAUsageRecordExitsTwo) {
  record("/kept", "1");
  const auto result = automock("fixtures prune " + quoted(cassette()));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--usage"));
}

TEST_F(FixturesCliTest, RekeyWithCollisionsExitsOneAndLeavesTheFiles) {
  const auto first = record("/a?_ts=1", "1");
  const auto second = record("/a?_ts=2", "2");
  const auto config = dir_.write("automock.json", R"({"match": {"ignore_query": ["_ts"]}})");
  const auto result =
      automock("fixtures rekey " + quoted(cassette()) + " --config " + quoted(config));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("0 rekeyed, 0 unchanged, 1 collision(s)"));
  EXPECT_TRUE(fs::exists(first));
  EXPECT_TRUE(fs::exists(second));
}

TEST_F(FixturesCliTest, RekeyAppliesNewRulesSoThatVerifyPassesUnderThem) {
  record("/a?_ts=1", "1");
  const auto config = dir_.write("automock.json", R"({"match": {"ignore_query": ["_ts"]}})");
  const auto before =
      automock("fixtures verify " + quoted(cassette()) + " --config " + quoted(config));
  EXPECT_EQ(before.exit_code, 1) << before.output;
  const auto rekeyed =
      automock("fixtures rekey " + quoted(cassette()) + " --config " + quoted(config));
  EXPECT_EQ(rekeyed.exit_code, 0) << rekeyed.output;
  EXPECT_THAT(rekeyed.output, HasSubstr("1 rekeyed"));
  const auto after =
      automock("fixtures verify " + quoted(cassette()) + " --config " + quoted(config));
  EXPECT_EQ(after.exit_code, 0) << after.output;
}

TEST_F(FixturesCliTest, AnUnknownPathPatternInTheConfigExitsTwoNamingTheField) {
  record("/a", "1");
  const auto result =
      automock("fixtures verify " + quoted(cassette()) + " --config " +
               quoted(dir_.write("automock.json", R"({"match": {"path_patterns": ["guid"]}})")));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("/match/path_patterns/0: unknown pattern 'guid'"));
}

TEST_F(FixturesCliTest, ShowOfAFileThatDoesNotParseExitsTwo) {
  const auto file = dir_.write("GET-x-0123456789abcdef.json", "[]");
  const auto result = automock("fixtures show " + quoted(file));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr(file.string()));
}

TEST_F(FixturesCliTest, ShowOfASymlinkToDevZeroExitsTwoNamingIt) {
  const auto file = dir_ / "GET-zero-0123456789abcdef.json";
  fs::create_symlink("/dev/zero", file);
  const auto result = automock("fixtures show " + quoted(file));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr(file.string() + ": is a character device"));
}

TEST_F(FixturesCliTest, VerifyReportsASymlinkToDevZeroAndExitsOne) {
  record("/good", "{}");
  const auto file = cassette() / "GET-zero-0123456789abcdef.json";
  fs::create_symlink("/dev/zero", file);
  const auto result = automock("fixtures verify " + quoted(cassette()));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr(file.string() + ": is a character device"));
  EXPECT_THAT(result.output, HasSubstr("1 bad fixture file(s)"));
}

TEST_F(FixturesCliTest, LsOfAMissingDirectoryExitsTwo) {
  const auto result = automock("fixtures ls " + quoted(dir_ / "none"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("does not exist"));
  EXPECT_THAT(result.output, Not(HasSubstr("METHOD")));
}

}  // namespace
}  // namespace automock
