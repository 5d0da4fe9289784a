#pragma once
// Applies a module's rules to its figures and records each broken rule.

#include <string>

#include "coverage/gate.hpp"

namespace automock::coverage {

// "71.42%": truncated, never rounded, so a failing figure never reads as passing.
std::string format_percent(std::uint32_t basis_points);
// "71.42%" for a total, "-" when there is nothing to count.
std::string format_percent(const Totals& totals);

// Appends to module.failures one reason per broken rule.
void judge(ModuleResult& module);

}  // namespace automock::coverage
