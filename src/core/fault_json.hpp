#pragma once
// The JSON form of fault rules (docs/replay-server.md, "Faults"), read by
// automock.json's "faults" and by POST /__automock/faults.

#include <automock/fault.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/config_reader.hpp"

namespace automock {

// Reads the array `node` at JSON pointer `path`. Throws ConfigError naming
// the field at fault.
std::vector<FaultRule> read_fault_rules(const ConfigReader& reader, const nlohmann::json& node,
                                        const std::string& path);

}  // namespace automock
