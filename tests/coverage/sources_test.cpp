#include "coverage/sources.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <automock/error.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "coverage/gate_support.hpp"
#include "coverage/test_support.hpp"
#include "support/temp_dir.hpp"

namespace automock::coverage {
namespace {

using ::testing::ElementsAre;

// The lines gcovr reports for `file` in the combined sample.
std::vector<std::uint32_t> gcovr_lines(const std::string& file) {
  const auto document =
      nlohmann::json::parse(testing::read_text(testing::k_samples / "combined.gcovr.json"));
  std::vector<std::uint32_t> lines;
  for (const auto& entry : document.at("files")) {
    if (entry.at("file") != file) continue;
    for (const auto& line : entry.at("lines")) {
      if (!line.at("gcovr/noncode").get<bool>() && !line.value("gcovr/excluded", false)) {
        lines.push_back(line.at("line_number").get<std::uint32_t>());
      }
    }
  }
  return lines;
}

class EstimateSampleTest : public ::testing::TestWithParam<const char*> {};

TEST_P(EstimateSampleTest, EstimatedLinesEqualWhatGcovInstrumented) {
  const std::string source = testing::read_text(testing::k_samples / "sample" / GetParam());
  EXPECT_EQ(estimate_executable_lines(source), gcovr_lines(GetParam()));
}

// "shapes.hpp" is named "shapes_hpp".
std::string sample_name(const ::testing::TestParamInfo<const char*>& sample) {
  std::string name = sample.param;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, EstimateSampleTest,
                         ::testing::Values("main.cpp", "shapes.cpp", "shapes.hpp", "unlinked.cpp"),
                         sample_name);

TEST(EstimateTest, CommentsStringsAndDeclarationsDoNotCount) {
  EXPECT_THAT(estimate_executable_lines("namespace x {\n"
                                        "struct S { int a; };\n"
                                        "/* f() {\n"
                                        "  g(); */\n"
                                        "int f(int v) {\n"
                                        "  return v + \"}{\"[0];\n"
                                        "}\n"
                                        "}  // namespace x\n"),
              ElementsAre(5, 6));
}

TEST(AddMissingSourcesTest, AbsentSourcesCountAsUncovered) {
  test::TempDir dir;
  dir.write("src/a.cpp", "int a() {\n  return 1;\n}\n");
  dir.write("src/b.cpp", "int b() {\n  return 2;\n}\n");
  dir.write("src/notes.txt", "not code\n");
  Report report(dir.path());
  testing::add_lines(report, (dir.path() / "src/a.cpp").string(), 2, 2);
  EXPECT_EQ(add_missing_sources(report, {"src/**/*.cpp"}), 1u);
  report.finalize();
  const FileCoverage* b = testing::find_file(report, "src/b.cpp");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->line_totals(), (Totals{0, 2}));
  EXPECT_EQ(testing::find_file(report, "src/a.cpp")->line_totals(), (Totals{2, 2}));
}

TEST(AddMissingSourcesTest, AModuleWhoseTestsStoppedBuildingDropsInsteadOfVanishing) {
  test::TempDir dir;
  dir.write("src/net/socket.cpp", "int open_socket() {\n  return 3;\n}\n");
  Report report(dir.path());
  testing::add_lines(report, "src/core/a.cpp", 1, 1);
  add_missing_sources(report, {"src/**"});
  report.finalize();
  const GateResult result = evaluate(
      testing::config_of(R"({"modules": [{"name": "net", "paths": ["src/net/**"], "lines": 80}]})"),
      report);
  EXPECT_EQ(result.modules[0].verdict(), Verdict::fail);
  EXPECT_EQ(result.modules[0][Metric::lines], (Totals{0, 2}));
}

TEST(AddMissingSourcesTest, InvalidGlobIsAnInputError) {
  Report report("/repo");
  EXPECT_THROW(add_missing_sources(report, {"src/a**"}), InputError);
}

}  // namespace
}  // namespace automock::coverage
