#pragma once
// Whole-file I/O shared by every part of automock: the one file reader.

#include <filesystem>
#include <string>

namespace automock {

// The file's bytes. Throws IoError naming the file and the system's reason
// when it cannot be opened or read (missing, a directory, no permission).
std::string read_file(const std::filesystem::path& file);

}  // namespace automock
