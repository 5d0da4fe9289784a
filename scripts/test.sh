#!/usr/bin/env bash
# The test command: installs what is missing, builds with coverage, ASan+UBSan
# and warnings as errors, runs every test (any sanitizer report fails it),
# then gates automock's own coverage with automock's own gate.
# One instrumented build serves both: gcc counts lines the same under the
# sanitizers, so the suite is built and run once.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "== test.sh: $* ($(date +%T))"; }

scripts/setup.sh
build=${AUTOMOCK_BUILD_DIR:-build/test}
step "build (coverage, ASan+UBSan)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAUTOMOCK_WERROR=ON -DAUTOMOCK_UNITY=ON \
  -DAUTOMOCK_COVERAGE=ON -DAUTOMOCK_SANITIZE=address,undefined -DAUTOMOCK_DEBUG_INFO=-g1 >/dev/null
cmake --build "$build"
find "$build" -name '*.gcda' -delete
step "tests"
# Three at a time on two cores: many tests wait on sockets, child processes
# and timers rather than compute.
ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$build" --output-on-failure -j3 "$@"

# automock's own coverage, gated by automock's own gate (coverage.json).
# --gcov-ignore-parse-errors: a counter raced by threads can still print as a
# negative count that gcovr 5.2 cannot parse (counters are atomic, see
# cmake/Coverage.cmake); gcovr warns and skips that one line.
# Only this build's data files: gcovr searches the whole root by default and
# would merge another build's (build/demo, older sources), which gcovr 5.2
# fails on and then hangs with -j; `timeout` keeps any such hang out of CI.
step "gcovr"
timeout 1200 gcovr --root . --object-directory "$build" -j 2 --gcov-ignore-parse-errors \
  --exclude 'tests/' --exclude 'examples/' --exclude 'bench/' --exclude "$build/" \
  --json "$build/coverage-report.json" "$build"
step "coverage gate"
"$build"/src/cli/automock coverage --config coverage.json "$build/coverage-report.json"
step "done"
