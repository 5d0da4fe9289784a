// Drives the built `automock` binary: exit codes and real signals.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "pipeline/history.hpp"
#include "pipeline/support.hpp"

extern char** environ;

namespace automock::test {
namespace {

const std::string k_automock = AUTOMOCK_BINARY_DIR "/src/cli/automock";

// Starts automock with `args`, stdout and stderr to `log`.
pid_t spawn_automock(const std::vector<std::string>& args, const std::filesystem::path& log) {
  std::vector<std::string> argv_strings{k_automock};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, k_automock.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_automock(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = spawn_automock(args, log);
  return pid < 0 ? -1 : wait_exit_code(pid);
}

TEST(RunCliTest, MalformedPipelineExitsTwoAndNamesTheJsonPath) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a"],
    "run": "true", "batch_size": "two"}}]})");
  EXPECT_EQ(run_automock({"run", (dir / "pipeline.json").string()}, dir / "log"), 2);
  EXPECT_NE(read_file(dir / "log").find("/stages/0/deploy/batch_size"), std::string::npos)
      << read_file(dir / "log");
}

TEST(RunCliTest, AnEmptyDrainCommandExitsTwoNamingTheField) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "deploy", "deploy": {"targets": ["a"],
    "run": "true", "drain": ""}}]})");
  EXPECT_EQ(run_automock({"run", (dir / "pipeline.json").string()}, dir / "log"), 2);
  EXPECT_NE(read_file(dir / "log").find("/stages/0/deploy/drain: expected a non-empty string"),
            std::string::npos)
      << read_file(dir / "log");
}

TEST(RunCliTest, FailingStageExitsOneAndRecordsHistory) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "test", "run": "exit 4"}]})");
  EXPECT_EQ(run_automock(
                {"run", (dir / "pipeline.json").string(), "--history", (dir / "h.jsonl").string()},
                dir / "log"),
            1);
  const auto history = pipeline::read_history(dir / "h.jsonl");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].result, pipeline::RunResult::failed);
}

TEST(RunCliTest, SigintKillsTheRunningStageGroupAndExits130) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "long", "timeout_s": 20,
    "run": "sleep 60 & echo $! > child.pid; wait"}]})");
  const pid_t runner = spawn_automock({"run", (dir / "pipeline.json").string(), "--history",
                                       (dir / "h.jsonl").string(), "--kill-grace-ms", "300"},
                                      dir / "log");
  ASSERT_GT(runner, 0);
  ASSERT_TRUE(wait_for_line(dir / "child.pid")) << read_file(dir / "log");
  ::kill(runner, SIGINT);
  EXPECT_EQ(wait_exit_code(runner), 130) << read_file(dir / "log");
  EXPECT_TRUE(process_gone(read_pid(dir / "child.pid")));
  const auto history = pipeline::read_history(dir / "h.jsonl");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].result, pipeline::RunResult::interrupted);
}

TEST(RunCliTest, ATimedOutStagesSetsidChildIsGoneWhenRunReturns) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "hang", "timeout_s": 1,
    "run": "setsid sleep 300 & echo $! > child.pid; (setsid sh -c 'echo $$ > orphan.pid; exec sleep 300' &); wait"}]})");
  EXPECT_EQ(run_automock(
                {"run", (dir / "pipeline.json").string(), "--no-history", "--kill-grace-ms", "300"},
                dir / "log"),
            1)
      << read_file(dir / "log");
  EXPECT_TRUE(process_gone(read_pid(dir / "child.pid")));
  EXPECT_TRUE(process_gone(read_pid(dir / "orphan.pid")));
}

TEST(RunCliTest, SigtermKillsTheStagesOrphansBeforeRunExits) {
  TempDir dir;
  write_file(dir / "pipeline.json", R"({"stages": [{"name": "long", "timeout_s": 20,
    "run": "(setsid sh -c 'echo $$ > orphan.pid; exec sleep 300' &); sleep 60"}]})");
  const pid_t runner = spawn_automock(
      {"run", (dir / "pipeline.json").string(), "--no-history", "--kill-grace-ms", "300"},
      dir / "log");
  ASSERT_GT(runner, 0);
  ASSERT_TRUE(wait_for_line(dir / "orphan.pid")) << read_file(dir / "log");
  ::kill(runner, SIGTERM);
  EXPECT_EQ(wait_exit_code(runner), 130) << read_file(dir / "log");
  EXPECT_TRUE(process_gone(read_pid(dir / "orphan.pid")));
}

TEST(StatsCliTest, PrintsJsonFiguresForAGivenNow) {
  TempDir dir;
  pipeline::RunRecord record;
  record.started_at = *pipeline::parse_utc("2026-11-20T10:00:00Z");
  record.duration = std::chrono::milliseconds{4200};
  record.stages = {{"deploy", pipeline::StageKind::deploy, pipeline::StageResult::passed}};
  pipeline::append_history(dir / "h.jsonl", record);
  EXPECT_EQ(run_automock({"stats", "--history", (dir / "h.jsonl").string(), "--output", "json",
                          "--now", "2026-11-26T00:00:00Z", "--days", "7"},
                         dir / "out.json"),
            0);
  const auto json = nlohmann::json::parse(read_file(dir / "out.json"));
  EXPECT_EQ(json["good_deploys"], 1);
  EXPECT_DOUBLE_EQ(json["deploys_per_week"].get<double>(), 1.0);
  EXPECT_EQ(json["duration_ms"]["median"], 4200);
}

TEST(StatsCliTest, BadNowExitsTwo) {
  TempDir dir;
  EXPECT_EQ(run_automock({"stats", "--history", (dir / "h.jsonl").string(), "--now", "yesterday"},
                         dir / "log"),
            2);
}

}  // namespace
}  // namespace automock::test
