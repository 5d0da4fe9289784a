#pragma once
// Appending to files that several writers may share: the run history and the
// CI job summary (GitHub's GITHUB_STEP_SUMMARY file).

#include <filesystem>
#include <string_view>

namespace automock::pipeline {

// Appends `data` with a single write(2) on an O_APPEND descriptor held under
// flock(LOCK_EX), so concurrent writers (threads or processes) never
// interleave, then fsyncs. Creates the file and its parent directories.
// Throws IoError naming the file and `what` ("the history line").
void append_to_file(const std::filesystem::path& file, std::string_view data,
                    std::string_view what);

}  // namespace automock::pipeline
