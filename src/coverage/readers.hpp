#pragma once
// Coverage report readers. Each adds what it reads to a Report, so reading
// several reports into one Report merges them (counts summed per file and
// line). The kind of a report is detected from its content, never its name.
//
// Errors: malformed input throws InputError naming "file:line: what" (exit
// 2); an unknown record is a warning on the Report with the same prefix.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "coverage/report.hpp"

namespace automock::coverage {

enum class Format { automatic, lcov, gcovr_json, cobertura };

// "auto", "lcov", "gcovr-json" or "cobertura"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);

// lcov tracefile (starts with a record such as TN:, SF: or VER:), gcovr JSON
// (a JSON object) or Cobertura XML. Throws InputError when it is none.
Format detect_format(std::string_view content, const std::string& origin);

// lcov 1.x and 2.x tracefiles: TN SF FN FNDA FNF FNH FNL FNA DA LF LH BRDA
// BRF BRH VER end_of_record. Totals come from the detail records; LF/LH,
// BRF/BRH and FNF/FNH are cross-checked and a mismatch is a warning.
void read_lcov(std::string_view text, const std::string& origin, Report& into);
// gcovr --json (format versions 0.x): non-code and excluded lines are skipped,
// branches flagged `throw` are exception branches.
void read_gcovr_json(std::string_view text, const std::string& origin, Report& into);
// Cobertura XML (gcovr, coverage.py, JaCoCo converted). Repeated <line>
// entries for one line (template instances) are merged into one line.
void read_cobertura(std::string_view text, const std::string& origin, Report& into);

void read_report(std::string_view text, const std::string& origin, Format format, Report& into);
// Reads the whole file and dispatches on `format` (detected when automatic).
// Throws InputError when the file cannot be read.
void read_report_file(const std::filesystem::path& file, Format format, Report& into);

}  // namespace automock::coverage
