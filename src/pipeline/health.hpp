#pragma once
// The health check that gates each deploy batch.

#include <string_view>

#include "pipeline/pipeline.hpp"
#include "pipeline/stage_context.hpp"

namespace automock::pipeline {

enum class Health { healthy, unhealthy, interrupted };

// Tries the check for `target` up to 1 + retries times, retry_delay_ms apart;
// healthy at the first pass. Reports each failed attempt through `context`.
Health check_health(const HealthCheck& check, std::string_view target, const StageContext& context);

}  // namespace automock::pipeline
