#pragma once
// Pieces shared by the output formats.

#include <string>
#include <vector>

#include "coverage/gate.hpp"
#include "coverage/output.hpp"

namespace automock::coverage {

// "5/7 71.42%", or "-" when there is nothing to count.
std::string figure(const Totals& totals);
// "lines>=90.00% uncovered-lines<=40 file-lines>=60.00% lines-total>=500", "-" if none.
std::string rules_summary(const Rules& rules);
// The rows in display order: modules, then unowned (if shown), then total.
std::vector<const ModuleResult*> rows(const GateResult& result);
// The modules that fail or vanished, in display order.
std::vector<const ModuleResult*> failing(const GateResult& result);
bool failed(const ModuleResult& module);

// The json and junit outputs (output_structured.cpp).
void render_structured(const GateResult& result, OutputFormat format, std::size_t worst_files,
                       std::ostream& out);

}  // namespace automock::coverage
