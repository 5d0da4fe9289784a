#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "coverage/test_support.hpp"

namespace automock::coverage {
namespace {

using testing::find_file;
using ::testing::HasSubstr;

Report read(std::string_view text, Format format = Format::automatic) {
  Report report("/repo");
  read_report(text, "report", format, report);
  report.finalize();
  return report;
}

std::string report_error_of(std::string_view text) {
  try {
    read(text);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(DetectFormatTest, KindComesFromContentNotName) {
  EXPECT_EQ(detect_format("\xEF\xBB\xBF  TN:\nSF:a\n", "x.xml"), Format::lcov);
  EXPECT_EQ(detect_format("\n{\"files\": []}", "x.info"), Format::gcovr_json);
  EXPECT_EQ(detect_format("<?xml version='1.0'?><coverage/>", "x.json"), Format::cobertura);
  EXPECT_THROW(detect_format("hello", "x"), InputError);
  EXPECT_THROW(detect_format("  ", "x"), InputError);
}

TEST(ParseFormatTest, KnowsTheFourNames) {
  EXPECT_EQ(parse_format("gcovr-json"), Format::gcovr_json);
  EXPECT_EQ(parse_format("auto"), Format::automatic);
  EXPECT_EQ(parse_format("xml"), std::nullopt);
}

constexpr std::string_view k_gcovr_json = R"json({"gcovr/format_version": "0.3", "files": [
  {"file": "src/a.cpp", "functions": [{"name": "f()", "lineno": 2, "execution_count": 0}],
   "lines": [
    {"line_number": 1, "count": 0, "gcovr/noncode": true, "branches": []},
    {"line_number": 2, "count": 3, "gcovr/noncode": false, "branches": [
      {"count": 1, "fallthrough": true, "throw": false},
      {"count": 0, "fallthrough": false, "throw": true}]},
    {"line_number": 3, "count": 0, "gcovr/excluded": true, "branches": []},
    {"line_number": 4, "count": 0, "branches": []}]}]})json";

TEST(GcovrJsonReaderTest, SkipsNonCodeAndExcludedLinesAndFlagsThrowBranches) {
  const Report report = read(k_gcovr_json);
  const FileCoverage* file = find_file(report, "src/a.cpp");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->line_totals(), (Totals{1, 2}));
  EXPECT_EQ(file->branch_totals(ExceptionBranches::include), (Totals{1, 2}));
  EXPECT_EQ(file->branch_totals(ExceptionBranches::exclude), (Totals{1, 1}));
  EXPECT_EQ(file->function_totals(), (Totals{0, 1}));
}

// Found by fuzz/gcovr_json_fuzzer.cpp: a count or line number of 2^64 or
// more, written as a float, was converted to an integer (undefined behaviour).
TEST(GcovrJsonReaderTest, HugeFloatCountsSaturateAndHugeLineNumbersAreErrors) {
  const Report report =
      read(R"({"files": [{"file": "a.cpp", "lines": [{"line_number": 3, "count": 1e30}]}]})");
  const FileCoverage* file = find_file(report, "a.cpp");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->line(3), k_max_count);
  EXPECT_THAT(report_error_of(R"({"files": [{"file": "a", "lines": [{"line_number": 6e99}]}]})"),
              HasSubstr("line number"));
}

TEST(GcovrJsonReaderTest, MalformedInputNamesTheJsonPointerOrLine) {
  EXPECT_THAT(report_error_of("{\"files\": [\n{\"file\": \"a\",\n \"lines\": [}]}"),
              HasSubstr("report: not valid JSON at line 3, column 12: unexpected '}'"));
  EXPECT_THAT(report_error_of(R"({"files": [{"file": "a", "lines": [{"line_number": 1e999}]}]})"),
              HasSubstr("not valid JSON: a number is out of range"));
  EXPECT_THAT(
      report_error_of(R"({"files": [{"file": "a", "lines": [{"line_number": 1, "count": -2}]}]})"),
      HasSubstr("/files/0/lines/0/count: expected a non-negative integer"));
  EXPECT_THAT(report_error_of(R"({"files": [{"lines": []}]})"),
              HasSubstr("/files/0: missing \"file\""));
  EXPECT_THAT(report_error_of(R"({"gcovr/format_version": "0.3"})"),
              HasSubstr("missing \"files\""));
}

constexpr std::string_view k_cobertura = R"xml(<?xml version="1.0"?>
<coverage>
  <sources><source>/repo/src</source></sources>
  <packages><package name="p"><classes>
    <class name="A_int" filename="a.hpp">
      <methods><method name="clamp" signature="(I)I">
        <lines><line number="8" hits="0"/></lines>
      </method></methods>
      <lines>
        <line number="8" hits="0" branch="true" condition-coverage="50% (1/2)"/>
        <line number="9" hits="0"/>
      </lines>
    </class>
    <class name="A_double" filename="a.hpp">
      <lines>
        <line number="8" hits="2" branch="true" condition-coverage="100% (2/2)"/>
        <line number="9" hits="0"/>
        <line number="8" hits="1"/>
      </lines>
    </class>
  </classes></package></packages>
</coverage>)xml";

TEST(CoberturaReaderTest, RepeatedLinesForTemplateInstancesAreMerged) {
  const Report report = read(k_cobertura);
  const FileCoverage* file = find_file(report, "src/a.hpp");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->line_totals(), (Totals{1, 2}));
  EXPECT_EQ(file->line(8), 3u);
  EXPECT_EQ(file->branch_totals(ExceptionBranches::include), (Totals{2, 2}));
  EXPECT_EQ(file->function_totals(), (Totals{0, 1}));
}

TEST(CoberturaReaderTest, MalformedInputIsAnErrorAtItsLine) {
  EXPECT_THAT(report_error_of("<coverage>\n<packages>\n</coverage>"),
              HasSubstr("report:3: invalid XML"));
  EXPECT_THAT(report_error_of("<report/>"), HasSubstr("no <coverage> root element"));
  EXPECT_THAT(
      report_error_of("<coverage><packages><package><classes>\n<class filename=\"a\"><lines>\n"
                      "<line number=\"x\" "
                      "hits=\"1\"/></lines></class></classes></package></packages></coverage>"),
      HasSubstr("report:3: <line> number"));
  EXPECT_THAT(
      report_error_of(
          "<coverage><packages><package><classes>\n<class filename=\"a\"><lines>\n"
          "<line number=\"1\" hits=\"1\" "
          "condition-coverage=\"50%\"/></lines></class></classes></package></packages></coverage>"),
      HasSubstr("report:3: condition-coverage"));
  EXPECT_THAT(report_error_of("<coverage><packages><package><classes><class/></classes></package></"
                              "packages></coverage>"),
              HasSubstr("<class> without a filename"));
}

TEST(ReadReportFileTest, MissingFileIsAnInputError) {
  Report report("/repo");
  EXPECT_THROW(read_report_file("/nonexistent/report.info", Format::automatic, report), InputError);
}

}  // namespace
}  // namespace automock::coverage
