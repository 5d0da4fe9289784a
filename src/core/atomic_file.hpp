#pragma once
// A test seam in write_file_atomic() (include/automock/fixture.hpp): the
// function that writes the temporary file's bytes. Tests replace it to make
// the disk "full" (a short write, then ENOSPC) without filling a real disk;
// production code never calls set_atomic_file_write_for_testing().

#include <sys/types.h>

#include <cstddef>

namespace automock {

// Has the signature of write(2) and sets errno the same way.
using WriteFunction = ssize_t (*)(int fd, const void* data, size_t size);

// Makes every later write_file_atomic() call, on any thread, write through
// `function`; nullptr restores write(2). Call it while no write is in flight.
void set_atomic_file_write_for_testing(WriteFunction function);

}  // namespace automock
