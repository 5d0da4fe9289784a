#!/bin/sh
# End-to-end: `automock serve --config` runs in the mode that automock.json
# names (its banner and GET /__automock/health say so), and AUTOMOCK_MODE
# overrides it.
# Usage: serve_config_mode_e2e.sh AUTOMOCK CASSETTE
set -eu
automock=$1
dir=$(mktemp -d)
pid=
cleanup() {
  status=$?
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  if [ "$status" -eq 0 ]; then rm -rf "$dir"; else echo "kept $dir" >&2; fi
}
trap cleanup EXIT
cp -r "$2" "$dir/cassette"
printf '{"mode": "new_episodes"}\n' >"$dir/automock.json"
unset CI AUTOMOCK_ALLOW_NETWORK_IN_CI

# Starts serve with the config (and the environment given as arguments);
# sets pid and base.
start() {
  env "$@" "$automock" serve --cassette "$dir/cassette" --listen 127.0.0.1:0 \
    --config "$dir/automock.json" >"$dir/out" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    grep -q "on http://" "$dir/out" && break
    sleep 0.05
  done
  base=$(sed -n 's|.* on \(http://127.0.0.1:[0-9]*\) .*|\1|p' "$dir/out")
}

stop() {
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

start -u AUTOMOCK_MODE
grep -q "(mode new_episodes)" "$dir/out"
curl -s "$base/__automock/health" | grep -q '"mode": "new_episodes"'
stop

start AUTOMOCK_MODE=replay
grep -q "(mode replay)" "$dir/out"
curl -s "$base/__automock/health" | grep -q '"mode": "replay"'
stop
echo "serve config mode e2e: passed"
