#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>

#include "coverage/gate_support.hpp"

namespace automock::coverage {
namespace {

using testing::config_of;
using ::testing::HasSubstr;
using ::testing::Not;

std::string error_of(const std::string& json) {
  try {
    config_of(json);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(GateConfigTest, ReadsTheDesignExample) {
  const GateConfig config = config_of(R"({
    "root": ".",
    "modules": [
      {"name": "core", "paths": ["src/core/**", "include/automock/*.hpp"],
       "lines": 90.0, "functions": 85.0, "branches": null,
       "max_uncovered_lines": 40, "file_lines": 60.0, "min_lines_total": 500}
    ],
    "unowned": {"policy": "fail"},
    "total": {"lines": 85.0}
  })");
  ASSERT_EQ(config.modules.size(), 1u);
  const Rules& rules = config.modules[0].rules;
  EXPECT_EQ(rules[Metric::lines].min_basis_points, 9000u);
  EXPECT_EQ(rules[Metric::functions].min_basis_points, 8500u);
  EXPECT_FALSE(rules[Metric::branches].gated());
  EXPECT_EQ(rules[Metric::lines].max_uncovered, 40u);
  EXPECT_EQ(rules[Metric::lines].file_min_basis_points, 6000u);
  EXPECT_EQ(rules[Metric::lines].min_total, 500u);
  EXPECT_EQ(config.unowned.policy, UnownedPolicy::fail);
  EXPECT_EQ(config.total[Metric::lines].min_basis_points, 8500u);
  EXPECT_EQ(config.root, std::filesystem::path("/repo"));
}

TEST(GateConfigTest, ReadsTheCoverageSectionOfAutomockJson) {
  const GateConfig config = config_of(
      R"({"fixtures": "f", "coverage": {"root": "sub", "modules": [{"name": "a", "paths": ["a/**"]}]}})");
  EXPECT_EQ(config.modules.at(0).name, "a");
  EXPECT_EQ(config.root, std::filesystem::path("/repo/sub"));
}

TEST(GateConfigTest, ReadsTheBaselineTolerance) {
  EXPECT_EQ(config_of(R"({"modules": [], "baseline": {"shrink_tolerance": 5}})")
                .baseline.shrink_tolerance_basis_points,
            500u);
  EXPECT_EQ(config_of(R"({"modules": []})").baseline.shrink_tolerance_basis_points, 200u);
  EXPECT_THROW(config_of(R"({"modules": [], "baseline": {"tolerance": 5}})"), ConfigError);
}

TEST(GateConfigTest, PercentagesAreExactBasisPoints) {
  EXPECT_EQ(percent_to_basis_points(71.43), 7143u);
  EXPECT_EQ(percent_to_basis_points(71.42), 7142u);
  EXPECT_EQ(percent_to_basis_points(100), 10000u);
  EXPECT_EQ(percent_to_basis_points(0.01), 1u);
  EXPECT_EQ(percent_to_basis_points(71.425), std::nullopt);
  EXPECT_EQ(percent_to_basis_points(100.01), std::nullopt);
  EXPECT_EQ(percent_to_basis_points(-1), std::nullopt);
}

// Found by fuzz/coverage_config_fuzzer.cpp: nlohmann's out_of_range for a
// number too large for a double escaped as a non-automock exception.
TEST(GateConfigTest, NumberTooLargeForADoubleIsAConfigError) {
  EXPECT_THAT(error_of(R"({"modules": [], "total": {"lines": 6e66666}})"),
              HasSubstr("coverage.json: /: not valid JSON: "));
}

TEST(GateConfigTest, ErrorsNameTheJsonPath) {
  EXPECT_THAT(error_of(R"({"modules": [], "colour": 1})"),
              HasSubstr("coverage.json: /colour: unknown key"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": ["a/**"], "line": 90}]})"),
              HasSubstr("/modules/0/line: unknown key"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": ["a/**", "src/a**b"]}]})"),
              HasSubstr("/modules/0/paths/1: invalid glob 'src/a**b'"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": ["src/[ab"]}]})"),
              HasSubstr("/modules/0/paths/0: invalid glob"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": []}]})"),
              HasSubstr("/modules/0/paths"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": ["a"], "lines": 101}]})"),
              HasSubstr("/modules/0/lines: expected a percentage from 0 to 100"));
  EXPECT_THAT(error_of(R"({"modules": [{"name": "a", "paths": ["a"], "lines": "90"}]})"),
              HasSubstr("/modules/0/lines: expected a percentage"));
  EXPECT_THAT(
      error_of(R"({"modules": [{"name": "a", "paths": ["a"], "max_uncovered_lines": -1}]})"),
      HasSubstr("/modules/0/max_uncovered_lines: expected a non-negative integer"));
  EXPECT_THAT(
      error_of(R"({"modules": [{"name": "a", "paths": ["a"]}, {"name": "a", "paths": ["b"]}]})"),
      HasSubstr("/modules/1/name: duplicate module name 'a'"));
  EXPECT_THAT(error_of(R"({"modules": [], "unowned": {"policy": "warn"}})"),
              HasSubstr("/unowned/policy"));
  EXPECT_THAT(error_of(R"({"modules": [{"paths": ["a"]}]})"),
              HasSubstr("/modules/0: missing \"name\""));
  EXPECT_THAT(
      error_of(R"({"modules": [{"name": "a", "paths": ["a"], "exception_branches": "no"}]})"),
      HasSubstr("/modules/0/exception_branches"));
  EXPECT_THAT(error_of("{"), HasSubstr("coverage.json: /: not valid JSON at line 1, column 2: "
                                       "the text ends too early"));
  EXPECT_THAT(error_of("{\"modules\" 1}"),
              HasSubstr("coverage.json: /: not valid JSON at line 1, column 12: unexpected '1'"));
  EXPECT_THAT(error_of(R"({"coverage": {"modules": [], "x": 1}})"),
              HasSubstr("/coverage/x: unknown key"));
}

TEST(GateConfigTest, ErrorsAreInOurOwnWordsNotTheJsonLibrarys) {
  for (const char* text : {"{", R"({"modules": 3})", R"({"modules": [{"name": 1}]})"}) {
    EXPECT_THAT(error_of(text), Not(HasSubstr("json.exception"))) << text;
  }
}

TEST(GateConfigTest, MissingFileIsAnIoErrorNamingTheFile) {
  try {
    load_gate_config("/nonexistent/coverage.json");
    FAIL() << "a missing file was read";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent/coverage.json"));
  }
}

}  // namespace
}  // namespace automock::coverage
