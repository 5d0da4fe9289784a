#pragma once
// Renders a GateResult: a table per module (files, lines, branches,
// functions as covered/total and a percentage truncated to two decimals,
// the rules, the verdict) and, for each failing module, why and the files
// that pull it down most.

#include <automock/coverage/gate.hpp>
#include <optional>
#include <ostream>
#include <string_view>

namespace automock::coverage {

enum class OutputFormat { text, json, junit, markdown, github };

// "text", "json", "junit", "markdown" or "github"; nullopt otherwise.
std::optional<OutputFormat> parse_output_format(std::string_view name);

// `worst_files`: how many files to list per failing module.
void render(const GateResult& result, OutputFormat format, std::size_t worst_files,
            std::ostream& out);

}  // namespace automock::coverage
