#include "coverage/output.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "coverage/gate_support.hpp"

namespace automock::coverage {
namespace {

using ::testing::HasSubstr;

// A failing module, an unowned file, a baseline failure and a warning.
GateResult everything() {
  Report report("/repo");
  testing::add_lines(report, "src/core/a.cpp", 1, 4);
  testing::add_lines(report, "tools/gen.cpp", 2, 2);
  report.warn("a.info:3: unknown record 'XYZ'");
  GateResult result = testing::gate(
      R"({"modules": [{"name": "core", "paths": ["src/core/**"], "lines": 50}], "unowned": {"policy": "report"}})",
      report);
  result.baseline_failures.push_back("core: covered file src/core/b.cpp disappeared");
  return result;
}

std::string everything_rendered(OutputFormat format) {
  std::ostringstream out;
  render(everything(), format, 5, out);
  return out.str();
}

TEST(OutputTest, FormatNamesAreParsed) {
  EXPECT_EQ(parse_output_format("github"), OutputFormat::github);
  EXPECT_EQ(parse_output_format("pdf"), std::nullopt);
}

TEST(OutputTest, TextShowsWarningsUnownedAndBaseline) {
  const std::string text = everything_rendered(OutputFormat::text);
  EXPECT_THAT(text, HasSubstr("warning: a.info:3: unknown record 'XYZ'\n"));
  EXPECT_THAT(text, HasSubstr("(unowned)      1  2/2 100.00%"));
  EXPECT_THAT(text, HasSubstr("baseline:\n  core: covered file src/core/b.cpp disappeared\n"));
  EXPECT_THAT(text, HasSubstr("coverage gate: FAILED (core, baseline)\n"));
}

TEST(OutputTest, JsonHasEverySection) {
  const auto document = nlohmann::json::parse(everything_rendered(OutputFormat::json));
  EXPECT_EQ(document.at("unowned").at("files"), 1);
  EXPECT_EQ(document.at("total").at("lines").at("covered"), 3);
  EXPECT_EQ(document.at("total").at("verdict"), "not gated");
  EXPECT_EQ(document.at("total").at("branches").at("percent"), nullptr);
  EXPECT_EQ(document.at("baseline_failures").size(), 1u);
  EXPECT_EQ(document.at("warnings").size(), 1u);
}

TEST(OutputTest, JunitReportsBaselineAndWarnings) {
  const std::string xml = everything_rendered(OutputFormat::junit);
  EXPECT_THAT(xml, HasSubstr("tests=\"4\" failures=\"2\""));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"coverage\" name=\"baseline\">"));
  EXPECT_THAT(xml, HasSubstr("<system-err>a.info:3: unknown record 'XYZ'"));
  EXPECT_THAT(xml, HasSubstr("src/core/a.cpp: 3 uncovered lines (1/4 25.00%)"));
}

TEST(OutputTest, MarkdownListsBaselineAndWarnings) {
  const std::string markdown = everything_rendered(OutputFormat::markdown);
  EXPECT_THAT(markdown, HasSubstr("| (unowned) | 1 | 2/2 100.00% |"));
  EXPECT_THAT(markdown,
              HasSubstr("**baseline**: FAIL\n\n- core: covered file src/core/b.cpp disappeared"));
  EXPECT_THAT(markdown, HasSubstr("> warning: a.info:3: unknown record 'XYZ'"));
}

TEST(OutputTest, GithubAnnotatesWarningsAndBaseline) {
  const std::string github = everything_rendered(OutputFormat::github);
  EXPECT_THAT(github,
              HasSubstr("::warning title=coverage input::a.info:3: unknown record 'XYZ'\n"));
  EXPECT_THAT(github, HasSubstr("::error title=coverage baseline::core: covered file"));
  EXPECT_THAT(github, ::testing::Not(HasSubstr("warning: a.info")));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(OutputTest, GithubOutputCannotBeMadeToIssueAWorkflowCommandByAPath) {
  Report report("/repo");
  const std::string hostile = "src/core/a\n::error::pwned\n.cpp";
  testing::add_lines(report, hostile, 1, 4);
  report.warn(hostile + ": odd\r\n::error::pwned");
  const GateResult result =
      testing::gate(R"({"modules": [{"name": "core", "paths": ["src/**"], "lines": 50}]})", report);
  std::ostringstream out;
  render(result, OutputFormat::github, 5, out);
  const auto lines = lines_of(out.str());
  // Commands stop at ::stop-commands::TOKEN and resume at ::TOKEN::.
  const auto stop = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.starts_with("::stop-commands::");
  });
  ASSERT_NE(stop, lines.end()) << out.str();
  const std::string token = stop->substr(std::string{"::stop-commands::"}.size());
  EXPECT_GE(token.size(), 32u);
  const auto resume = std::find(stop, lines.end(), "::" + token + "::");
  ASSERT_NE(resume, lines.end()) << out.str();
  EXPECT_NE(std::find(stop, resume, "::error::pwned"), resume) << "the text part shows the path";
  for (auto line = lines.begin(); line != stop; ++line) {
    EXPECT_NE(*line, "::error::pwned") << out.str();
    EXPECT_TRUE(line->starts_with("::warning ") || line->starts_with("::error ")) << *line;
  }
  for (auto line = resume + 1; line != lines.end(); ++line) EXPECT_NE(*line, "::error::pwned");
  EXPECT_THAT(out.str(), HasSubstr("file=src/core/a%0A%3A%3Aerror%3A%3Apwned%0A.cpp,"));
}

}  // namespace
}  // namespace automock::coverage
