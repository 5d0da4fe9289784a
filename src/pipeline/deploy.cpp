#include "pipeline/deploy.hpp"

#include <algorithm>
#include <span>

#include "pipeline/health.hpp"

namespace automock::pipeline {

namespace {

std::map<std::string, std::string> target_env(const std::string& target) {
  return {{"AUTOMOCK_TARGET", target}};
}

std::string join(std::span<const std::string> items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

class RollingDeploy {
 public:
  RollingDeploy(const DeployStep& deploy, const StageContext& context)
      : deploy_(deploy), context_(context) {}

  DeployOutcome run() {
    const auto& targets = deploy_.targets;
    const std::size_t size = static_cast<std::size_t>(deploy_.batch_size);
    const std::size_t batches = (targets.size() + size - 1) / size;
    for (std::size_t batch = 0; batch < batches; ++batch) {
      const std::size_t first = batch * size;
      const std::span<const std::string> members{targets.data() + first,
                                                 std::min(size, targets.size() - first)};
      context_.say("batch " + std::to_string(batch + 1) + "/" + std::to_string(batches) + ": " +
                   join(members));
      if (!deploy_batch(members) || !batch_healthy(members)) break;
    }
    if (outcome_.result == StageResult::failed || outcome_.result == StageResult::timed_out) {
      roll_back();
    }
    return outcome_;
  }

 private:
  bool deploy_batch(std::span<const std::string> members) {
    for (const auto& target : members) {
      started_.push_back(target);
      const auto result = context_.run(
          substitute_target(deploy_.command, target, TargetAs::shell_word), target_env(target));
      outcome_.result = to_stage_result(result);
      if (outcome_.result != StageResult::passed) {
        context_.say("deploy to " + target + " " + std::string{to_string(outcome_.result)});
        return false;
      }
      outcome_.deployed.push_back(target);
    }
    return true;
  }

  bool batch_healthy(std::span<const std::string> members) {
    if (!deploy_.health) return true;
    for (const auto& target : members) {
      const Health health = check_health(*deploy_.health, target, context_);
      if (health == Health::healthy) continue;
      outcome_.result =
          health == Health::interrupted ? StageResult::interrupted : StageResult::failed;
      if (health == Health::unhealthy) context_.say("health check failed for " + target);
      return false;
    }
    return true;
  }

  void roll_back() {
    if (!deploy_.rollback) {
      context_.say("no rollback command: " + join(started_) + " left as they are");
      return;
    }
    for (auto target = started_.rbegin(); target != started_.rend(); ++target) {
      context_.say("rolling back " + *target);
      const auto result = context_.run(
          substitute_target(*deploy_.rollback, *target, TargetAs::shell_word), target_env(*target));
      if (result.outcome == ProcessOutcome::interrupted) return;
      if (result.ok()) {
        outcome_.rolled_back.push_back(*target);
      } else {
        context_.say("rollback of " + *target + " failed (exit code " +
                     std::to_string(result.exit_code) + ")");
      }
    }
  }

  const DeployStep& deploy_;
  const StageContext& context_;
  DeployOutcome outcome_;
  std::vector<std::string> started_;
};

}  // namespace

DeployOutcome run_deploy(const DeployStep& deploy, const StageContext& context) {
  return RollingDeploy(deploy, context).run();
}

}  // namespace automock::pipeline
