// The run history as docs/pipeline.md specifies it: the line format and its
// key order, the errors a damaged or foreign line gives, reading and
// appending the file, and what makes a failed change.
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
using std::chrono::milliseconds;

RunRecord sample_record() {
  RunRecord record;
  record.started_at = *parse_utc("2026-11-26T10:44:15Z");
  record.commit = "0123456789abcdef0123456789abcdef01234567";
  record.committed_at = *parse_utc("2026-11-26T09:30:00Z");
  record.pipeline = "pipeline.json";
  record.result = RunResult::failed;
  record.duration = milliseconds{1234};
  record.stages = {{"build", StageKind::run, StageResult::passed, milliseconds{200}},
                   {"deploy", StageKind::deploy, StageResult::failed, milliseconds{1000}},
                   {"smoke", StageKind::run, StageResult::skipped, milliseconds{0}}};
  record.deployed = {"a", "b"};
  record.rolled_back = {"b", "a"};
  record.drained = {"a", "b"};
  record.restored = {"a", "b", "a"};
  return record;
}

const std::string k_good_line =
    R"({"version":1,"started_at":"2026-11-26T10:44:15Z","commit":null,"committed_at":null,)"
    R"("pipeline":"p.json",)"
    R"("result":"passed","duration_ms":5,"stages":[{"name":"a","kind":"run","result":"passed",)"
    R"("duration_ms":5}],"deployed":[],"rolled_back":[],"drained":[],"restored":[]})";

// `k_good_line` with `from` replaced by `to`.
std::string good_line_with(const std::string& from, const std::string& to) {
  std::string line = k_good_line;
  const auto at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return line.replace(at, from.size(), to);
}

