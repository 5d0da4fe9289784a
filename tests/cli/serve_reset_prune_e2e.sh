#!/bin/sh
# End-to-end: the reset-per-test workflow of docs/replay-server.md. A suite
# resets `automock serve` before each test; the usage record written at
# shutdown lists what any test played, so `automock fixtures prune` removes
# only the fixture no test asked for.
# Usage: serve_reset_prune_e2e.sh AUTOMOCK CASSETTE UNPLAYED_FIXTURE
set -eu
automock=$1
. "$(dirname "$0")/scratch.sh"
cp -r "$2" "$dir/cassette"
cp "$3" "$dir/cassette/"
unplayed=$(basename "$3")

start_serve --cassette "$dir/cassette" --listen 127.0.0.1:0 --usage "$dir/usage.json"

reset() {
  curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "$base/__automock/reset" >/dev/null
}
reset  # test 1
test "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/todos")" = 200
reset  # test 2
test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"title": "over http"}' "$base/v1/todos")" = 201

kill -TERM "$pid"
wait "$pid"
pid=

"$automock" fixtures prune "$dir/cassette" --usage "$dir/usage.json"
test -e "$dir/cassette/GET-v1-todos-c5a28f1dba08a8dd.json"
test -e "$dir/cassette/POST-v1-todos-f230219e5858fe91.json"
test ! -e "$dir/cassette/$unplayed"
echo "serve reset prune e2e: passed"
