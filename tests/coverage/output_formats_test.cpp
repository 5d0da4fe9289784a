// Every output format shows the same truncated figures and verdicts: a
// module just under 100% never reads "100.00" anywhere, and a passing module
// gets no failure in any format.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "coverage/gate_support.hpp"
#include "coverage/output.hpp"

namespace automock::coverage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// By their --output names, which also name the tests.
constexpr const char* k_formats[] = {"text", "json", "junit", "markdown", "github"};

// core: 99999 of 100000 lines (99.999%) against 100; net: 2 of 3 (66.666%) against 60.
GateResult almost_complete() {
  Report report("/repo");
  testing::add_lines(report, "src/core/a.cpp", 99999, 100000);
  testing::add_lines(report, "src/net/b.cpp", 2, 3);
  return testing::gate(R"({"modules": [
      {"name": "core", "paths": ["src/core/**"], "lines": 100},
      {"name": "net", "paths": ["src/net/**"], "lines": 60}]})",
                       report);
}

std::string rendered(OutputFormat format) {
  std::ostringstream out;
  render(almost_complete(), format, 3, out);
  return out.str();
}

std::string rendered(const char* format_name) {
  return rendered(parse_output_format(format_name).value());
}

class EveryFormatTest : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryFormatTest, FiguresAreTruncatedNeverRoundedUp) {
  const auto text = rendered(GetParam());
  EXPECT_THAT(text, HasSubstr("99.99")) << text;
  EXPECT_THAT(text, Not(HasSubstr("100.00%25 (99999"))) << text;
  EXPECT_THAT(text, Not(HasSubstr("100.00% (99999"))) << text;
  EXPECT_THAT(text, Not(HasSubstr("99999/100000 100.00"))) << text;
  EXPECT_THAT(text, Not(HasSubstr("66.67"))) << text;
}

TEST_P(EveryFormatTest, TheFailingModuleIsNamedAndThePassingOneIsNot) {
  const auto text = rendered(GetParam());
  EXPECT_THAT(text, HasSubstr("core")) << text;
  EXPECT_THAT(text, Not(HasSubstr("net 66"))) << text;
  EXPECT_THAT(text, Not(HasSubstr("coverage%3A net::lines"))) << text;
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormatTest, ::testing::ValuesIn(k_formats),
                         [](const auto& format) { return std::string{format.param}; });

TEST(OutputFormatsTest, JsonCarriesTruncatedPercentagesAndVerdicts) {
  const auto document = nlohmann::json::parse(rendered(OutputFormat::json));
  EXPECT_FALSE(document.at("passed").get<bool>());
  const auto& modules = document.at("modules");
  ASSERT_EQ(modules.size(), 2u);
  EXPECT_EQ(modules[0].at("name"), "core");
  EXPECT_EQ(modules[0].at("verdict"), "FAIL");
  EXPECT_EQ(modules[0].at("lines").at("percent").get<double>(), 99.99);
  EXPECT_EQ(modules[0].at("lines").at("covered"), 99999);
  EXPECT_EQ(modules[0].at("lines").at("total"), 100000);
  EXPECT_EQ(modules[1].at("name"), "net");
  EXPECT_EQ(modules[1].at("verdict"), "pass");
  EXPECT_EQ(modules[1].at("lines").at("percent").get<double>(), 66.66);
}

TEST(OutputFormatsTest, JunitHasOneFailureForTheFailingModule) {
  const auto xml = rendered(OutputFormat::junit);
  EXPECT_THAT(xml, HasSubstr("failures=\"1\"")) << xml;
  EXPECT_THAT(xml, HasSubstr("name=\"core\"")) << xml;
  EXPECT_THAT(xml, HasSubstr("name=\"net\"")) << xml;
  EXPECT_THAT(xml, HasSubstr("<failure message=\"lines 99.99% (99999/100000) &lt; 100.00%\">"))
      << xml;
}

TEST(OutputFormatsTest, MarkdownRowsShowFiguresRulesAndVerdicts) {
  const auto markdown = rendered(OutputFormat::markdown);
  EXPECT_THAT(markdown, HasSubstr("| core | 1 | 99999/100000 99.99% |")) << markdown;
  EXPECT_THAT(markdown, HasSubstr("| net | 1 | 2/3 66.66% | - | - | lines>=60.00% | pass |"))
      << markdown;
}

TEST(OutputFormatsTest, GithubAnnotatesOnlyTheFailingModuleWithEscapedPercents) {
  const auto github = rendered(OutputFormat::github);
  EXPECT_THAT(github, HasSubstr("::error title=coverage%3A core::lines 99.99%25 (99999/100000) < "
                                "100.00%25\n"))
      << github;
  EXPECT_THAT(github, HasSubstr("::warning file=src/core/a.cpp,title=coverage%3A core::1 "
                                "uncovered line"))
      << github;
  EXPECT_THAT(github, Not(HasSubstr("file=src/net/b.cpp"))) << github;
}

}  // namespace
}  // namespace automock::coverage
