#pragma once
// The JUnit XML report of a run: one testcase per stage.

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/history.hpp"

namespace automock::pipeline {

// `outputs[i]` is the tail of stage i's output, shown in the <failure> or
// <error> element of a stage that did not pass; missing entries are empty.
std::string junit_xml(const RunRecord& record, const std::vector<std::string>& outputs);
// Throws IoError when the file cannot be written.
void write_junit(const std::filesystem::path& file, const RunRecord& record,
                 const std::vector<std::string>& outputs);

}  // namespace automock::pipeline
