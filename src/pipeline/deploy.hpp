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
};

// Deploys batch by batch, each batch health-checked before the next starts.
// On a failed deploy command or health check, rolls back every target whose
// deploy was started in this run, newest first. An interrupt stops at once,
// without rollback.
DeployOutcome run_deploy(const DeployStep& deploy, const StageContext& context);

}  // namespace automock::pipeline
