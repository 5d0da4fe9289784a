#pragma once
// Long-running subcommands (serve, record) block SIGINT and SIGTERM in every
// thread and wait for them here, so no work happens in a signal handler.

namespace automock::cli {

// Blocks SIGINT and SIGTERM for this thread and the threads it starts later.
// Call before starting any server.
void block_stop_signals();

// Waits until SIGINT or SIGTERM arrives; returns the signal number.
int wait_for_stop_signal();

}  // namespace automock::cli
