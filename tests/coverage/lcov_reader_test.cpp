#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <ostream>
#include <string>

#include "coverage/test_support.hpp"

namespace automock::coverage {
namespace {

using testing::find_file;
using ::testing::HasSubstr;
using testing::read_lcov_text;

TEST(LcovReaderTest, ReadsLinesBranchesAndFunctions) {
  const Report report = read_lcov_text(
      "TN:\nSF:/repo/src/a.cpp\nFN:3,main\nFNDA:2,main\nFNF:1\nFNH:1\n"
      "DA:3,2\nDA:4,0\nBRDA:4,0,0,1\nBRDA:4,0,1,-\nBRF:2\nBRH:1\nLF:2\nLH:1\nend_of_record\n");
  const FileCoverage* file = find_file(report, "src/a.cpp");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->line_totals(), (Totals{1, 2}));
  EXPECT_EQ(file->branch_totals(ExceptionBranches::include), (Totals{1, 2}));
  EXPECT_EQ(file->function_totals(), (Totals{1, 1}));
  EXPECT_EQ(file->line(3), 2u);
  EXPECT_TRUE(report.warnings().empty());
}

TEST(LcovReaderTest, RepeatedSfSectionsAreMerged) {
  const Report report = read_lcov_text(
      "SF:/repo/"
      "a.hpp\nFN:8,f_int\nFNDA:1,f_int\nDA:8,1\nDA:10,1\nDA:12,0\nBRDA:9,0,0,1\nBRDA:9,0,1,0\nend_"
      "of_record\n"
      "SF:/repo/"
      "a.hpp\nFN:8,f_double\nFNDA:0,f_double\nDA:8,1\nDA:10,0\nDA:12,1\nBRDA:9,0,0,0\nBRDA:9,0,1,-"
      "\nend_of_record\n");
  ASSERT_EQ(report.files().size(), 1u);
  const FileCoverage& file = report.files().front().coverage;
  EXPECT_EQ(file.line_totals(), (Totals{3, 3}));
  EXPECT_EQ(file.line(8), 2u);
  EXPECT_EQ(file.branch_totals(ExceptionBranches::include), (Totals{1, 2}));
  EXPECT_EQ(file.function_totals(), (Totals{1, 2}));
}

TEST(LcovReaderTest, TotalsComeFromDetailRecordsAndMismatchesWarn) {
  const Report report =
      read_lcov_text("SF:/repo/a.cpp\nDA:1,1\nDA:2,0\nLF:5\nLH:5\nend_of_record\n");
  EXPECT_EQ(report.files().front().coverage.line_totals(), (Totals{1, 2}));
  ASSERT_EQ(report.warnings().size(), 2u);
  EXPECT_THAT(report.warnings()[0],
              HasSubstr("test.info:6: LF says 5 but the section (from line 1) has 2"));
}

TEST(LcovReaderTest, CrlfLineEndsAndColonsInPathsAreRead) {
  const Report report =
      read_lcov_text("SF:C:\\work\\src\\a:b.cpp\r\nDA:1,1\r\nend_of_record\r\n", "/repo");
  ASSERT_EQ(report.files().size(), 1u);
  EXPECT_EQ(report.files().front().path, "C:/work/src/a:b.cpp");
  EXPECT_EQ(report.files().front().coverage.line_totals(), (Totals{1, 1}));
}

TEST(LcovReaderTest, StringBranchIdsAndExceptionBlocksAreKept) {
  const Report report = read_lcov_text(
      "SF:/repo/a.py\nBRDA:3,0,(x, y) == 1,1\nBRDA:3,0,(x, y) == 1,2\nBRDA:3,0,else,0\n"
      "BRDA:4,e0,0,0\nBRDA:4,e0,1,1\nend_of_record\n");
  const FileCoverage& file = report.files().front().coverage;
  EXPECT_EQ(file.branch_totals(ExceptionBranches::include), (Totals{2, 4}));
  EXPECT_EQ(file.branch_totals(ExceptionBranches::exclude), (Totals{1, 2}));
  EXPECT_EQ(file.branches().front().taken, 3u);
}

TEST(LcovReaderTest, Lcov2FunctionAliasesAreOneFunction) {
  const Report report = read_lcov_text(
      "VER:2.0\nSF:/repo/a.cpp\nFNL:0,5,9\nFNA:0,0,Foo::Foo()\nFNA:0,3,Foo::Foo() [base]\n"
      "FNL:1,12\nFNA:1,0,bar()\nFNF:2\nFNH:1\nDA:5,3\nend_of_record\n");
  const FileCoverage& file = report.files().front().coverage;
  EXPECT_EQ(file.function_totals(), (Totals{1, 2}));
  EXPECT_TRUE(report.warnings().empty());
}

TEST(LcovReaderTest, Lcov2FunctionEndLinesAreSkipped) {
  const Report report = read_lcov_text(
      "SF:/repo/a.cpp\nFN:5,9,foo(int, int)\nFNDA:2,foo(int, int)\nFNF:1\nFNH:1\nend_of_record\n");
  const FileCoverage& file = report.files().front().coverage;
  ASSERT_EQ(file.functions().size(), 1u);
  EXPECT_EQ(report.name(file.functions()[0].name), "foo(int, int)");
  EXPECT_EQ(file.functions()[0].line, 5u);
  EXPECT_EQ(file.function_totals(), (Totals{1, 1}));
}

TEST(LcovReaderTest, HugeCountsSaturate) {
  const Report report =
      read_lcov_text("SF:/repo/a.cpp\nDA:1,123456789012345678901234\nDA:1,5\nend_of_record\n");
  EXPECT_EQ(report.files().front().coverage.line(1), k_max_count);
}

TEST(LcovReaderTest, UnknownRecordIsAWarningWithFileAndLine) {
  const Report report = read_lcov_text("SF:/repo/a.cpp\nXYZ:1\nDA:1,1\nend_of_record\n");
  ASSERT_EQ(report.warnings().size(), 1u);
  EXPECT_EQ(report.warnings()[0], "test.info:2: unknown record 'XYZ'");
  EXPECT_EQ(report.files().front().coverage.line_totals(), (Totals{1, 1}));
}

TEST(LcovReaderTest, EndlessWarningsAreCapped) {
  std::string text = "SF:/repo/a.cpp\n";
  for (int i = 0; i < 200; ++i) text += "XYZ:1\n";
  text += "end_of_record\n";
  const Report report = read_lcov_text(text);
  ASSERT_EQ(report.warnings().size(), 51u);
  EXPECT_EQ(report.warnings().back(), "test.info: 150 more warnings");
}

struct MalformedCase {
  const char* name;
  const char* text;
  const char* message;
};

void PrintTo(const MalformedCase& malformed, std::ostream* out) {
  *out << malformed.name;
}

class LcovMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(LcovMalformedTest, IsAnInputErrorAtFileAndLine) {
  try {
    read_lcov_text(GetParam().text);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(GetParam().message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, LcovMalformedTest,
    ::testing::Values(
        MalformedCase{"DaLineNotANumber", "SF:/a.cpp\nDA:x,1\nend_of_record\n",
                      "test.info:2: DA line: expected a non-negative integer"},
        MalformedCase{"DaMissingCount", "SF:/a.cpp\nDA:1\nend_of_record\n",
                      "test.info:2: DA: missing field"},
        MalformedCase{"DaNegativeCount", "SF:/a.cpp\nDA:1,-4\nend_of_record\n",
                      "test.info:2: DA count"},
        MalformedCase{"DaLineZero", "SF:/a.cpp\nDA:0,1\nend_of_record\n",
                      "test.info:2: line number 0 out of range"},
        MalformedCase{"DaOutsideSf", "DA:1,1\n", "test.info:1: DA outside an SF section"},
        MalformedCase{"MissingEndOfRecord", "SF:/a.cpp\nDA:1,1\n",
                      "missing end_of_record for the section started at line 1"},
        MalformedCase{"SfBeforeEndOfRecord", "SF:/a.cpp\nSF:/b.cpp\n",
                      "test.info:2: SF before the end_of_record"},
        MalformedCase{"BrdaMissingField", "SF:/a.cpp\nBRDA:1,0,1\nend_of_record\n",
                      "test.info:2: BRDA: expected"},
        MalformedCase{"BrdaBlockNotANumber", "SF:/a.cpp\nBRDA:1,x,0,1\nend_of_record\n",
                      "test.info:2: BRDA block"},
        MalformedCase{"FndaWithoutName", "SF:/a.cpp\nFNDA:1\nend_of_record\n",
                      "test.info:2: FNDA: missing function name"},
        MalformedCase{"FnaWithoutFnl", "SF:/a.cpp\nFNA:0,1,f\nend_of_record\n",
                      "test.info:2: FNA for an index without FNL"},
        MalformedCase{"SfWithoutPath", "SF:\n", "test.info:1: SF without a path"},
        MalformedCase{"SummaryNotANumber", "SF:/a.cpp\nLF:many\nend_of_record\n",
                      "test.info:2: summary record"}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

}  // namespace
}  // namespace automock::coverage
