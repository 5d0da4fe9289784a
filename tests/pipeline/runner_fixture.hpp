#pragma once
// A fixture that writes a pipeline file into a temp dir and runs it with the
// library, output captured.

#include <gtest/gtest.h>

#include <sstream>

#include "pipeline/runner.hpp"
#include "pipeline/support.hpp"

namespace automock::test {

class RunnerTest : public ::testing::Test {
 protected:
  pipeline::RunRecord run(const std::string& pipeline_json) {
    write_file(dir_ / "pipeline.json", pipeline_json);
    const auto pipeline = pipeline::load_pipeline(dir_ / "pipeline.json");
    options_.out = &out_;
    options_.kill_grace = std::chrono::milliseconds{300};
    return pipeline::run_pipeline(pipeline, options_);
  }
  std::string output() const { return out_.str(); }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

  TempDir dir_;
  std::ostringstream out_;
  pipeline::RunOptions options_;
};

}  // namespace automock::test
