#pragma once
// The contract stage of `automock run` (docs/pipeline.md, "Contract stage"):
// the new build of a service is started on a free loopback port, the
// consumers' cassettes are verified against it as `automock fixtures verify
// --allow-unsafe` would (shape, recorded order; the instance is throwaway),
// and its processes are stopped. A stage placed before the deploy stages
// stops a release that breaks a consumer before it reaches an instance.

#include "core/config_reader.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {

// The "contract" object of a stage: {"start", "fixtures", "config",
// "test_binary", "ready_timeout_s"}. Throws ConfigError naming the value at
// fault (a start command without {port}, no fixtures...).
ContractStep parse_contract(const ObjectReader& stage);

// Runs the contract check; relative paths are taken from the stage's cwd.
// The service's output is streamed as the stage's. Failed when the service
// exits or does not accept within ready_timeout_s, when a fixture tree or
// the config cannot be read, or when any exchange drifted (each drift named:
// fixture, JSON pointer, test, re-record command). Named secrets come from
// the stage's env, then the runner's. The service's process group (and every
// process it started) is stopped before it returns.
StageResult run_contract(const ContractStep& step, const StageContext& context);

}  // namespace automock::pipeline
