// Drain and restore around each target of a rolling deploy: the order of
// every command, and what a failed drain, restore or rollback leads to.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/runner_fixture.hpp"

namespace automock::test {
namespace {

using pipeline::RunResult;
using Lines = std::vector<std::string>;

// Each command logs "<what> <target>" to order.log and fails when that line
// is in the file `fails`.
std::string logged(const std::string& what) {
  return "echo " + what + R"( {target} >> order.log; ! grep -qxF \")" + what +
         R"( $AUTOMOCK_TARGET\" fails)";
}

std::string balanced_pipeline(const std::string& targets, int batch_size) {
  return R"({"stages": [{"name": "deploy", "deploy": {"targets": )" + targets +
         R"(, "batch_size": )" + std::to_string(batch_size) + R"(, "drain": ")" + logged("drain") +
         R"(", "run": ")" + logged("deploy") + R"(", "health": {"run": ")" + logged("health") +
         R"(", "retries": 0}, "restore": ")" + logged("restore") + R"(", "rollback": ")" +
         logged("rollback") + R"("}}]})";
}

class DrainRestoreTest : public RunnerTest {
 protected:
  // Runs the pipeline with the commands named in `failing` ("drain b") failing.
  pipeline::RunRecord run_failing(const std::string& targets, int batch_size,
                                  const Lines& failing = {}) {
    std::string fails;
    for (const auto& line : failing) fails += line + "\n";
    write_file(path("fails"), fails);
    return run(balanced_pipeline(targets, batch_size));
  }
  Lines order() const { return read_lines(path("order.log")); }
  // True when the runner printed `line` (a whole line).
  bool said(const std::string& line) const {
    return output().find(line + "\n") != std::string::npos;
  }
};

TEST_F(DrainRestoreTest, EachTargetIsDrainedDeployedCheckedAndRestoredBatchByBatch) {
  const auto record = run_failing(R"(["a", "b", "c"])", 2);
  EXPECT_EQ(record.result, RunResult::passed);
  EXPECT_EQ(order(),
            (Lines{"drain a", "deploy a", "drain b", "deploy b", "health a", "health b",
                   "restore a", "restore b", "drain c", "deploy c", "health c", "restore c"}));
  EXPECT_EQ(record.drained, (Lines{"a", "b", "c"}));
  EXPECT_EQ(record.restored, (Lines{"a", "b", "c"}));
  EXPECT_TRUE(said("[deploy] draining a")) << output();
  EXPECT_TRUE(said("[deploy] restoring c")) << output();
}

TEST_F(DrainRestoreTest, RollbackDrainsOnlyTargetsBackInTheBalancerAndRestoresEach) {
  const auto record = run_failing(R"(["a", "b", "c"])", 1, {"health b"});
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(order(),
            (Lines{"drain a", "deploy a", "health a", "restore a", "drain b", "deploy b",
                   "health b", "rollback b", "restore b", "drain a", "rollback a", "restore a"}));
  EXPECT_EQ(record.rolled_back, (Lines{"b", "a"}));
  EXPECT_EQ(record.restored, (Lines{"a", "b", "a"}));
}

TEST_F(DrainRestoreTest, AFailedDrainFailsTheTargetWhichIsRestoredButNeverDeployed) {
  const auto record = run_failing(R"(["a", "b", "c"])", 1, {"drain b"});
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(order(), (Lines{"drain a", "deploy a", "health a", "restore a", "drain b", "restore b",
                            "drain a", "rollback a", "restore a"}));
  EXPECT_EQ(record.deployed, (Lines{"a"}));
  EXPECT_EQ(record.rolled_back, (Lines{"a"}));
  EXPECT_TRUE(said("[deploy] drain of b failed (exit code 1)")) << output();
}

TEST_F(DrainRestoreTest, AFailedRestoreFailsTheTargetAndRollsBackTheDeploy) {
  const auto record = run_failing(R"(["a", "b"])", 1, {"restore b"});
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(order(), (Lines{"drain a", "deploy a", "health a", "restore a", "drain b", "deploy b",
                            "health b", "restore b", "rollback b", "restore b", "drain a",
                            "rollback a", "restore a"}));
  EXPECT_EQ(record.deployed, (Lines{"a", "b"}));
  EXPECT_EQ(record.rolled_back, (Lines{"b", "a"}));
  EXPECT_EQ(record.restored, (Lines{"a", "a"}));
  EXPECT_TRUE(record.failed_change());
}

TEST_F(DrainRestoreTest, AFailedDeployIsRolledBackAndRestoredWithoutASecondDrain) {
  const auto record = run_failing(R"(["a", "b"])", 1, {"deploy a"});
  EXPECT_EQ(record.result, RunResult::failed);
  EXPECT_EQ(order(), (Lines{"drain a", "deploy a", "rollback a", "restore a"}));
  EXPECT_EQ(record.drained, (Lines{"a"}));
}

TEST_F(DrainRestoreTest, ATargetWhoseRollbackFailsStaysOutOfTheBalancer) {
  const auto record = run_failing(R"(["a", "b"])", 2, {"health b", "rollback a"});
  EXPECT_TRUE(said("[deploy] a stays out of the load balancer")) << output();
  EXPECT_EQ(order(), (Lines{"drain a", "deploy a", "drain b", "deploy b", "health a", "health b",
                            "rollback b", "restore b", "rollback a"}));
  EXPECT_EQ(record.rolled_back, (Lines{"b"}));
  EXPECT_EQ(record.restored, (Lines{"b"}));
  EXPECT_EQ(record.result, RunResult::failed);
}

TEST_F(DrainRestoreTest, AnInterruptDuringADrainStopsAtOnceRestoringNothing) {
  const auto record =
      run_interrupted_at("b.pid", R"({"stages": [{"name": "deploy", "timeout_s": 20, "deploy": {
    "targets": ["a", "b"], "run": "echo deploy {target} >> order.log",
    "drain": "echo drain {target} >> order.log; test {target} != b || { echo $$ > b.pid; sleep 30; }",
    "restore": "echo restore {target} >> order.log", "rollback": "echo rollback >> order.log"}}]})");
  EXPECT_EQ(record.result, RunResult::interrupted);
  EXPECT_EQ(order(), (Lines{"drain a", "deploy a", "restore a", "drain b"}));
  EXPECT_TRUE(process_gone(read_pid(path("b.pid"))));
}

}  // namespace
}  // namespace automock::test
