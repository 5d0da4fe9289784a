#include "coverage/baseline.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <filesystem>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "coverage/gate_support.hpp"
#include "support/temp_dir.hpp"

namespace automock::coverage {
namespace {

using testing::add_lines;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* k_config = R"({"modules": [{"name": "core", "paths": ["src/core/**"]}]})";

GateResult result_with(std::initializer_list<std::tuple<const char*, int, int>> files) {
  Report report("/repo");
  for (const auto& [path, covered, total] : files) add_lines(report, path, covered, total);
  return testing::gate(k_config, report);
}

Baseline committed() {
  return baseline_of(result_with({{"src/core/a.cpp", 80, 100}, {"src/core/b.cpp", 10, 100}}));
}

TEST(BaselineTest, RecordsCoveredTotalFilesAndCoveredFiles) {
  const Baseline baseline = committed();
  const ModuleBaseline& core = baseline.modules.at("core");
  EXPECT_EQ(core.files, 2u);
  EXPECT_EQ(core.lines_covered, 90u);
  EXPECT_EQ(core.lines_total, 200u);
  EXPECT_THAT(core.covered_files, ElementsAre("src/core/a.cpp", "src/core/b.cpp"));
}

TEST(BaselineTest, ShrinkWithinToleranceAndGrowthPass) {
  const BaselineConfig config{200};
  EXPECT_THAT(
      check_baseline(committed(),
                     result_with({{"src/core/a.cpp", 80, 100}, {"src/core/b.cpp", 0, 96}}), config),
      IsEmpty());
  EXPECT_THAT(check_baseline(committed(),
                             result_with({{"src/core/a.cpp", 80, 100},
                                          {"src/core/b.cpp", 10, 100},
                                          {"src/core/c.cpp", 0, 50}}),
                             config),
              IsEmpty());
}

TEST(BaselineTest, ShrinkBeyondToleranceFails) {
  const auto failures = check_baseline(
      committed(), result_with({{"src/core/a.cpp", 80, 100}, {"src/core/b.cpp", 10, 90}}),
      BaselineConfig{200});
  EXPECT_THAT(failures, ElementsAre("core: 190 lines, baseline 200 (shrank more than 2.00%)"));
}

TEST(BaselineTest, FewerFilesBeyondToleranceFail) {
  const auto failures =
      check_baseline(committed(), result_with({{"src/core/a.cpp", 80, 200}}), BaselineConfig{200});
  EXPECT_THAT(failures, ElementsAre("core: 1 files, baseline 2 (shrank more than 2.00%)",
                                    "core: covered file src/core/b.cpp disappeared"));
}

TEST(BaselineTest, ADisappearedCoveredFileFails) {
  const auto failures = check_baseline(
      committed(), result_with({{"src/core/a.cpp", 80, 100}, {"src/core/c.cpp", 0, 100}}),
      BaselineConfig{200});
  EXPECT_THAT(failures, ElementsAre("core: covered file src/core/b.cpp disappeared"));
}

TEST(BaselineTest, DecreasesAreFoundExactly) {
  const Baseline lower =
      baseline_of(result_with({{"src/core/a.cpp", 80, 100}, {"src/core/b.cpp", 0, 100}}));
  EXPECT_THAT(find_decreases(committed(), lower),
              ElementsAre("core: lines 40.00% (80/200), was 45.00% (90/200)",
                          "core: src/core/b.cpp is no longer covered"));
  const Baseline higher =
      baseline_of(result_with({{"src/core/a.cpp", 81, 100}, {"src/core/b.cpp", 10, 100}}));
  EXPECT_THAT(find_decreases(committed(), higher), IsEmpty());
  EXPECT_THAT(find_decreases(committed(), Baseline{}), ElementsAre("core: module removed"));
  const Baseline smaller = baseline_of(result_with({{"src/core/a.cpp", 90, 100}}));
  EXPECT_THAT(find_decreases(committed(), smaller),
              ElementsAre("core: 1 files, was 2", "core: 100 lines, was 200",
                          "core: src/core/b.cpp is no longer covered"));
}

TEST(BaselineTest, SavesAndLoadsTheSameBaseline) {
  test::TempDir dir;
  Baseline baseline = committed();
  baseline.decreases.push_back({"dropped the legacy parser", {"core: 1 files, was 2"}});
  save_baseline(baseline, dir.path() / "baseline.json");
  EXPECT_EQ(load_baseline(dir.path() / "baseline.json"), baseline);
}

// Saves `baseline` to `file`; false when the save failed with an IoError.
bool saved(const Baseline& baseline, const std::filesystem::path& file) {
  try {
    save_baseline(baseline, file);
    return true;
  } catch (const IoError&) {
    return false;
  }
}

TEST(BaselineTest, TwoGatesSavingOneBaselineAtOnceLeaveOneWholeBaseline) {
  test::TempDir dir;
  const auto file = dir.path() / "baseline.json";
  // Alike in size, so the two saves overlap; the longer one by a module.
  Baseline small = committed();
  for (int i = 0; i < 200; ++i) {
    small.modules["module_" + std::to_string(i)] = {1, 1, 2, {"src/m.cpp"}};
  }
  Baseline large = small;
  large.modules["module_extra"] = {3, 5, 8, {"src/extra.cpp"}};
  for (int round = 0; round < 60; ++round) {
    std::latch start{2};
    bool small_saved = false;
    std::thread other{[&] {
      start.arrive_and_wait();
      small_saved = saved(small, file);
    }};
    start.arrive_and_wait();
    const bool large_saved = saved(large, file);
    other.join();
    ASSERT_TRUE(small_saved && large_saved) << "round " << round;
    const Baseline loaded = load_baseline(file);
    ASSERT_TRUE(loaded == small || loaded == large) << "round " << round;
  }
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator{dir.path()}) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ElementsAre("baseline.json"));
}

TEST(BaselineTest, InvalidBaselineNamesTheJsonPointer) {
  test::TempDir dir;
  const auto file =
      dir.write("baseline.json", R"({"version": 1, "modules": {"core": {"files": "2"}}})");
  try {
    load_baseline(file);
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.json_path(), "/modules/core/files");
  }
  EXPECT_THROW(load_baseline(dir.write("v2.json", R"({"version": 2, "modules": {}})")),
               ConfigError);
  EXPECT_THROW(load_baseline(dir.path() / "missing.json"), IoError);
  EXPECT_THROW(load_baseline(dir.write("huge.json", R"({"version": 1e999})")), ConfigError);
}

}  // namespace
}  // namespace automock::coverage
