// `automock sweep`'s engine against a stand-in GoogleTest binary (a shell
// script that lists tests like one and reacts to AUTOMOCK_FAULTS as four
// kinds of client would: surfacing the error, swallowing it, hanging,
// crashing), with real cassettes and real processes.
#include "pipeline/sweep.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "pipeline/support.hpp"
#include "support/fixture_writer.hpp"

namespace automock::pipeline {
namespace {

namespace fs = std::filesystem;

// Lists Client.{Lists,Creates,Broken} and Other.NoCassette (a --gtest_filter
// of exact names, ':'-separated, picks some); logs each run's
// filter, mode and rule to $SWEEP_LOG; then reacts to the rule's fault.
constexpr const char* k_fake_gtest = R"(#!/bin/sh
if [ "$1" = --gtest_list_tests ]; then
  filter=":${2#--gtest_filter=}:"
  for suite in Client Other; do
    echo "$suite."
    [ $suite = Client ] && tests="Lists Creates Broken" || tests=NoCassette
    for test in $tests; do
      case "$2:$filter" in
        :*|*":$suite.$test:"*) [ $test = Creates ] && echo "  $test  # GetParam() = 1" || echo "  $test" ;;
      esac
    done
  done
  exit 0
fi
echo "$1 $AUTOMOCK_MODE ${AUTOMOCK_FAULTS:-none}" >>"$SWEEP_LOG"
[ "$1" = --gtest_filter=Client.Broken ] && { echo "Broken fails as recorded"; exit 1; }
case "${AUTOMOCK_FAULTS:-}" in
  "") exit 0 ;;
  *'"status":503'*) echo "error: 503 surfaced"; exit 1 ;;
  *'"no_answer"'*) sleep 30 ;;
  *'"truncate"'*) echo "about to crash"; kill -SEGV $$ ;;
  *'"reset"'*) exit 0 ;;
  *) echo "unknown rule"; exit 1 ;;
esac
)";

class SweepTest : public ::testing::Test {
 protected:
  SweepTest() {
    const auto t0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 26};
    // Recorded /z first, then /a: recorded order is not file-name order.
    write("Lists", "/z", t0);
    write("Lists", "/a", t0 + std::chrono::seconds{1});
    write("Creates", "/c", t0);
    write("Broken", "/b", t0);
    test::write_file(binary(), k_fake_gtest);
    fs::permissions(binary(), fs::perms::owner_all);
    ::setenv("SWEEP_LOG", log().c_str(), 1);
  }
  ~SweepTest() override { ::unsetenv("SWEEP_LOG"); }

  void write(const std::string& test, const std::string& path,
             std::chrono::system_clock::time_point at) {
    const auto file = test::write_fixture(fixtures() / "Client" / test,
                                          test::FixtureSpec{.request = Request{"GET", path, {}, ""},
                                                            .response = test::json_response("{}"),
                                                            .recorded_at = at});
    names_[path] = file.filename().string();
    keys_[path] = parse_fixture(test::read_file(file), file.string()).key;
  }

  SweepOptions options() const {
    return SweepOptions{.command = {binary().string()},
                        .fixtures = fixtures(),
                        .deadline = std::chrono::milliseconds{400}};
  }
  fs::path fixtures() const { return dir_.path() / "fixtures"; }
  fs::path binary() const { return dir_.path() / "fake gtest"; }
  fs::path log() const { return dir_.path() / "log"; }

  test::TempDir dir_;
  std::map<std::string, std::string> names_;  // request path: fixture file name
  std::map<std::string, std::string> keys_;   // request path: its key
};

TEST_F(SweepTest, EachExchangeMeetsEachFaultInRecordedOrderAndGetsItsVerdict) {
  std::vector<std::string> seen;
  const auto report = run_sweep(
      options(), [&](const SweepRun& run) { seen.push_back(*run.fixture); }, nullptr);
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> runs;
  for (const auto& run : report.runs) {
    runs.emplace_back(run.test, *run.fixture, std::string{to_string(*run.fault)},
                      std::string{to_string(run.verdict)});
  }
  using Run = std::tuple<std::string, std::string, std::string, std::string>;
  const std::vector<Run> expected{
      {"Client.Lists", names_["/z"], "503", "failed"},
      {"Client.Lists", names_["/z"], "reset", "passed"},
      {"Client.Lists", names_["/z"], "timeout", "hung"},
      {"Client.Lists", names_["/z"], "truncated", "crashed"},
      {"Client.Lists", names_["/a"], "503", "failed"},
      {"Client.Lists", names_["/a"], "reset", "passed"},
      {"Client.Lists", names_["/a"], "timeout", "hung"},
      {"Client.Lists", names_["/a"], "truncated", "crashed"},
      {"Client.Creates", names_["/c"], "503", "failed"},
      {"Client.Creates", names_["/c"], "reset", "passed"},
      {"Client.Creates", names_["/c"], "timeout", "hung"},
      {"Client.Creates", names_["/c"], "truncated", "crashed"},
  };
  EXPECT_EQ(runs, expected);
  EXPECT_EQ(seen.size(), expected.size()) << "progress sees every run";
  ASSERT_EQ(report.failed_baselines.size(), 1u);
  EXPECT_EQ(report.failed_baselines[0].test, "Client.Broken");
  EXPECT_NE(report.failed_baselines[0].output_tail.find("Broken fails as recorded"),
            std::string::npos);
  EXPECT_EQ(report.without_cassette, std::vector<std::string>{"Other.NoCassette"});
  EXPECT_NE(report.runs[3].output_tail.find("about to crash"), std::string::npos);
  EXPECT_FALSE(report.ok());
}

