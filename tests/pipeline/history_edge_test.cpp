// The run history as docs/pipeline.md specifies it: key order, what makes a
// failed change, and the errors a damaged or foreign history file gives.
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "pipeline/history.hpp"
#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using namespace pipeline;
using std::chrono::milliseconds;

const std::string k_good_line =
    R"({"version":1,"started_at":"2026-11-26T10:44:15Z","commit":null,"pipeline":"p.json",)"
    R"("result":"passed","duration_ms":5,"stages":[{"name":"a","kind":"run","result":"passed",)"
    R"("duration_ms":5}],"deployed":[],"rolled_back":[]})";

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

TEST(HistoryEdgeTest, TheGoodLineParses) {
  const auto record = parse_history_line(k_good_line, "h.jsonl:1");
  EXPECT_EQ(record.pipeline, "p.json");
  EXPECT_EQ(to_json_line(record), k_good_line);
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
       {"\"version\"", "\"started_at\"", "\"commit\"", "\"pipeline\"", "\"result\"",
        "\"duration_ms\"", "\"stages\"", "\"deployed\"", "\"rolled_back\""}) {
    const auto at = line.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GE(at, last) << key << " in " << line;
    last = at;
  }
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

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
  for (const auto& message : {not_json, mistyped}) {
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
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

TEST(HistoryEdgeTest, ANameThatIsNotUtf8IsStoredReplacedAndReadsBack) {
  RunRecord record;
  record.pipeline = "caf\xe9.json";
  record.stages = {{"st\xff", StageKind::run, StageResult::passed, milliseconds{1}}};
  const auto read_back = parse_history_line(to_json_line(record), "h.jsonl:1");
  EXPECT_EQ(read_back.pipeline, "caf\xef\xbf\xbd.json");
  EXPECT_EQ(read_back.stages[0].name, "st\xef\xbf\xbd");
}

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
