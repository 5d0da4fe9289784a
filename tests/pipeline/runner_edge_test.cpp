// Documented runner promises that the main runner tests leave out: failed
// rollbacks, interrupts while a health check waits, stages killed by a
// signal, the summary table, the JUnit output tail, quoting of coverage
// arguments and the commit of a git checkout.
#include <gtest/gtest.h>

#include <thread>

#include "pipeline/runner.hpp"
#include "pipeline/runner_fixture.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using pipeline::StageResult;
using Targets = std::vector<std::string>;

TEST_F(RunnerTest, AFailedRollbackIsReportedAndTheOthersStillRun) {
  const auto record = run(R"({"stages": [{"name": "deploy", "deploy": {
    "targets": ["a", "b", "c"], "run": "test {target} != c",
    "rollback": "echo rollback {target} >> order.log; test {target} != b"}}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(read_lines(path("order.log")), (Targets{"rollback c", "rollback b", "rollback a"}));
  EXPECT_EQ(record.rolled_back, (Targets{"c", "a"}));
  EXPECT_NE(output().find("[deploy] rollback of b failed (exit code 1)"), std::string::npos)
      << output();
  EXPECT_TRUE(record.failed_change());
}

TEST_F(RunnerTest, AnInterruptWhileAHealthCheckWaitsToRetryStopsAtOnceWithoutRollback) {
  pipeline::Interrupt interrupt;
  options_.interrupt = &interrupt;
  std::thread stopper([&] {
    if (wait_for_line(path("health.log"))) interrupt.request();
  });
  const auto start = std::chrono::steady_clock::now();
  const auto record = run(R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a"],
    "run": "true", "rollback": "echo rollback >> order.log",
    "health": {"run": "echo checked >> health.log; false", "retries": 3,
               "retry_delay_ms": 20000}}}]})");
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{10});
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(record.stages[0].result, StageResult::interrupted);
  EXPECT_EQ(read_lines(path("health.log")).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(path("order.log")));
}

TEST_F(RunnerTest, AStageKilledByASignalFailsWithTheShellsExitCode) {
  const auto record = run(R"({"stages": [{"name": "crash", "run": "kill -9 $$"},
                                          {"name": "after", "run": "true"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(record.stages[0].result, StageResult::failed);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
  EXPECT_NE(output().find("[crash] exit code 137"), std::string::npos) << output();
}

TEST_F(RunnerTest, TheSummaryTableHasOneAlignedRowPerStageAndOneForThePipeline) {
  run(R"({"stages": [{"name": "a-rather-long-stage-name", "run": "true"},
                     {"name": "test", "run": "false"}, {"name": "deploy", "run": "true"}]})");
  const auto text = output();
  const auto table = text.substr(text.rfind("\nstage "));
  std::istringstream lines{table.substr(1)};
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 5u) << table;
  EXPECT_TRUE(rows[1].starts_with("a-rather-long-stage-name  passed ")) << rows[1];
  EXPECT_TRUE(rows[2].starts_with("test                      failed ")) << rows[2];
  EXPECT_EQ(rows[3], "deploy                    skipped             -") << rows[3];
  EXPECT_TRUE(rows[4].starts_with("pipeline                  failed ")) << rows[4];
  EXPECT_TRUE(rows[4].ends_with(" s")) << rows[4];
  EXPECT_EQ(rows[0].find("result"), rows[1].find("passed"));
}