TEST_F(SweepTest, EachRunReplaysOneTestWithOneRuleForOneFixture) {
  auto chosen = options();
  chosen.faults = {SweepFault::status_503};
  chosen.filter = "Client.Creates";
  run_sweep(chosen, nullptr, nullptr);
  const auto lines = test::read_lines(log());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "--gtest_filter=Client.Creates replay none") << "the baseline";
  EXPECT_EQ(lines[1], "--gtest_filter=Client.Creates replay " +
                          sweep_fault_rule(keys_["/c"], 0, SweepFault::status_503));
  const auto rule = nlohmann::json::parse(sweep_fault_rule(keys_["/c"], 0, SweepFault::status_503));
  EXPECT_EQ(rule[0]["key"], keys_["/c"]);
  EXPECT_EQ(rule[0]["call"], 1) << "the exchange of sequence 0 answers the first call";
  EXPECT_EQ(rule[0]["fault"], "status");
  EXPECT_EQ(rule[0]["status"], 503);
}

TEST_F(SweepTest, OnlyFailedAndPassedVerdictsPassTheSweep) {
  auto chosen = options();
  chosen.faults = {SweepFault::status_503, SweepFault::reset};
  chosen.filter = "Client.Lists:Client.Creates";
  EXPECT_TRUE(run_sweep(chosen, nullptr, nullptr).ok());
}

TEST_F(SweepTest, ABinaryThatListsNoTestsIsBadInput) {
  test::write_file(binary(), "#!/bin/sh\nexit 3\n");
  try {
    run_sweep(options(), nullptr, nullptr);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string{error.what()}.find("did not list tests (exit 3)"), std::string::npos)
        << error.what();
  }
}

TEST_F(SweepTest, ReportsNameEachRunInEveryFormat) {
  auto chosen = options();
  chosen.faults = {SweepFault::timeout, SweepFault::reset};
  chosen.filter = "Client.Creates:Client.Broken";
  const auto report = run_sweep(chosen, nullptr, nullptr);

  const auto text = format_sweep(report, SweepFormat::text);
  EXPECT_NE(text.find("hung     timeout   Client.Creates  " + names_["/c"]), std::string::npos)
      << text;
  EXPECT_NE(text.find("baseline failed (exit 1), not swept: Client.Broken"), std::string::npos);
  EXPECT_NE(text.find("2 faulted runs: 0 failed, 1 passed, 1 hung, 0 crashed"), std::string::npos);
  EXPECT_NE(text.find("sweep: failed"), std::string::npos);

  const auto json = nlohmann::json::parse(format_sweep(report, SweepFormat::json));
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["runs"][0]["verdict"], "hung");
  EXPECT_EQ(json["runs"][0]["fixture"], names_["/c"]);
  EXPECT_EQ(json["failed_baselines"][0]["test"], "Client.Broken");

  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_string(format_sweep(report, SweepFormat::junit).c_str()));
  const auto suite = junit.child("testsuites").child("testsuite");
  EXPECT_STREQ(suite.attribute("failures").value(), "1");
  EXPECT_STREQ(suite.attribute("errors").value(), "1");
  EXPECT_STREQ(
      suite.find_child_by_attribute("testcase", "name", (names_["/c"] + " timeout").c_str())
          .child("failure")
          .attribute("message")
          .value(),
      "hung");

  const auto markdown = format_sweep(report, SweepFormat::markdown);
  EXPECT_NE(markdown.find("| **hung** | `Client.Creates` | `" + names_["/c"] + "` | timeout |"),
            std::string::npos)
      << markdown;
}

}  // namespace
}  // namespace automock::pipeline
