#!/usr/bin/env bash
# The main job on an embedded default: builds automock and the example,
# records the example service's API through automock, stops the service and
# replays the example's tests offline from what was recorded.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
build=${AUTOMOCK_BUILD_DIR:-build/demo}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build"

fixtures="$build/demo-fixtures"
echo "== 1. record: the example client's tests against the real todo_service"
scripts/record-example.sh "$build" "$fixtures"
echo "== 2. replay: the same tests offline (the service is stopped)"
AUTOMOCK_MODE=replay AUTOMOCK_FIXTURES="$(realpath "$fixtures")" "$build/examples/todo_client_tests"
echo "== recorded fixtures: $(find "$fixtures" -name '*.json' | wc -l) files in $fixtures"
