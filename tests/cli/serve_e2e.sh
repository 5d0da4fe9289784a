#!/bin/sh
# End-to-end: `automock serve` replays over HTTP on loopback, counts a miss in
# /__automock/health, writes its usage record at shutdown, exits 1 with
# --fail-on-miss, and `automock fixtures prune` removes what was not played.
# Usage: serve_e2e.sh AUTOMOCK CASSETTE
set -eu
automock=$1
. "$(dirname "$0")/scratch.sh"
cp -r "$2" "$dir/cassette"

start_serve --cassette "$dir/cassette" --listen 127.0.0.1:0 --usage "$dir/usage.json" \
  --fail-on-miss

test "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/todos")" = 200
test "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/never-recorded")" = 404
curl -s "$base/__automock/health" | grep -q '"misses": 1'

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
test "$status" -eq 1
grep -q "unmatched: GET /v1/never-recorded" "$dir/out"

"$automock" fixtures prune "$dir/cassette" --usage "$dir/usage.json"
test -e "$dir/cassette/GET-v1-todos-c5a28f1dba08a8dd.json"
test ! -e "$dir/cassette/POST-v1-todos-f230219e5858fe91.json"
echo "serve e2e: passed"
