#pragma once
// The one reader of fixture files' bytes, for the cassette and every tool.
// A fixture is a regular file under a size cap; anything else a cassette
// directory may hold under a fixture's name (a symlink to /dev/zero, a FIFO, a
// directory, a huge sparse file) is refused without being read, so no reader
// hangs or exhausts memory. Thread-safe.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace automock {

// The bytes of `file`, or nullopt when there is no such file (nor a symlink
// resolving to one). A symlink is followed: a symlink to a regular file is a
// fixture (cassettes may share recordings). Throws FixtureError naming the
// file when it is not a regular file or holds more than `max_bytes` (checked
// with fstat(2) on the opened descriptor, then by reading at most
// max_bytes + 1 bytes, so a file that grows meanwhile is refused too), and
// IoError when it cannot be opened or read. Opening never blocks (a FIFO).
std::optional<std::string> read_fixture_bytes(const std::filesystem::path& file,
                                              std::uint64_t max_bytes);

}  // namespace automock
