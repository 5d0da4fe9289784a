#include "coverage/output_html.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "coverage/gate_support.hpp"
#include "coverage/output.hpp"
#include "support/temp_dir.hpp"

namespace automock::coverage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// core passes (3/4 >= 50%), net fails (1/4 < 80%) with two files.
GateResult two_modules() {
  Report report("/repo");
  testing::add_lines(report, "src/core/a.cpp", 3, 4);
  testing::add_lines(report, "src/net/good.cpp", 1, 1);
  testing::add_lines(report, "src/net/bad<1>.cpp", 0, 3);
  return testing::gate(R"({"modules": [
      {"name": "core", "paths": ["src/core/**"], "lines": 50},
      {"name": "net/io", "paths": ["src/net/**"], "lines": 80}]})",
                       report);
}

std::string page() {
  std::ostringstream out;
  render(two_modules(), OutputFormat::html, 5, out);
  return out.str();
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in{file};
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(OutputHtmlTest, HtmlIsAnOutputFormat) {
  EXPECT_EQ(parse_output_format("html"), OutputFormat::html);
}

TEST(OutputHtmlTest, EachModuleHasABarWithItsThresholdMarked) {
  const auto html = page();
  EXPECT_THAT(html, HasSubstr("title=\"core\""));
  EXPECT_THAT(html, HasSubstr("width:75.00%;background:#2e7d32"));
  EXPECT_THAT(html, HasSubstr("title=\"threshold 50.00%\" style=\"left:50.00%\""));
  EXPECT_THAT(html, HasSubstr("width:25.00%;background:#c62828"));
  EXPECT_THAT(html, HasSubstr("style=\"left:80.00%\""));
}

TEST(OutputHtmlTest, FailingModulesListTheFilesThatPullThemDown) {
  const auto html = page();
  EXPECT_THAT(html, HasSubstr(">net/io: FAIL</h2>"));
  EXPECT_THAT(html, HasSubstr("<td>src/net/bad&lt;1&gt;.cpp</td><td>3</td>"));
  EXPECT_THAT(html, Not(HasSubstr(">core: FAIL")));
  EXPECT_THAT(html, HasSubstr(">FAILED</div>"));
}

TEST(OutputHtmlTest, BadgeShowsLineCoverageInTheVerdictColour) {
  const auto result = two_modules();
  const auto badge = badge_svg("core", result.modules[0]);
  EXPECT_THAT(badge, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(badge, HasSubstr(">75.00%</text>"));
  EXPECT_THAT(badge, HasSubstr("fill=\"#2e7d32\""));
  EXPECT_THAT(overall_badge_svg(result), HasSubstr("fill=\"#c62828\""));
}

TEST(OutputHtmlTest, BadgeFileNamesKeepOnlySafeCharacters) {
  EXPECT_EQ(badge_file_name("net/io"), "badge-net_io.svg");
  EXPECT_EQ(badge_file_name("../x y"), "badge-.._x_y.svg");
}

TEST(OutputHtmlTest, ReportDirectoryHoldsThePageAndOneBadgePerModule) {
  test::TempDir dir;
  write_html_report(two_modules(), 5, dir / "out");
  EXPECT_THAT(read(dir / "out" / "index.html"), HasSubstr("<h1>Coverage gate</h1>"));
  EXPECT_THAT(read(dir / "out" / "badge.svg"), HasSubstr(">coverage</text>"));
  EXPECT_THAT(read(dir / "out" / "badge-core.svg"), HasSubstr(">core</text>"));
  EXPECT_THAT(read(dir / "out" / "badge-net_io.svg"), HasSubstr(">net/io</text>"));
}

}  // namespace
}  // namespace automock::coverage
