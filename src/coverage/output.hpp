#pragma once
// Renders a GateResult: a table per module (files, lines, branches,
// functions as covered/total and a percentage truncated to two decimals,
// the rules, the verdict) and, for each failing module, why and the files
// that pull it down most.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string_view>

#include "coverage/gate.hpp"

namespace automock::coverage {

enum class OutputFormat { text, json, junit, markdown, github, html };

// "text", "json", "junit", "markdown", "github" or "html"; nullopt otherwise.
std::optional<OutputFormat> parse_output_format(std::string_view name);

// `worst_files`: how many files to list per failing module. html writes the
// page alone (see write_html_report).
void render(const GateResult& result, OutputFormat format, std::size_t worst_files,
            std::ostream& out);

// Writes into `directory` (created if missing): index.html, a static page
// with one bar per module (line coverage, its threshold marked, green when
// it passes, red when it fails) and, for failing modules, the files that
// pull them down; badge.svg (overall) and badge-<module>.svg per module
// (characters outside [A-Za-z0-9_.-] as '_'). Files are replaced
// atomically. Throws IoError.
void write_html_report(const GateResult& result, std::size_t worst_files,
                       const std::filesystem::path& directory);

}  // namespace automock::coverage
