#include "pipeline/runner.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <thread>

#include "pipeline/runner_fixture.hpp"
#include "support/scoped_env.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using pipeline::StageResult;
using Targets = std::vector<std::string>;
using namespace std::chrono_literals;

TEST_F(RunnerTest, AllStagesPassingPassTheRunAndStreamPrefixedOutput) {
  const auto record = run(R"({"stages": [
    {"name": "build", "run": "echo compiling; echo warning >&2"},
    {"name": "test", "run": "printf 'one\ntwo'"}]})");
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_NE(output().find("[build] compiling\n"), std::string::npos);
  EXPECT_NE(output().find("[build] warning\n"), std::string::npos);
  EXPECT_NE(output().find("[test] one\n[test] two\n"), std::string::npos);
  EXPECT_NE(output().find("pipeline  passed"), std::string::npos);
}

TEST_F(RunnerTest, FirstFailingStageStopsAndFailsThePipeline) {
  const auto record = run(R"({"stages": [
    {"name": "build", "run": "true"},
    {"name": "test", "run": "exit 3"},
    {"name": "deploy", "run": "touch deployed"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  ASSERT_EQ(record.stages.size(), 3u);
  EXPECT_EQ(record.stages[0].result, StageResult::passed);
  EXPECT_EQ(record.stages[1].result, StageResult::failed);
  EXPECT_EQ(record.stages[2].result, StageResult::skipped);
  EXPECT_FALSE(std::filesystem::exists(path("deployed")));
  EXPECT_NE(output().find("[test] exit code 3"), std::string::npos);
}

TEST_F(RunnerTest, AStageKilledByASignalFailsWithTheShellsExitCode) {
  const auto record = run(R"({"stages": [{"name": "crash", "run": "kill -9 $$"},
                                          {"name": "after", "run": "true"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(record.stages[0].result, StageResult::failed);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
  EXPECT_NE(output().find("[crash] exit code 137"), std::string::npos) << output();
}

// Time limits and interrupts.

TEST_F(RunnerTest, TimeoutKillsTheWholeProcessGroup) {
  const auto start = std::chrono::steady_clock::now();
  const auto record = run(R"({"stages": [{"name": "hang", "timeout_s": 1,
    "run": "sleep 60 & echo $! > child.pid; echo $$ > shell.pid; wait"}]})");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(record.stages[0].result, StageResult::timed_out);
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_TRUE(process_gone(read_pid(path("child.pid"))));
  EXPECT_TRUE(process_gone(read_pid(path("shell.pid"))));
}

TEST_F(RunnerTest, TimeoutEscalatesToSigkillWhenSigtermIsIgnored) {
  const auto record = run(R"({"stages": [{"name": "stubborn", "timeout_s": 1,
    "run": "trap '' TERM; sleep 60 & echo $! > child.pid; wait"}]})");
  EXPECT_EQ(record.stages[0].result, StageResult::timed_out);
  EXPECT_TRUE(process_gone(read_pid(path("child.pid"))));
}

TEST_F(RunnerTest, TimeoutKillsAndReapsAChildThatLeftTheProcessGroup) {
  expect_timeout_reaps(R"("setsid sleep 300 & echo $! > child.pid; wait")", "child.pid");
}

TEST_F(RunnerTest, TimeoutKillsAnOrphanThatADoubleForkReparentedToTheRunner) {
  expect_timeout_reaps(R"("(setsid sh -c 'echo $$ > orphan.pid; exec sleep 300' &); sleep 60")",
                       "orphan.pid");
}

TEST_F(RunnerTest, TimeoutKillsTheDescendantsOfAnOrphanThatIgnoresSigterm) {
  expect_timeout_reaps(
      R"("setsid sh -c 'trap \"\" TERM; sleep 300 & echo $! > grandchild.pid; wait' & wait")",
      "grandchild.pid");
}

