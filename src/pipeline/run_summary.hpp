#pragma once
// The Markdown summary of a run, for the pages CI systems show for a job
// (GitHub's job summary: the file named by GITHUB_STEP_SUMMARY). docs/pipeline.md
// shows an example.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/history.hpp"

namespace automock::pipeline {

// A heading with the pipeline and its result; a table of every stage (kind,
// result, duration); the output of each coverage gate stage that ran (its
// table) and of the stage that did not pass, in fenced code blocks; the
// targets drained, deployed, restored and rolled back. `outputs[i]` is the tail of stage i's
// output; missing entries are empty. User-controlled text (stage names,
// targets, the pipeline file) is escaped with markdown_escape; outputs are
// fenced with more backticks than they contain.
std::string markdown_summary(const RunRecord& record, const std::vector<std::string>& outputs);

// `text` as one line of literal Markdown text, safe in a table cell: a
// backslash before each character Markdown or a table would read as syntax
// (\ ` * _ [ ] < > | # ~ ! &), each line break as a space.
std::string markdown_escape(std::string_view text);

// Appends the summary to `file` (GitHub expects each step to append), creating
// it. Throws IoError when the file cannot be written.
void append_markdown_summary(const std::filesystem::path& file, const RunRecord& record,
                             const std::vector<std::string>& outputs);

}  // namespace automock::pipeline
