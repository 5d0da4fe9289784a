#pragma once
// The HTML page and SVG badges of the coverage gate (output_html.cpp).

#include <cstddef>
#include <ostream>
#include <string>

#include "coverage/gate.hpp"

namespace automock::coverage {

// The self-contained page: one bar per module (line coverage, its threshold
// marked, green when it passes, red when it fails, grey when not gated) and,
// for each failing module, its failures and the files that pull it down.
void render_html(const GateResult& result, std::size_t worst_files, std::ostream& out);

// A flat badge "<label> | <line coverage>" coloured like the module's bar.
std::string badge_svg(const std::string& label, const ModuleResult& module);
// The overall badge: "coverage | <total line coverage>", coloured by the
// gate's verdict.
std::string overall_badge_svg(const GateResult& result);

// "badge-<name>.svg" with every character outside [A-Za-z0-9_.-] as '_'.
std::string badge_file_name(const std::string& module_name);

}  // namespace automock::coverage