TEST_F(RunnerTest, ATimedOutStageLeavesTheCallersOtherChildrenRunning) {
  const pid_t bystander = ::fork();
  ASSERT_GE(bystander, 0);
  if (bystander == 0) {
    ::execl("/bin/sleep", "sleep", "300", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto record = run(R"({"stages": [{"name": "hang", "timeout_s": 1, "run": "sleep 60"}]})");
  EXPECT_EQ(record.stages[0].result, StageResult::timed_out);
  EXPECT_EQ(::kill(bystander, 0), 0);
  ::kill(bystander, SIGKILL);
  ::waitpid(bystander, nullptr, 0);
}

TEST_F(RunnerTest, ATimeoutSparesADaemonThatAnEarlierStageLeftRunning) {
  const auto record = run(R"({"stages": [
    {"name": "start", "run": "(setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' &); true"},
    {"name": "hang", "timeout_s": 1, "run": "sleep 60"}]})");
  EXPECT_EQ(record.stages[1].result, StageResult::timed_out);
  ASSERT_TRUE(wait_for_line(path("daemon.pid")));
  const pid_t daemon = read_pid(path("daemon.pid"));
  EXPECT_FALSE(process_gone(daemon));
  ::kill(daemon, SIGKILL);
  ::waitpid(daemon, nullptr, 0);
}

TEST_F(RunnerTest, InterruptKillsTheRunningStageAndRecordsTheRunAsInterrupted) {
  pipeline::Interrupt interrupt;
  options_.interrupt = &interrupt;
  options_.history = path("history.jsonl");
  std::thread stopper([&] {
    if (wait_for_line(path("child.pid")) && wait_for_line(path("orphan.pid"))) interrupt.request();
  });
  const auto record = run(R"({"stages": [
    {"name": "long", "timeout_s": 20,
     "run": "(setsid sh -c 'echo $$ > orphan.pid; exec sleep 300' &); sleep 60 & echo $! > child.pid; wait"},
    {"name": "after", "run": "touch after"}]})");
  stopper.join();
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(record.stages[0].result, StageResult::interrupted);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
  EXPECT_FALSE(std::filesystem::exists(path("after")));
  EXPECT_TRUE(process_gone(read_pid(path("child.pid"))));
  EXPECT_TRUE(process_reaped(read_pid(path("orphan.pid"))));
  const auto history = pipeline::read_history(path("history.jsonl"));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].result, RunResult::interrupted);
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

// Rollback.

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

// The stage's environment, directory and children.

TEST_F(RunnerTest, ReplayModeIsForcedEvenWhenTheRunnerHasAnotherMode) {
  const ScopedEnv mode("AUTOMOCK_MODE", "record");
  run(R"({"stages": [{"name": "test", "run": "echo mode=$AUTOMOCK_MODE"}]})");
  EXPECT_NE(output().find("[test] mode=replay\n"), std::string::npos);
}

TEST_F(RunnerTest, StageEnvMayOverrideTheMode) {
  run(R"({"env": {"SHARED": "yes"}, "stages": [{"name": "record", "env": {"AUTOMOCK_MODE": "once"},
          "run": "echo mode=$AUTOMOCK_MODE shared=$SHARED"}]})");
  EXPECT_NE(output().find("[record] mode=once shared=yes\n"), std::string::npos);
}

TEST_F(RunnerTest, StagesRunInTheirDirectoryRelativeToThePipelineFile) {
  std::filesystem::create_directories(path("sub"));
  run(R"({"stages": [{"name": "a", "run": "pwd > here"}, {"name": "b", "cwd": "sub", "run": "pwd > here"}]})");
  EXPECT_EQ(read_file(path("here")), std::filesystem::canonical(dir_.path()).string() + "\n");
  EXPECT_EQ(read_file(path("sub/here")), std::filesystem::canonical(path("sub")).string() + "\n");
}

TEST_F(RunnerTest, BackgroundChildHoldingTheOutputDoesNotDelayTheStage) {
  const auto start = std::chrono::steady_clock::now();
  const auto record = run(R"({"stages": [{"name": "daemon",
    "run": "sleep 30 & echo $! > child.pid; echo started"}]})");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_NE(output().find("[daemon] started"), std::string::npos);
  ::kill(read_pid(path("child.pid")), SIGKILL);
}

