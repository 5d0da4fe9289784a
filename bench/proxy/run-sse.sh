#!/usr/bin/env bash
# The first event of an SSE stream, direct and through the capture proxy
# recording it (new_episodes): p50 and p99 over N streams (default 100), each
# a new connection to a loopback upstream that sends two events 5 ms apart.
#
# Usage: bench/proxy/run-sse.sh [streams]
#   BUILD=dir, SKIP_BUILD=1: as bench/build.sh says (default: a Release build
#   in build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/build.sh
bench_build sse_first_event_bench
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/sse_first_event_bench" "${1:-100}"
