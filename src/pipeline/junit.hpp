#pragma once
// The JUnit XML report of a run: one testcase per stage.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/history.hpp"

namespace automock::pipeline {

// `text` escaped for XML 1.0 text and attributes: bytes that are not UTF-8
// and the control characters XML forbids even escaped become '?', since CI
// servers reject a whole report over one of them.
std::string escape_xml(std::string_view text);

// `outputs[i]` is the tail of stage i's output, shown in the <failure> or
// <error> element of a stage that did not pass; missing entries are empty.
std::string junit_xml(const RunRecord& record, const std::vector<std::string>& outputs);
// Throws IoError when the file cannot be written.
void write_junit(const std::filesystem::path& file, const RunRecord& record,
                 const std::vector<std::string>& outputs);

}  // namespace automock::pipeline
