#pragma once
// The one way automock writes a whole file: atomically and durably, so a
// reader sees the old file or the new one, never a mix, and a crash leaves
// no half-written file. Also the clean-up of the temporary files a killed
// writer leaves, and a test seam.
//
// Each temporary file is named ".<target>.<pid>.<counter>.<random>.tmp" and
// is flock(2)ed by its writer from creation until it is linked or renamed
// into place and unlinked. The kernel drops the lock when the writer dies,
// however it dies (SIGKILL included), so a temporary file nobody holds a lock
// on is abandoned: it can never be linked or renamed into place.

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "core/group_commit.hpp"

namespace automock {

enum class WriteMode {
  create_new,  // fail (return false) if the name exists (link(2))
  replace,     // atomically replace an existing file (rename(2))
};

// Writes `text` to `file` atomically and durably: a temporary file in the
// same directory (created with the directories above it when missing), made
// durable, then linked (create_new) or renamed (replace) into place, then the
// new name made durable, all before it returns. Each "made durable" is
// shared by the writers that need one at the same moment (group commit,
// core/group_commit.hpp): one syncfs(2) of the file system for the group, so
// N concurrent writers cost far fewer than 2N syncs, while a writer that no
// other waits for fsyncs its own file or directory at once. Returns
// false only when create_new found the name taken. Throws IoError naming
// `file` on any I/O failure (a failed sync throws in every writer in
// progress when it failed), leaving no temporary file behind. Safe to call from
// several threads and processes at once, on one file too: with replace, the
// last rename wins and the file is always whole. The file is created with
// `permissions` (less the umask) from its first byte: a private key is never
// readable by others, even for a moment.
bool write_file_atomic(const std::filesystem::path& file, std::string_view text, WriteMode mode,
                       mode_t permissions = 0644);

// Removes the abandoned temporary files of write_file_atomic() directly in
// `directory` (not below it) and returns how many it removed. A write in
// flight, in this process or another, keeps its file; every other file is
// left alone. Best effort: a missing or unreadable directory, or a file that
// cannot be removed, is skipped. Safe to call while others write.
size_t remove_abandoned_temp_files(const std::filesystem::path& directory);

// Has the signature of write(2) and sets errno the same way.
using WriteFunction = ssize_t (*)(int fd, const void* data, size_t size);

// A test seam: makes every later write_file_atomic() call, on any thread,
// write its temporary file's bytes through `function` (tests make the disk
// "full" without filling a real disk); nullptr restores write(2). Call it
// while no write is in flight; production code never calls it.
void set_atomic_file_write_for_testing(WriteFunction function);

// A test seam: makes every later write_file_atomic() call sync through
// `function` instead of fsync(2) and syncfs(2) (tests count the syncs, see
// what each covers and make them fail); nullptr restores those. Same rules
// as the write seam.
void set_atomic_file_sync_for_testing(SyncFunction function);

}  // namespace automock
