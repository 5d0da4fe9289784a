// The built `automock` binary's command-line contract: help for every
// subcommand, exit code 2 with a message that names the bad option or file,
// and the CI guard for recording modes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "e2e/cli_test_base.hpp"

namespace automock::test {
namespace {

using ::testing::HasSubstr;

// The subcommand names of the table in src/cli/commands.cpp.
std::vector<std::string> subcommands_in_source() {
  std::ifstream in{std::string{AUTOMOCK_SOURCE_DIR} + "/src/cli/commands.cpp"};
  std::ostringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  const std::regex row{R"re(\{"([a-z][a-z-]*)",)re"};
  std::vector<std::string> names;
  for (std::sregex_iterator it{source.begin(), source.end(), row}, end; it != end; ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

class CliUsageTest : public CliTestBase {
 protected:
  // `command` (serve or record) with a cassette, an upstream for record, and `more`.
  std::vector<std::string> server_arguments(const std::string& command,
                                            const std::vector<std::string>& more) const {
    std::vector<std::string> arguments{command, "--cassette", (dir_ / "c").string()};
    if (command == "record") {
      arguments.insert(arguments.end(), {"--upstream", "http://127.0.0.1:1"});
    }
    arguments.insert(arguments.end(), more.begin(), more.end());
    return arguments;
  }
};

TEST_F(CliUsageTest, TheSourceTableHasTheKnownSubcommands) {
  const auto names = subcommands_in_source();
  const std::set<std::string> found(names.begin(), names.end());
  for (const auto* name : {"coverage", "record", "serve", "run", "stats"}) {
    EXPECT_TRUE(found.contains(name)) << name;
  }
}

TEST_F(CliUsageTest, HelpListsEverySubcommand) {
  const auto outcome = automock({"--help"});
  ASSERT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  for (const auto& name : subcommands_in_source()) {
    EXPECT_THAT(outcome.out, HasSubstr(name)) << name;
  }
}

TEST_F(CliUsageTest, NoArgumentsPrintsTheHelpAndExitsZero) {
  const auto outcome = automock({});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("serve"));
}

TEST_F(CliUsageTest, EverySubcommandHasHelpThatExitsZero) {
  for (const auto& name : subcommands_in_source()) {
    const auto outcome = automock({name, "--help"});
    EXPECT_EQ(outcome.code, 0) << name << ": " << testing::PrintToString(outcome);
    EXPECT_THAT(outcome.out, HasSubstr(name)) << name;
    EXPECT_THAT(outcome.out, HasSubstr("--")) << name << " lists no options";
  }
}

TEST_F(CliUsageTest, VersionNamesTheProgram) {
  const auto outcome = automock({"--version"});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.out, HasSubstr("automock "));
}

TEST_F(CliUsageTest, AnUnknownSubcommandExitsTwo) {
  const auto outcome = automock({"replay-everything"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("replay-everything"));
}

TEST_F(CliUsageTest, ServeWithoutCassetteExitsTwoNamingTheOption) {
  const auto outcome = automock({"serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--cassette"));
}

TEST_F(CliUsageTest, RecordWithoutCassetteExitsTwoNamingTheOption) {
  const auto outcome = automock({"record", "--upstream", "http://127.0.0.1:1"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--cassette"));
}

TEST_F(CliUsageTest, RecordWithAnUnknownModeExitsTwoNamingIt) {
  const auto outcome =
      automock({"record", "--listen", "127.0.0.1:0", "--cassette", (dir_ / "c").string(),
                "--upstream", "http://127.0.0.1:1", "--mode", "sometimes"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--mode"));
  EXPECT_THAT(outcome.err, HasSubstr("sometimes"));
}

TEST_F(CliUsageTest, RecordWithoutUpstreamOrRoutesExitsTwo) {
  const auto outcome =
      automock({"record", "--listen", "127.0.0.1:0", "--cassette", (dir_ / "c").string()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--upstream"));
}

TEST_F(CliUsageTest, ABadListenPortExitsTwoNamingTheOption) {
  for (const auto* command : {"serve", "record"}) {
    const auto outcome = automock(server_arguments(command, {"--listen", "127.0.0.1:70000"}));
    EXPECT_EQ(outcome.code, 2) << command << ": " << testing::PrintToString(outcome);
    EXPECT_THAT(outcome.err, HasSubstr("--listen")) << command;
    EXPECT_THAT(outcome.err, HasSubstr("127.0.0.1:70000")) << command;
  }
}

TEST_F(CliUsageTest, AConfigThatIsNotJsonExitsTwoNamingTheFile) {
  const auto config = dir_.write("automock.json", "{ \"routes\": [ oops");
  for (const auto* command : {"serve", "record"}) {
    const auto outcome = automock(
        server_arguments(command, {"--listen", "127.0.0.1:0", "--config", config.string()}));
    EXPECT_EQ(outcome.code, 2) << command << ": " << testing::PrintToString(outcome);
    EXPECT_THAT(outcome.err, HasSubstr(config.string())) << command;
  }
}

TEST_F(CliUsageTest, AMissingConfigFileExitsTwoNamingTheFile) {
  const auto config = dir_ / "absent.json";
  const auto outcome = automock({"serve", "--listen", "127.0.0.1:0", "--cassette",
                                 (dir_ / "c").string(), "--config", config.string()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr(config.string()));
}

TEST_F(CliUsageTest, RunWithAPipelineThatIsNotJsonExitsTwoNamingTheFile) {
  const auto pipeline = dir_.write("pipeline.json", "{\"stages\": [");
  const auto outcome = automock({"run", pipeline.string(), "--no-history"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr(pipeline.string()));
}

TEST_F(CliUsageTest, RunWithAMissingPipelineExitsTwoNamingTheFile) {
  const auto pipeline = dir_ / "absent-pipeline.json";
  const auto outcome = automock({"run", pipeline.string(), "--no-history"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("absent-pipeline.json"));
}

TEST_F(CliUsageTest, RunWithAStageOfTheWrongTypeExitsTwoNamingTheJsonPointer) {
  const auto pipeline = dir_.write(
      "pipeline.json", R"({"stages": [{"name": "a", "run": "true", "timeout_s": "x"}]})");
  const auto outcome = automock({"run", pipeline.string(), "--no-history"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("pipeline.json: /stages/0/timeout_s: expected a number"));
}

TEST_F(CliUsageTest, RunWithNoHistoryWritesNoHistoryFile) {
  const auto pipeline =
      dir_.write("pipeline.json", R"({"stages": [{"name": "a", "run": "echo ran > ran.txt"}]})");
  const auto history = dir_ / "history.jsonl";
  const auto outcome =
      automock({"run", pipeline.string(), "--history", history.string(), "--no-history"});
  EXPECT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "ran.txt"));
  EXPECT_FALSE(std::filesystem::exists(history));
}

TEST_F(CliUsageTest, RunWritesTheJunitFileItIsGiven) {
  const auto pipeline = dir_.write("pipeline.json", R"({"stages": [{"name": "first", "run": "true"},
    {"name": "second", "run": "echo broken; exit 3"}]})");
  const auto junit = dir_ / "reports" / "junit.xml";
  const auto outcome =
      automock({"run", pipeline.string(), "--no-history", "--junit", junit.string()});
  EXPECT_EQ(outcome.code, 1) << testing::PrintToString(outcome);
  std::ifstream in{junit};
  std::ostringstream xml;
  xml << in.rdbuf();
  EXPECT_THAT(xml.str(), HasSubstr(R"(tests="2" failures="1")"));
  EXPECT_THAT(xml.str(), HasSubstr(R"(name="first")"));
  EXPECT_THAT(xml.str(), HasSubstr(R"(name="second")"));
  EXPECT_THAT(xml.str(), HasSubstr("broken"));
}

TEST_F(CliUsageTest, CoverageWithAMissingReportExitsTwoNamingIt) {
  const auto config =
      dir_.write("coverage.json", R"({"modules": [{"name": "core", "paths": ["src/**"]}]})");
  const auto report = dir_ / "missing-report.info";
  const auto outcome = automock({"coverage", "--config", config.string(), report.string()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("missing-report.info"));
}

TEST_F(CliUsageTest, CoverageWithoutConfigExitsTwoNamingTheOption) {
  const auto report = dir_.write("r.info", "SF:src/a.cpp\nDA:1,1\nend_of_record\n");
  const auto outcome = automock({"coverage", report.string()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--config"));
}

TEST_F(CliUsageTest, StatsOnAMissingHistoryReportsNoRuns) {
  const auto outcome =
      automock({"stats", "--history", (dir_ / "absent.jsonl").string(), "--output", "json"});
  ASSERT_EQ(outcome.code, 0) << testing::PrintToString(outcome);
  const auto json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json.at("runs"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "absent.jsonl"));
}

TEST_F(CliUsageTest, StatsOnAnEmptyHistoryEqualsStatsOnAMissingOne) {
  const auto empty = dir_.write("empty.jsonl", "");
  const auto now = "2026-11-26T00:00:00Z";
  const auto from_empty = automock({"stats", "--history", empty.string(), "--now", now});
  const auto from_missing =
      automock({"stats", "--history", (dir_ / "absent.jsonl").string(), "--now", now});
  ASSERT_EQ(from_empty.code, 0) << testing::PrintToString(from_empty);
  EXPECT_EQ(from_empty.out, from_missing.out);
  EXPECT_FALSE(from_empty.out.empty());
}

TEST_F(CliUsageTest, StatsWithAnUnknownOutputExitsTwoNamingTheOption) {
  const auto outcome =
      automock({"stats", "--history", (dir_ / "h.jsonl").string(), "--output", "yaml"});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("--output"));
}

TEST_F(CliUsageTest, StatsOnACorruptHistoryExitsTwoNamingTheLine) {
  const auto history = dir_.write("h.jsonl", "not json\n");
  const auto outcome = automock({"stats", "--history", history.string()});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr(history.string() + ":1"));
}

TEST_F(CliUsageTest, RecordingModesUnderCiExitTwoNamingTheAllowanceBeforeTouchingTheDisk) {
  const auto cassette = dir_ / "fixtures" / "c";
  for (const auto* mode : {"record", "new_episodes", "once", "passthrough"}) {
    const auto outcome =
        automock({"record", "--listen", "127.0.0.1:0", "--cassette", cassette.string(),
                  "--upstream", "http://127.0.0.1:1", "--mode", mode},
                 Env{{"CI", "true"}});
    EXPECT_EQ(outcome.code, 2) << mode << ": " << testing::PrintToString(outcome);
    EXPECT_THAT(outcome.err, HasSubstr("AUTOMOCK_ALLOW_NETWORK_IN_CI")) << mode;
    EXPECT_FALSE(std::filesystem::exists(cassette.parent_path())) << mode;
  }
}

TEST_F(CliUsageTest, AnUnknownAutomockModeExitsTwoNamingTheVariable) {
  const auto outcome =
      automock({"serve", "--listen", "127.0.0.1:0", "--cassette", (dir_ / "c").string()},
               Env{{"AUTOMOCK_MODE", "sometimes"}});
  EXPECT_EQ(outcome.code, 2) << testing::PrintToString(outcome);
  EXPECT_THAT(outcome.err, HasSubstr("AUTOMOCK_MODE"));
  EXPECT_THAT(outcome.err, HasSubstr("sometimes"));
}

}  // namespace
}  // namespace automock::test
