#!/bin/sh
# End-to-end: `automock serve --threads N` runs N io threads. The process's
# other threads do not depend on N, so --threads 3 shows exactly two more
# threads in /proc/<pid>/task than --threads 1.
# Usage: serve_threads_e2e.sh AUTOMOCK
set -eu
automock=$1
. "$(dirname "$0")/scratch.sh"
mkdir "$dir/cassette"

# Prints the thread count of `automock serve --threads $1` once it listens.
threads_of_serve() {
  start_serve --cassette "$dir/cassette" --listen 127.0.0.1:0 --threads "$1"
  ls "/proc/$pid/task" | wc -l
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

one=$(threads_of_serve 1)
three=$(threads_of_serve 3)
echo "threads with --threads 1: $one, with --threads 3: $three"
test $((three - one)) -eq 2
