#pragma once
// A fixture that writes a pipeline file into a temp dir and runs it with the
// library, output captured.

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

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
  // Runs the pipeline with an interrupt requested once `pid_file` (written by
  // a stage's command) holds a line.
  pipeline::RunRecord run_interrupted_at(const std::string& pid_file,
                                         const std::string& pipeline_json) {
    pipeline::Interrupt interrupt;
    options_.interrupt = &interrupt;
    std::thread stopper([&] {
      if (wait_for_line(path(pid_file))) interrupt.request();
    });
    auto record = run(pipeline_json);
    stopper.join();
    options_.interrupt = nullptr;
    return record;
  }
  // Runs one stage `run` (a JSON string) that must time out, and checks that
  // the process whose pid it wrote to `pid_file` was killed and reaped.
  void expect_timeout_reaps(const std::string& run_json, const std::string& pid_file) {
    const auto record =
        run(R"({"stages": [{"name": "s", "timeout_s": 1, "run": )" + run_json + "}]}");
    EXPECT_EQ(record.stages[0].result, pipeline::StageResult::timed_out);
    ASSERT_TRUE(wait_for_line(path(pid_file)));
    EXPECT_TRUE(process_reaped(read_pid(path(pid_file))));
  }
  std::string output() const { return out_.str(); }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

  TempDir dir_;
  std::ostringstream out_;
  pipeline::RunOptions options_;
};

}  // namespace automock::test