std::string parse_error(const std::string& line) {
  try {
    parse_history_line(line, "h.jsonl:7");
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "parsed: " << line;
  return "";
}

// The line format.

TEST(HistoryTest, LineRoundTripsEveryField) {
  const auto record = sample_record();
  const auto line = to_json_line(record);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto back = parse_history_line(line, "h:1");
  EXPECT_EQ(back.started_at, record.started_at);
  EXPECT_EQ(back.commit, record.commit);
  EXPECT_EQ(back.committed_at, record.committed_at);
  EXPECT_EQ(back.result, RunResult::failed);
  EXPECT_EQ(back.duration, record.duration);
  ASSERT_EQ(back.stages.size(), 3u);
  EXPECT_EQ(back.stages[1].kind, StageKind::deploy);
  EXPECT_EQ(back.stages[1].result, StageResult::failed);
  EXPECT_EQ(back.stages[1].duration.count(), 1000);
  EXPECT_EQ(back.deployed, record.deployed);
  EXPECT_EQ(back.rolled_back, record.rolled_back);
  EXPECT_EQ(back.drained, record.drained);
  EXPECT_EQ(back.restored, record.restored);
}

TEST(HistoryTest, ALineWrittenBeforeDrainAndRestoreReadsAsNoneDrainedOrRestored) {
  const auto record =
      parse_history_line(good_line_with(R"(,"drained":[],"restored":[])", ""), "h.jsonl:1");
  EXPECT_TRUE(record.drained.empty());
  EXPECT_TRUE(record.restored.empty());
  EXPECT_NE(parse_error(good_line_with(R"("drained":[])", R"("drained":"a")")).find("h.jsonl:7"),
            std::string::npos);
}

TEST(HistoryEdgeTest, TheGoodLineParses) {
  const auto record = parse_history_line(k_good_line, "h.jsonl:1");
  EXPECT_EQ(record.pipeline, "p.json");
  EXPECT_EQ(to_json_line(record), k_good_line);
}

TEST(HistoryEdgeTest, ALineWrittenBeforeCommitTimesWereRecordedStillParses) {
  const auto old_line = good_line_with(R"("committed_at":null,)", "");
  const auto record = parse_history_line(old_line, "h.jsonl:1");
  EXPECT_EQ(record.pipeline, "p.json");
  EXPECT_FALSE(record.committed_at.has_value());
}

TEST(HistoryEdgeTest, ACommitTimeThatIsNotAnIsoTimeIsRefusedNamingTheField) {
  const auto message =
      parse_error(good_line_with(R"("committed_at":null)", R"("committed_at":"yesterday")"));
  EXPECT_NE(message.find("h.jsonl:7"), std::string::npos) << message;
  EXPECT_NE(message.find("committed_at"), std::string::npos) << message;
}

TEST(HistoryTest, LineStartsWithVersionAndHasNullCommitOutsideGit) {
  auto record = sample_record();
  record.commit.reset();
  record.committed_at.reset();
  const auto line = to_json_line(record);
  EXPECT_TRUE(line.starts_with(R"({"version":1,"started_at":"2026-11-26T10:44:15Z","commit":null,)"
                               R"("committed_at":null,)"))
      << line;
}

TEST(HistoryEdgeTest, KeysAreWrittenInTheDocumentedOrder) {
  RunRecord record;
  record.commit = "9f86d08";
  record.stages = {{"deploy", StageKind::deploy, StageResult::failed, milliseconds{3}}};
  record.deployed = {"a"};
  record.rolled_back = {"a"};
  const auto line = to_json_line(record);
  size_t last = 0;
  for (const char* key :
       {"\"version\"", "\"started_at\"", "\"commit\"", "\"committed_at\"", "\"pipeline\"",
        "\"result\"", "\"duration_ms\"", "\"stages\"", "\"deployed\"", "\"rolled_back\""}) {
    const auto at = line.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GE(at, last) << key << " in " << line;
    last = at;
  }
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(HistoryEdgeTest, ANameThatIsNotUtf8IsStoredReplacedAndReadsBack) {
  RunRecord record;
  record.pipeline = "caf\xe9.json";
  record.stages = {{"st\xff", StageKind::run, StageResult::passed, milliseconds{1}}};
  const auto read_back = parse_history_line(to_json_line(record), "h.jsonl:1");
  EXPECT_EQ(read_back.pipeline, "caf\xef\xbf\xbd.json");
  EXPECT_EQ(read_back.stages[0].name, "st\xef\xbf\xbd");
}

// What a damaged or foreign line gives.

TEST(HistoryEdgeTest, AnotherVersionIsRefusedNamingTheLine) {
  const auto message = parse_error(good_line_with(R"("version":1)", R"("version":2)"));
  EXPECT_NE(message.find("h.jsonl:7"), std::string::npos) << message;
  EXPECT_NE(message.find("unsupported history version"), std::string::npos) << message;
}

TEST(HistoryEdgeTest, UnknownNamesOfKindsAndResultsAreRefused) {
  EXPECT_NE(
      parse_error(good_line_with(R"("kind":"run")", R"("kind":"build")")).find("unknown kind"),
      std::string::npos);
  EXPECT_NE(parse_error(good_line_with(R"("result":"passed","duration_ms":5,)",
                                       R"("result":"green","duration_ms":5,)"))
                .find("unknown result"),
            std::string::npos);
}

TEST(HistoryEdgeTest, ErrorsAreInOurOwnWordsNotTheJsonLibrarys) {
  const auto not_json = parse_error(R"({"version": 1,)");
  EXPECT_NE(not_json.find("h.jsonl:7: not valid JSON at line 1, column "), std::string::npos)
      << not_json;
  const auto mistyped =
      parse_error(good_line_with(R"("duration_ms":5,"stages")", R"("duration_ms":"5","stages")"));
  const auto bad_literal = parse_error(R"({"version": nul})");
  EXPECT_NE(bad_literal.find("invalid word (expected true, false or null)"), std::string::npos);
  for (const auto& message : {not_json, mistyped, bad_literal}) {
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
    EXPECT_EQ(message.find("last read"), std::string::npos) << message;
    EXPECT_EQ(message.find("syntax error while parsing"), std::string::npos) << message;
  }
}

TEST(HistoryEdgeTest, MissingOrMistypedFieldsAreRefused) {
  EXPECT_NE(parse_error(good_line_with(R"("commit":null,)", "")).find("h.jsonl:7"),
            std::string::npos);
  EXPECT_NE(
      parse_error(good_line_with(R"("duration_ms":5,"stages")", R"("duration_ms":"5","stages")"))
          .find("invalid history line"),
      std::string::npos);
  EXPECT_NE(parse_error(good_line_with(R"("deployed":[])", R"("deployed":[1])")).find("h.jsonl:7"),
            std::string::npos);
  EXPECT_NE(parse_error("[]").find("h.jsonl:7"), std::string::npos);
}

// Start times.

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

TEST(HistoryEdgeTest, AStartTimeOutsideTheIsoUtcFormIsRefused) {
  for (const char* time :
       {"2026-11-26 10:44:15Z", "2026-11-26T10:44:15", "2026-11-26T10:44:15+01:00", "yesterday"}) {
    const auto message = parse_error(good_line_with("2026-11-26T10:44:15Z", time));
    EXPECT_NE(message.find("started_at"), std::string::npos) << time << ": " << message;
  }
}

TEST(HistoryEdgeTest, FractionalSecondsAreAcceptedAndDropped) {
  const auto record = parse_history_line(good_line_with("10:44:15Z", "10:44:15.250Z"), "h.jsonl:1");
  EXPECT_EQ(format_utc(record.started_at), "2026-11-26T10:44:15Z");
}

// Reading and appending the file.

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

TEST(HistoryEdgeTest, BlankLinesAreSkippedButCountedInLineNumbers) {
  TempDir dir;
  write_file(dir / "h.jsonl", k_good_line + "\n\n" + k_good_line + "\n\nnot json\n");
  try {
    read_history(dir / "h.jsonl");
    FAIL() << "a broken line was read";
  } catch (const InputError& error) {
    EXPECT_NE(std::string{error.what()}.find("h.jsonl:5"), std::string::npos) << error.what();
  }
  write_file(dir / "ok.jsonl", "\n" + k_good_line + "\n\n" + k_good_line);
  EXPECT_EQ(read_history(dir / "ok.jsonl").size(), 2u);
}

TEST(HistoryEdgeTest, AppendingCreatesParentDirectoriesAndAddsOneLineEachTime) {
  TempDir dir;
  const auto file = dir / ".automock/deep/history.jsonl";
  RunRecord record;
  record.pipeline = "p.json";
  append_history(file, record);
  append_history(file, record);
  const auto lines = read_lines(file);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], lines[1]);
  EXPECT_EQ(read_history(file).size(), 2u);
}

