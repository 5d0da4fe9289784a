#!/usr/bin/env bash
# The main job on an embedded default, end to end on this machine:
#   1. record: the example client's tests run against the real todo_service
#      through automock, which writes one fixture per exchange;
#   2. the pipeline (examples/pipeline.json): build, replay the tests offline,
#      gate the client's coverage, sweep the tests with faults (each recorded
#      exchange answered by a 503, a reset, no answer and a cut body: none may
#      hang or crash the client), then a rolling deploy of release v2 over
#      three instances of the service (running v1) behind HAProxy: each
#      instance is drained through HAProxy's runtime API, deployed,
#      health-checked and put back, while a client sends up to 500 requests
#      a second through the balancer (build/demo/examples/lb_traffic) and
#      prints how many it sent during the deploy and how many failed;
#   3. a bad release (examples/pipeline-bad-release.json) fails its health
#      check on the first instance and is rolled back; the others never see
#      it; traffic runs through the balancer again; a release that renames a
#      field (examples/pipeline-breaking-release.json) is stopped by its
#      contract stage, against the recorded cassettes, before any instance
#      sees it;
#   4. the deployment figures from the run history.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/setup.sh
build=build/demo
export DEPLOY_STATE=$build/deploy
automock=$build/src/cli/automock
# The balancer (examples/lb/haproxy.cfg) and the instances behind it.
export LB_PORT=18100 LB_SOCKET=$build/lb/haproxy.sock
export LB_SERVER1=127.0.0.1:18101 LB_SERVER2=127.0.0.1:18102 LB_SERVER3=127.0.0.1:18103
# Traffic through the balancer while automock runs, counted from the deploy's
# first batch to the end of the run.
traffic=("$build/examples/lb_traffic" "$LB_PORT" --from "[deploy] batch 1/")

stop_instances() {
  for pid_file in "$DEPLOY_STATE"/*/pid "$build/lb/pid"; do
    [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
}
trap 'stop_instances; stop_service' EXIT
stop_instances
rm -rf "$DEPLOY_STATE" "$build/lb" "$build/history.jsonl"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAUTOMOCK_COVERAGE=ON >/dev/null
cmake --build "$build" --target automock_cli todo_service todo_client_tests lb_traffic
# Counters of an earlier build of other sources would make libgcov complain.
find "$build" -name '*.gcda' -delete

echo "== 1. record the example API through automock"
scripts/record-example.sh "$build" "$build/demo-fixtures"

show_versions() {
  for target in "$LB_SERVER1" "$LB_SERVER2" "$LB_SERVER3"; do
    echo "$target/health -> $(curl -s "http://$target/health")"
  done
}

echo "== 2. the pipeline: replay offline, gate coverage, fault sweep, rolling deploy behind HAProxy"
echo "production: release v1 on three instances behind HAProxy on 127.0.0.1:$LB_PORT"
examples/deploy/make-release.sh "$build/examples/todo_service" "$build/release-v1" v1 >/dev/null
for target in "$LB_SERVER1" "$LB_SERVER2" "$LB_SERVER3"; do
  RELEASE_DIR=$build/release-v1 examples/deploy/deploy.sh "$target" >/dev/null
done
mkdir -p "$build/lb"
"$(command -v haproxy || echo /usr/sbin/haproxy)" -db -f examples/lb/haproxy.cfg \
  >"$build/lb/haproxy.log" 2>&1 &
echo $! >"$build/lb/pid"
for _ in $(seq 1 500); do
  curl -sf -o /dev/null "http://127.0.0.1:$LB_PORT/health" && [[ -S "$LB_SOCKET" ]] && break
  sleep 0.01
done
[[ -S "$LB_SOCKET" ]] || { cat "$build/lb/haproxy.log" >&2; exit 1; }
"${traffic[@]}" "$automock" run examples/pipeline.json --history "$build/history.jsonl"
show_versions

echo "== 3. a bad release: its health check fails, it is rolled back"
if "${traffic[@]}" "$automock" run examples/pipeline-bad-release.json \
  --history "$build/history.jsonl"; then
  echo "the bad release should have failed its health check" >&2
  exit 1
fi
show_versions

echo "== 3b. a release that renames a field: the contract stage stops it before any instance"
"$automock" run examples/pipeline-breaking-release.json --history "$build/history.jsonl" &&
  { echo "the breaking release should have failed its contract stage" >&2; exit 1; }
show_versions

echo "== 4. deployment figures"
"$automock" stats --history "$build/history.jsonl"
