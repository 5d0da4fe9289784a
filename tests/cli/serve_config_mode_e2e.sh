#!/bin/sh
# End-to-end: `automock serve --config` runs in the mode that automock.json
# names (its banner and GET /__automock/health say so), and AUTOMOCK_MODE
# overrides it.
# Usage: serve_config_mode_e2e.sh AUTOMOCK CASSETTE
set -eu
automock=$1
cassette=$2
config=$(mktemp)
out=$(mktemp)
trap 'rm -f "$config" "$out"' EXIT
printf '{"mode": "new_episodes"}\n' >"$config"
unset CI AUTOMOCK_ALLOW_NETWORK_IN_CI

# "<banner's mode> <health's mode>" of serve run with the config, in the
# environment the arguments give to env(1).
served_modes() {
  : >"$out"  # emptied before the server starts: no earlier server's banner
  env "$@" "$automock" serve --cassette "$cassette" --listen 127.0.0.1:0 --config "$config" \
    >"$out" 2>&1 &
  server=$!
  tries=0
  until grep -q "on http://" "$out" || [ "$tries" -ge 200 ]; do
    sleep 0.05
    tries=$((tries + 1))
  done
  base=$(sed -n 's|.* on \(http://127.0.0.1:[0-9]*\) .*|\1|p' "$out")
  banner=$(sed -n 's|.*(mode \([a-z_]*\)).*|\1|p' "$out")
  health=$(curl -s "$base/__automock/health" | sed -n 's|.*"mode": *"\([a-z_]*\)".*|\1|p')
  kill -TERM "$server"
  wait "$server" || true
  echo "$banner $health"
}

test "$(served_modes -u AUTOMOCK_MODE)" = "new_episodes new_episodes"
test "$(served_modes AUTOMOCK_MODE=replay)" = "replay replay"
echo "serve config mode e2e: passed"