// Coverage stages.

TEST_F(RunnerTest, CoverageStageRunsTheAutomockExecutableWithItsArguments) {
  write_file(path("fake-automock"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > args\necho gate ok\n");
  std::filesystem::permissions(path("fake-automock"), std::filesystem::perms::owner_all);
  options_.automock_exe = path("fake-automock");
  const auto record = run(R"({"stages": [{"name": "gate", "coverage": {
    "config": "coverage.json", "reports": ["shard 1.info", "shard2.info"], "output": "json"}}]})");
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(record.stages[0].kind, pipeline::StageKind::coverage);
  EXPECT_EQ(read_file(path("args")),
            "coverage\n--config\ncoverage.json\n--output\njson\nshard 1.info\nshard2.info\n");
  EXPECT_NE(output().find("[gate] gate ok"), std::string::npos);
}

TEST_F(RunnerTest, CoverageStageWithoutAutomockExecutableIsRejectedBeforeRunning) {
  EXPECT_THROW(run(R"({"stages": [{"name": "build", "run": "touch built"},
    {"name": "gate", "coverage": {"config": "c.json", "reports": ["a.info"]}}]})"),
               InputError);
  EXPECT_FALSE(std::filesystem::exists(path("built")));
}

TEST_F(RunnerTest, FailingCoverageGateFailsThePipeline) {
  write_file(path("fake-automock"), "#!/bin/sh\nexit 1\n");
  std::filesystem::permissions(path("fake-automock"), std::filesystem::perms::owner_all);
  options_.automock_exe = path("fake-automock");
  const auto record = run(R"({"stages": [{"name": "gate", "coverage": {
    "config": "coverage.json", "reports": ["a.info"]}}, {"name": "deploy", "run": "true"}]})");
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(record.stages[1].result, StageResult::skipped);
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

// Reports: the summary table, the history and JUnit.

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

TEST_F(RunnerTest, HistoryRecordsTheInjectedStartTimeStagesAndNoCommitOutsideGit) {
  options_.history = path(".automock/history.jsonl");
  options_.now = [] { return *pipeline::parse_utc("2026-11-26T10:44:15Z"); };
  run(R"({"stages": [{"name": "a", "run": "true"}, {"name": "b", "run": "false"}]})");
  const auto lines = read_lines(path(".automock/history.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  const auto record = pipeline::parse_history_line(lines[0], "history");
  EXPECT_EQ(pipeline::format_utc(record.started_at), "2026-11-26T10:44:15Z");
  EXPECT_FALSE(record.commit.has_value());
  EXPECT_EQ(record.result, RunResult::failed);
  ASSERT_EQ(record.stages.size(), 2u);
  EXPECT_EQ(record.stages[1].name, "b");
  EXPECT_EQ(record.stages[1].result, StageResult::failed);
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

TEST_F(RunnerTest, JunitReportHasOneTestcasePerStageWithTheFailureOutput) {
  options_.junit = path("reports/junit.xml");
  run(R"({"stages": [{"name": "build", "run": "true"},
                     {"name": "test & check", "run": "echo 'expected <1> got 2'; false"},
                     {"name": "deploy", "run": "true"}]})");
  const auto xml = read_file(path("reports/junit.xml"));
  EXPECT_NE(xml.find(R"(tests="3" failures="1" errors="0" skipped="1")"), std::string::npos);
  EXPECT_NE(xml.find(R"(name="build")"), std::string::npos);
  EXPECT_NE(xml.find(R"(name="test &amp; check")"), std::string::npos);
  EXPECT_NE(xml.find(R"(<failure message="failed">)"), std::string::npos) << xml;
  EXPECT_NE(xml.find("expected &lt;1&gt; got 2\n"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped/>"), std::string::npos);
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

}  // namespace
}  // namespace automock::test
