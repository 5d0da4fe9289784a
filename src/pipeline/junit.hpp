#pragma once
// The JUnit XML report of a run: one testcase per stage.

#include <automock/pipeline/history.hpp>
#include <filesystem>
#include <string>

namespace automock::pipeline {

std::string junit_xml(const RunRecord& record);
// Throws IoError when the file cannot be written.
void write_junit(const std::filesystem::path& file, const RunRecord& record);

}  // namespace automock::pipeline