TEST_F(RunnerTest, TheJunitFailureHoldsTheLastHundredLinesOfTheStage) {
  options_.junit = path("junit.xml");
  run(R"({"stages": [{"name": "noisy", "run": "seq 1 150; false"}]})");
  const auto xml = read_file(path("junit.xml"));
  EXPECT_EQ(xml.find(">50\n"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("\n50\n"), std::string::npos);
  EXPECT_NE(xml.find("\n150\n"), std::string::npos);
  EXPECT_NE(xml.find("exit code 1\n"), std::string::npos);
}

TEST_F(RunnerTest, CoverageArgumentsWithQuotesAndSpacesReachTheGateIntact) {
  write_file(path("fake-automock"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > args\n");
  std::filesystem::permissions(path("fake-automock"), std::filesystem::perms::owner_all);
  options_.automock_exe = path("fake-automock");
  const auto record = run(R"({"stages": [{"name": "gate", "coverage": {
    "config": "it's.json", "reports": ["$HOME.info", "a;b.info", "`x`.info"]}}]})");
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(read_file(path("args")),
            "coverage\n--config\nit's.json\n$HOME.info\na;b.info\n`x`.info\n");
}

TEST_F(RunnerTest, TheCommitOfTheGitCheckoutHoldingThePipelineIsRecorded) {
  const std::string git = "git -C '" + dir_.path().string() + "' -c user.name=t -c user.email=t@t ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "commit -q --allow-empty -m init").c_str()),
            0);
  options_.history = path("history.jsonl");
  const auto record = run(R"({"stages": [{"name": "a", "run": "git rev-parse HEAD > head"}]})");
  ASSERT_TRUE(record.commit.has_value());
  EXPECT_EQ(*record.commit + "\n", read_file(path("head")));
  EXPECT_EQ(pipeline::read_history(path("history.jsonl"))[0].commit, record.commit);
}

TEST_F(RunnerTest, StagesAfterAnInterruptRequestedBeforeTheRunAreInterruptedNotRun) {
  pipeline::Interrupt interrupt;
  interrupt.request();
  options_.interrupt = &interrupt;
  const auto record = run(R"({"stages": [{"name": "a", "run": "touch ran"},
                                          {"name": "b", "run": "true"}]})");
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(record.stages[0].result, StageResult::interrupted);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
  EXPECT_FALSE(std::filesystem::exists(path("ran")));
}

TEST(StageContextTest, EveryTargetPlaceholderIsReplacedVerbatim) {
  using pipeline::substitute_target;
  EXPECT_EQ(substitute_target("./deploy.sh {target} --health http://{target}/h", "10.0.0.1:80"),
            "./deploy.sh 10.0.0.1:80 --health http://10.0.0.1:80/h");
  EXPECT_EQ(substitute_target("no placeholder", "x"), "no placeholder");
  EXPECT_EQ(substitute_target("{target", "x"), "{target");
  EXPECT_EQ(substitute_target("{target}{target}", "$(rm)"), "$(rm)$(rm)");
  EXPECT_EQ(substitute_target("{target}", "{target}"), "{target}");
}

TEST(StageContextTest, TheOutputTailKeepsTheLastHundredLines) {
  pipeline::OutputTail tail;
  for (int i = 1; i <= 250; ++i) tail.add(std::to_string(i));
  const auto text = tail.text();
  EXPECT_TRUE(text.starts_with("151\n152\n")) << text.substr(0, 20);
  EXPECT_TRUE(text.ends_with("249\n250\n"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100);
}

TEST(StageContextTest, SecondsBecomeRoundedMillisecondsAndHugeLimitsAreClamped) {
  using pipeline::seconds_to_ms;
  EXPECT_EQ(seconds_to_ms(1.5), std::chrono::milliseconds{1500});
  EXPECT_EQ(seconds_to_ms(0.0004), std::chrono::milliseconds{0});
  EXPECT_EQ(seconds_to_ms(0.0006), std::chrono::milliseconds{1});
  EXPECT_EQ(seconds_to_ms(1e300), seconds_to_ms(pipeline::k_max_limit_seconds));
}

TEST(StageContextTest, APauseWithoutAnInterruptWaitsAndReportsNoInterrupt) {
  pipeline::StageContext context;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(context.pause(std::chrono::milliseconds{20}));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{20});
  EXPECT_FALSE(context.interrupted());
}

}  // namespace
}  // namespace automock::test
