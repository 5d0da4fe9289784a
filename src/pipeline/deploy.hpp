#pragma once
// The rolling deploy stage.

#include <string>
#include <vector>

#include "pipeline/history.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {

struct DeployOutcome {
  StageResult result = StageResult::passed;
  std::vector<std::string> deployed;     // deploy command passed, in order
  std::vector<std::string> rolled_back;  // rollback command passed, newest first
  std::vector<std::string> drained;      // drain command passed, in order
  std::vector<std::string> restored;     // restore command passed, in order
};

// Deploys batch by batch: each target of a batch is drained (when the step
// has a drain command) and deployed, then every target of the batch is
// health-checked, then restored, before the next batch starts. A failed (or
// timed out) drain, deploy, health check or restore fails the stage and rolls
// back every target whose deploy was started in this run, newest first: each
// is drained unless it is still out of the load balancer, rolled back, and
// restored when its rollback passed. A target whose drain failed before its
// deploy started is only restored. An interrupt stops at once, without
// rollback or restore.
DeployOutcome run_deploy(const DeployStep& deploy, const StageContext& context);

}  // namespace automock::pipeline
