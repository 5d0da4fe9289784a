#include "pipeline/history.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using namespace pipeline;

RunRecord sample_record() {
  RunRecord record;
  record.started_at = *parse_utc("2026-11-26T10:44:15Z");
  record.commit = "0123456789abcdef0123456789abcdef01234567";
  record.pipeline = "pipeline.json";
  record.result = RunResult::failed;
  record.duration = std::chrono::milliseconds{1234};
  record.stages = {
      {"build", StageKind::run, StageResult::passed, std::chrono::milliseconds{200}},
      {"deploy", StageKind::deploy, StageResult::failed, std::chrono::milliseconds{1000}},
      {"smoke", StageKind::run, StageResult::skipped, std::chrono::milliseconds{0}}};
  record.deployed = {"a", "b"};
  record.rolled_back = {"b", "a"};
  return record;
}

TEST(HistoryTest, LineRoundTripsEveryField) {
  const auto record = sample_record();
  const auto line = to_json_line(record);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto back = parse_history_line(line, "h:1");
  EXPECT_EQ(back.started_at, record.started_at);
  EXPECT_EQ(back.commit, record.commit);
  EXPECT_EQ(back.result, RunResult::failed);
  EXPECT_EQ(back.duration, record.duration);
  ASSERT_EQ(back.stages.size(), 3u);
  EXPECT_EQ(back.stages[1].kind, StageKind::deploy);
  EXPECT_EQ(back.stages[1].result, StageResult::failed);
  EXPECT_EQ(back.stages[1].duration.count(), 1000);
  EXPECT_EQ(back.deployed, record.deployed);
  EXPECT_EQ(back.rolled_back, record.rolled_back);
}

TEST(HistoryTest, LineStartsWithVersionAndHasNullCommitOutsideGit) {
  auto record = sample_record();
  record.commit.reset();
  const auto line = to_json_line(record);
  EXPECT_TRUE(
      line.starts_with(R"({"version":1,"started_at":"2026-11-26T10:44:15Z","commit":null,)"))
      << line;
}

TEST(HistoryTest, MissingFileIsAnEmptyHistory) {
  EXPECT_TRUE(read_history("/nonexistent/automock/history.jsonl").empty());
}

TEST(HistoryTest, MalformedLineNamesFileAndLine) {
  TempDir dir;
  write_file(dir / "h.jsonl", to_json_line(sample_record()) + "\n{\"version\": 1}\n");
  try {
    read_history(dir / "h.jsonl");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string{error.what()}.find("h.jsonl:2"), std::string::npos) << error.what();
  }
}

TEST(HistoryTest, UtcTimesParseOnlyTheIsoForm) {
  EXPECT_EQ(format_utc(*parse_utc("2026-01-02T03:04:05.250Z")), "2026-01-02T03:04:05Z");
  EXPECT_FALSE(parse_utc("2026-01-02 03:04:05").has_value());
  EXPECT_FALSE(parse_utc("2026-01-02T03:04:05+01:00").has_value());
}

TEST(HistoryTest, ImpossibleDatesAndTimesAreRejectedNotNormalised) {
  EXPECT_FALSE(parse_utc("2026-02-30T10:00:00Z").has_value());
  EXPECT_FALSE(parse_utc("2026-13-01T10:00:00Z").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01T24:00:00Z").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01T10:00:00.Z").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01T10:00:00.5x").has_value());
  EXPECT_TRUE(parse_utc("2024-02-29T10:00:00.999Z").has_value()) << "a leap day";
}

TEST(HistoryTest, ConcurrentProcessesAppendWholeLines) {
  constexpr int k_processes = 8;
  constexpr int k_appends = 20;
  TempDir dir;
  const auto file = dir / "deep/dir/history.jsonl";
  std::vector<pid_t> children;
  for (int process = 0; process < k_processes; ++process) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto record = sample_record();
      for (int i = 0; i < k_appends; ++i) {
        // Long lines make a torn or interleaved write visible.
        record.pipeline = std::to_string(process) + ":" + std::to_string(i) + ":" +
                          std::string(8000, static_cast<char>('a' + process));
        append_history(file, record);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const auto lines = read_lines(file);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(k_processes * k_appends));
  std::set<std::string> seen;
  for (const auto& line : lines) {
    const auto record = parse_history_line(line, "history");
    seen.insert(record.pipeline.substr(0, record.pipeline.find(':', 2)));
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(k_processes * k_appends));
}

}  // namespace
}  // namespace automock::test
