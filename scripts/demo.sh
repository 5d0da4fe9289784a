#!/usr/bin/env bash
# The main job on an embedded default, end to end on this machine:
#   1. record: the example client's tests run against the real todo_service
#      through automock, which writes one fixture per exchange;
#   2. the pipeline (examples/pipeline.json), with the service stopped: build,
#      replay the tests offline, gate the client's coverage, deploy the service
#      as two local instances in rolling batches with health checks;
#   3. a bad release (examples/pipeline-bad-release.json) fails its health
#      check on the first instance and is rolled back; the second never sees it;
#      a release that renames a field (examples/pipeline-breaking-release.json)
#      is stopped by its contract stage, against the recorded cassettes,
#      before any instance sees it;
#   4. the deployment figures from the run history.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/setup.sh
build=build/demo
export DEPLOY_STATE=$build/deploy
automock=$build/src/cli/automock

stop_instances() {
  for pid_file in "$DEPLOY_STATE"/*/pid; do
    [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
}
trap 'stop_instances; stop_service' EXIT
stop_instances
rm -rf "$DEPLOY_STATE" "$build/history.jsonl"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAUTOMOCK_COVERAGE=ON >/dev/null
cmake --build "$build" --target automock_cli todo_service todo_client_tests
# Counters of an earlier build of other sources would make libgcov complain.
find "$build" -name '*.gcda' -delete

echo "== 1. record the example API through automock"
scripts/record-example.sh "$build" "$build/demo-fixtures"

echo "== 2. the pipeline: replay offline, gate coverage, rolling deploy"
"$automock" run examples/pipeline.json --history "$build/history.jsonl"
for port in 18101 18102; do
  echo "127.0.0.1:$port/health -> $(curl -s "http://127.0.0.1:$port/health")"
done

echo "== 3. a bad release: its health check fails, it is rolled back"
if "$automock" run examples/pipeline-bad-release.json --history "$build/history.jsonl"; then
  echo "the bad release should have failed its health check" >&2
  exit 1
fi
for port in 18101 18102; do
  echo "127.0.0.1:$port/health -> $(curl -s "http://127.0.0.1:$port/health")"
done

echo "== 3b. a release that renames a field: the contract stage stops it before any instance"
"$automock" run examples/pipeline-breaking-release.json --history "$build/history.jsonl" &&
  { echo "the breaking release should have failed its contract stage" >&2; exit 1; }
echo "untouched: $(curl -s http://127.0.0.1:18101/health) $(curl -s http://127.0.0.1:18102/health)"

echo "== 4. deployment figures"
"$automock" stats --history "$build/history.jsonl"
