// The merged Report every reader fills: how report paths are made
// comparable, how counts add up, and the integer arithmetic of Totals.
#include "coverage/report.hpp"

#include <gtest/gtest.h>

namespace automock::coverage {
namespace {

const std::filesystem::path k_root = "/repo";

TEST(NormalizePathTest, RelativePathsAreCleanedLexically) {
  EXPECT_EQ(normalize_path("./src/a.cpp", k_root), "src/a.cpp");
  EXPECT_EQ(normalize_path("src/./core/../net/b.cpp", k_root), "src/net/b.cpp");
  EXPECT_EQ(normalize_path("src//core///c.cpp", k_root), "src/core/c.cpp");
}

TEST(NormalizePathTest, BackslashesBecomeSlashes) {
  EXPECT_EQ(normalize_path("src\\core\\a.cpp", k_root), "src/core/a.cpp");
  EXPECT_EQ(normalize_path("\\repo\\src\\a.cpp", k_root), "src/a.cpp");
}

TEST(NormalizePathTest, AbsolutePathsUnderTheRootBecomeRelative) {
  EXPECT_EQ(normalize_path("/repo/src/a.cpp", k_root), "src/a.cpp");
  EXPECT_EQ(normalize_path("/repo/build/../src/a.cpp", k_root), "src/a.cpp");
}

TEST(NormalizePathTest, AbsolutePathsOutsideTheRootStayAbsolute) {
  EXPECT_EQ(normalize_path("/usr/include/c++/12/vector", k_root), "/usr/include/c++/12/vector");
  // A sibling whose name starts like the root is not under it.
  EXPECT_EQ(normalize_path("/repository/src/a.cpp", k_root), "/repository/src/a.cpp");
  EXPECT_EQ(normalize_path("/repo/../etc/x.h", k_root), "/etc/x.h");
}

TEST(NormalizePathTest, RelativePathsLeavingTheRootKeepTheirDots) {
  EXPECT_EQ(normalize_path("../other/a.cpp", k_root), "../other/a.cpp");
  EXPECT_EQ(normalize_path("src/../../other/a.cpp", k_root), "../other/a.cpp");
}

TEST(ReportTest, SpellingsOfOneFileAreOneEntryWithSummedCounts) {
  Report report{k_root};
  report.file("/repo/src/a.cpp").add_line(3, 1);
  report.file("./src/a.cpp").add_line(3, 2);
  report.file("src\\a.cpp").add_line(4, 0);
  ASSERT_EQ(report.files().size(), 1u);
  EXPECT_EQ(report.files().front().path, "src/a.cpp");
  EXPECT_EQ(report.files().front().coverage.line(3), 3u);
  EXPECT_EQ(report.files().front().coverage.line(4), 0u);
  EXPECT_TRUE(report.contains("src/a.cpp"));
  EXPECT_FALSE(report.contains("./src/a.cpp"));
}

TEST(ReportTest, FilesKeepTheOrderTheyWereFirstSeenIn) {
  Report report{k_root};
  report.file("b.cpp");
  report.file("a.cpp");
  report.file("b.cpp");
  ASSERT_EQ(report.files().size(), 2u);
  EXPECT_EQ(report.files()[0].path, "b.cpp");
  EXPECT_EQ(report.files()[1].path, "a.cpp");
}

TEST(ReportTest, InternedNamesAreSharedAndReadBack) {
  Report report{k_root};
  const auto first = report.intern("_Z3foov");
  EXPECT_EQ(report.intern("_Z3foov"), first);
  EXPECT_NE(report.intern("_Z3barv"), first);
  EXPECT_EQ(report.name(first), "_Z3foov");
}

TEST(FileCoverageTest, LinesWithoutDataAreNotCounted) {
  FileCoverage file;
  file.add_line(10, 0);
  file.add_line(2, 5);
  EXPECT_EQ(file.line(1), FileCoverage::k_no_line);
  EXPECT_EQ(file.line(10), 0u);
  EXPECT_EQ(file.line(1000), FileCoverage::k_no_line);
  EXPECT_EQ(file.line_totals(), (Totals{1, 2}));
}

TEST(FileCoverageTest, RepeatedBranchesAndFunctionsMergeOnFinalize) {
  FileCoverage file;
  file.add_branch({.line = 5, .block = 0, .id = 0, .taken = 0});
  file.add_branch({.line = 5, .block = 0, .id = 1, .taken = 0});
  file.add_branch({.line = 5, .block = 0, .id = 0, .taken = 2});
  file.add_function({.name = 7, .line = 4, .count = 0});
  file.add_function({.name = 7, .line = 4, .count = 1});
  file.finalize();
  EXPECT_EQ(file.branches().size(), 2u);
  EXPECT_EQ(file.branch_totals(ExceptionBranches::include), (Totals{1, 2}));
  EXPECT_EQ(file.functions().size(), 1u);
  EXPECT_EQ(file.function_totals(), (Totals{1, 1}));
}

TEST(FileCoverageTest, ExceptionBranchesCountUnlessExcluded) {
  FileCoverage file;
  file.add_branch({.line = 1, .block = 0, .id = 0, .taken = 1});
  file.add_branch({.line = 1, .block = 1, .id = 0, .exception = true, .taken = 0});
  file.finalize();
  EXPECT_EQ(file.totals(Metric::branches, ExceptionBranches::include), (Totals{1, 2}));
  EXPECT_EQ(file.totals(Metric::branches, ExceptionBranches::exclude), (Totals{1, 1}));
  EXPECT_EQ(file.totals(Metric::lines, ExceptionBranches::exclude), (Totals{0, 0}));
}

TEST(FileCoverageTest, CountsSaturateInsteadOfWrapping) {
  FileCoverage file;
  file.add_line(1, k_max_count);
  file.add_line(1, 5);
  EXPECT_EQ(file.line(1), k_max_count);
  file.add_line(2, FileCoverage::k_no_line);
  EXPECT_EQ(file.line(2), k_max_count);
  EXPECT_EQ(saturating_add(k_max_count - 1, 1), k_max_count);
  EXPECT_EQ(saturating_add(k_max_count - 1, 2), k_max_count);
  EXPECT_EQ(saturating_add(3, 4), 7u);
}

TEST(TotalsTest, PercentagesAreTruncatedBasisPoints) {
  EXPECT_EQ((Totals{2, 3}).basis_points(), 6666u);
  EXPECT_EQ((Totals{8999, 10000}).basis_points(), 8999u);
  EXPECT_EQ((Totals{1, 1}).basis_points(), 10000u);
  EXPECT_EQ((Totals{0, 0}).basis_points(), 10000u);
  EXPECT_EQ((Totals{0, 7}).basis_points(), 0u);
}

TEST(TotalsTest, FloorsAreComparedWithoutRounding) {
  EXPECT_TRUE((Totals{2, 3}).meets(6666));
  EXPECT_FALSE((Totals{2, 3}).meets(6667));
  EXPECT_TRUE((Totals{0, 0}).meets(10000));
  EXPECT_TRUE((Totals{0, 5}).meets(0));
}

TEST(TotalsTest, HugeCountsDoNotOverflowTheComparison) {
  const Totals half{k_max_count / 2, k_max_count};  // exactly 50%
  EXPECT_TRUE(half.meets(5000));
  EXPECT_FALSE(half.meets(5001));
  EXPECT_EQ(half.basis_points(), 5000u);
  const Totals almost{k_max_count - 1, k_max_count};
  EXPECT_FALSE(almost.meets(10000));
  EXPECT_EQ(almost.basis_points(), 9999u);
}

TEST(TotalsTest, TotalsAddUpAndTellTheUncovered) {
  Totals sum{1, 4};
  sum += Totals{2, 2};
  EXPECT_EQ(sum, (Totals{3, 6}));
  EXPECT_EQ(sum.uncovered(), 3u);
  EXPECT_EQ(to_string(Metric::branches), "branches");
}

}  // namespace
}  // namespace automock::coverage
