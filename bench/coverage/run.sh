#!/usr/bin/env bash
# The coverage gate on a large lcov file, side by side with lcov itself:
# generates 20,000 files x 200 lines (with functions and branches, ~60 MB)
# and a second shard of the same build, then measures wall time and peak
# memory (/usr/bin/time -v) of
#   - automock coverage, 50 modules, one file
#   - lcov --summary on the same file
#   - automock coverage merging the two shards
#   - lcov -a merging the two shards (skip with LCOV_MERGE=0)
# Usage: bench/coverage/run.sh [FILES] [LINES]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup.sh time

files=${1:-20000}
lines=${2:-200}
build=${AUTOMOCK_BUILD_DIR:-build/bench}
work=${AUTOMOCK_BENCH_DIR:-/tmp/automock-bench}
mkdir -p "$work"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOMOCK_BUILD_TESTS=OFF \
  -DAUTOMOCK_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target automock_cli >/dev/null
automock="$build/src/cli/automock"
g++ -std=c++20 -O2 bench/coverage/generate_lcov.cpp -o "$work/generate_lcov"
"$work/generate_lcov" "$work/shard-1.info" "$files" "$lines" 1
"$work/generate_lcov" "$work/shard-2.info" "$files" "$lines" 2

# 50 modules, one per top directory of the generated tree, each with a
# module floor and a per-file floor.
{
  echo '{"root": "/work/big", "modules": ['
  for i in $(seq 0 49); do
    module=$(printf 'mod%02d' "$i")
    separator=$([[ $i -lt 49 ]] && echo , || true)
    echo "  {\"name\": \"$module\", \"paths\": [\"src/$module/**\"], \"lines\": 50, \"file_lines\": 40}$separator"
  done
  echo '], "unowned": {"policy": "fail"}, "total": {"lines": 50}}'
} >"$work/coverage.json"

rows=()
measure() {  # measure LABEL COMMAND...: runs it under /usr/bin/time -v
  local label=$1
  shift
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || true
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  rows+=("$(printf '%-44s %12s %10s MB' "$label" "$wall" "$((rss / 1024))")")
}

size=$(du -m "$work/shard-1.info" | cut -f1)
measure "automock coverage (1 file, 50 modules)" \
  "$automock" coverage --config "$work/coverage.json" "$work/shard-1.info"
tail -1 "$work/out.txt"
measure "lcov --summary (1 file)" lcov --summary "$work/shard-1.info" --rc lcov_branch_coverage=1
grep -E 'lines|functions|branches' "$work/out.txt" || true
measure "automock coverage (2 shards merged)" \
  "$automock" coverage --config "$work/coverage.json" "$work/shard-1.info" "$work/shard-2.info"
if [[ ${LCOV_MERGE:-1} != 0 ]]; then
  measure "lcov -a shard-1 -a shard-2 (merge only)" \
    lcov --rc lcov_branch_coverage=1 -a "$work/shard-1.info" -a "$work/shard-2.info" -o "$work/merged.info"
fi

echo
echo "input: $files files x $lines lines, ${size} MB per shard ($(lcov --version | head -1 | sed 's/.*version //'), $(nproc) cores)"
printf '%-44s %12s %13s\n' "command" "wall (m:ss)" "max RSS"
printf '%s\n' "${rows[@]}"