TEST(HistoryEdgeTest, AppendingUnderARegularFileIsAnIoError) {
  TempDir dir;
  write_file(dir / "file", "x");
  EXPECT_THROW(append_history(dir / "file" / "history.jsonl", RunRecord{}), IoError);
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

// Failed changes and the documented names.

RunRecord deploy_run(RunResult result, StageResult deploy, std::vector<std::string> rolled_back) {
  RunRecord record;
  record.result = result;
  record.stages = {{"test", StageKind::run, StageResult::passed, milliseconds{1}},
                   {"deploy", StageKind::deploy, deploy, milliseconds{1}}};
  record.rolled_back = std::move(rolled_back);
  return record;
}

TEST(HistoryEdgeTest, AFailedChangeIsADeployRunThatFailedOrRolledBack) {
  EXPECT_FALSE(deploy_run(RunResult::passed, StageResult::passed, {}).failed_change());
  EXPECT_TRUE(deploy_run(RunResult::failed, StageResult::failed, {"a"}).failed_change());
  EXPECT_TRUE(deploy_run(RunResult::failed, StageResult::timed_out, {}).failed_change());
  EXPECT_TRUE(deploy_run(RunResult::interrupted, StageResult::interrupted, {}).failed_change());
  EXPECT_TRUE(deploy_run(RunResult::passed, StageResult::passed, {"a"}).failed_change());
}

TEST(HistoryEdgeTest, ASkippedDeployIsNoDeployRunAndNoFailedChange) {
  const auto skipped = deploy_run(RunResult::failed, StageResult::skipped, {});
  EXPECT_FALSE(skipped.deploy_started());
  EXPECT_FALSE(skipped.failed_change());
  RunRecord no_deploy;
  no_deploy.result = RunResult::failed;
  no_deploy.stages = {{"test", StageKind::run, StageResult::failed, milliseconds{1}}};
  EXPECT_FALSE(no_deploy.deploy_started());
  EXPECT_FALSE(no_deploy.failed_change());
}

TEST(HistoryEdgeTest, EveryEnumHasItsDocumentedName) {
  EXPECT_EQ(to_string(StageKind::coverage), "coverage");
  EXPECT_EQ(to_string(StageResult::timed_out), "timed_out");
  EXPECT_EQ(to_string(StageResult::interrupted), "interrupted");
  EXPECT_EQ(to_string(RunResult::interrupted), "interrupted");
}

}  // namespace
}  // namespace automock::test
