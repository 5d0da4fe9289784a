#pragma once
// The report of a drift check, in the coverage gate's formats: text, json,
// junit (one test case per cassette), markdown and github (workflow
// annotations on each fixture file).

#include <ostream>

#include "coverage/output.hpp"
#include "tooling/drift_check.hpp"

namespace automock::tooling {

// True when nothing drifted (exchanges left unsent are listed, not failures).
bool passed(const DriftReport& report);

// Writes `report` in `format`; html is not a drift format and throws
// InputError.
void render_drift(const DriftReport& report, coverage::OutputFormat format, std::ostream& out);

}  // namespace automock::tooling
