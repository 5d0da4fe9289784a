#include "pipeline/deploy.hpp"

#include <algorithm>
#include <set>
#include <span>

#include "pipeline/health.hpp"

namespace automock::pipeline {

namespace {

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
      if (!deploy_batch(members) || !batch_healthy(members) || !restore_batch(members)) break;
    }
    if (outcome_.result == StageResult::failed || outcome_.result == StageResult::timed_out) {
      roll_back();
    }
    return outcome_;
  }

 private:
  // Runs `command` for `target` ({target} substituted, AUTOMOCK_TARGET set)
  // and says why it did not pass; `what` names the command in that message.
  StageResult run_for_target(std::string_view what, const std::string& command,
                             const std::string& target) const {
    const auto result = context_.run(substitute_target(command, target, TargetAs::shell_word),
                                     {{"AUTOMOCK_TARGET", target}});
    const StageResult stage_result = to_stage_result(result);
    const std::string subject = std::string{what} + " of " + target;
    if (stage_result == StageResult::failed) {
      context_.say(subject + " failed (exit code " + std::to_string(result.exit_code) + ")");
    } else if (stage_result == StageResult::timed_out) {
      context_.say(subject + " timed out");
    }
    return stage_result;
  }

  StageResult drain(const std::string& target) {
    context_.say("draining " + target);
    out_of_rotation_.insert(target);  // perhaps partly, even when the command fails
    const StageResult result = run_for_target("drain", *deploy_.drain, target);
    if (result == StageResult::passed) outcome_.drained.push_back(target);
    return result;
  }

  StageResult restore(const std::string& target) {
    context_.say("restoring " + target);
    const StageResult result = run_for_target("restore", *deploy_.restore, target);
    if (result == StageResult::passed) {
      out_of_rotation_.erase(target);
      outcome_.restored.push_back(target);
    }
    return result;
  }

  bool deploy_batch(std::span<const std::string> members) {
    for (const auto& target : members) {
      if (deploy_.drain) {
        outcome_.result = drain(target);
        if (outcome_.result != StageResult::passed) return false;
      }
      started_.push_back(target);
      outcome_.result = run_for_target("deploy", deploy_.command, target);
      if (outcome_.result != StageResult::passed) return false;
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

  bool restore_batch(std::span<const std::string> members) {
    if (!deploy_.restore) return true;
    for (const auto& target : members) {
      outcome_.result = restore(target);
      if (outcome_.result != StageResult::passed) return false;
    }
    return true;
  }

  void roll_back() {
    if (!restore_undeployed()) return;
    if (!deploy_.rollback) {
      context_.say("no rollback command: " + join(started_) + " left as they are");
      return;
    }
    for (auto target = started_.rbegin(); target != started_.rend(); ++target) {
      if (!roll_back_target(*target)) return;
    }
  }

  // Puts back the target whose drain failed before its deploy started: it
  // still runs the release it ran before. False when interrupted.
  bool restore_undeployed() {
    if (!deploy_.restore) return true;
    for (const auto& target : std::set<std::string>{out_of_rotation_}) {
      if (std::find(started_.begin(), started_.end(), target) != started_.end()) continue;
      if (restore(target) == StageResult::interrupted) return false;
    }
    return true;
  }

  // Drains `target` unless it is still out, rolls it back and restores it when
  // the rollback passed. A target whose drain fails is rolled back all the
  // same: a bad release serving traffic is worse. False when interrupted.
  bool roll_back_target(const std::string& target) {
    if (deploy_.drain && !out_of_rotation_.contains(target) &&
        drain(target) == StageResult::interrupted) {
      return false;
    }
    context_.say("rolling back " + target);
    const StageResult result = run_for_target("rollback", *deploy_.rollback, target);
    if (result == StageResult::interrupted) return false;
    if (result != StageResult::passed) {
      if (deploy_.restore) context_.say(target + " stays out of the load balancer");
      return true;
    }
    outcome_.rolled_back.push_back(target);
    return !deploy_.restore || restore(target) != StageResult::interrupted;
  }

  const DeployStep& deploy_;
  const StageContext& context_;
  DeployOutcome outcome_;
  std::vector<std::string> started_;
  // Targets drained (or whose drain was tried) and not restored since.
  std::set<std::string> out_of_rotation_;
};

}  // namespace

DeployOutcome run_deploy(const DeployStep& deploy, const StageContext& context) {
  return RollingDeploy(deploy, context).run();
}

}  // namespace automock::pipeline
