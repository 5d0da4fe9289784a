#pragma once
// Whole-file I/O shared by every part of automock: the one file reader and
// the one way of reporting a failed system call on a file. (The one writer is
// write_file_atomic() in core/atomic_file.hpp.)

#include <filesystem>
#include <string>
#include <string_view>

namespace automock {

// The file's bytes. Throws IoError naming the file and the system's reason
// when it cannot be opened or read (missing, a directory, no permission).
std::string read_file(const std::filesystem::path& file);

// Throws IoError "<file>: cannot <action>: <strerror(error)>", the one
// message shape of every failed file operation.
[[noreturn]] void throw_io_error(const std::filesystem::path& file, std::string_view action,
                                 int error);

}  // namespace automock
