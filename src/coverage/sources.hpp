#pragma once
// Source files that no report mentions (a test binary that stopped being
// built) count as 0% covered, like lcov --initial but without gcov: their
// executable lines are estimated from the C/C++ text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coverage/report.hpp"

namespace automock::coverage {

// The lines gcov would instrument, estimated: lines inside function bodies
// (and the line opening one) that hold more than braces, `try`, `else` or
// `do`; comments, preprocessor lines, declarations outside functions and
// lines excluded by LCOV_EXCL_* / GCOVR_EXCL_* markers do not count.
std::vector<std::uint32_t> estimate_executable_lines(std::string_view source);

// Adds every file under the report's root that matches one of `globs`
// (module-style patterns) and is absent from the report, with its estimated
// executable lines at count 0. Returns how many files were added. Throws
// InputError for an invalid glob.
std::size_t add_missing_sources(Report& report, const std::vector<std::string>& globs);

}  // namespace automock::coverage
