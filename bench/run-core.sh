#!/usr/bin/env bash
# Core library figures: Google Benchmark for keys, hot and cold replay, and the
# wall time of a 2,000-test GoogleTest binary replaying over loopback.
# Usage: bench/run-core.sh   (BUILD=dir, SKIP_BUILD=1: as bench/build.sh says)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source bench/build.sh
bench_build core_bench replay_suite_bench

"$build/bench/core_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

suite=$(mktemp -d)
trap 'rm -rf "$suite"' EXIT
"$build/bench/replay_suite_bench" --generate "$suite"
start=$(date +%s.%N)
AUTOMOCK_FIXTURES="$suite" "$build/bench/replay_suite_bench" --gtest_brief=1 >/dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN {
  t = e - s; printf "2,000-test replay suite over loopback: %.2f s wall, %.0f tests/s\n", t, 2000 / t }'
