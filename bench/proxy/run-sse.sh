#!/usr/bin/env bash
# The first event of an SSE stream, direct and through the capture proxy
# recording it (new_episodes): p50 and p99 over N streams (default 100), each
# a new connection to a loopback upstream that sends two events 5 ms apart.
#
# Usage: bench/proxy/run-sse.sh [streams]
#   BUILD=dir reuses a build configured with -DAUTOMOCK_BUILD_BENCHMARKS=ON
#   (default: builds Release into build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build/bench}
if [ -z "${BUILD:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOMOCK_BUILD_BENCHMARKS=ON \
    -DAUTOMOCK_BUILD_TESTS=OFF -DAUTOMOCK_BUILD_EXAMPLES=OFF >/dev/null
fi
cmake --build "$build" -j2 --target sse_first_event_bench >/dev/null
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/sse_first_event_bench" "${1:-100}"
