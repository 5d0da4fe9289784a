#!/usr/bin/env bash
# haproxy-server.sh drain|ready TARGET: takes the server named TARGET out of
# HAProxy's backend or puts it back, through HAProxy's runtime API (no reload).
#   drain  sets the server to maintenance (no new request reaches it), then
#          waits until its current sessions reach 0, so that nothing is in
#          flight when the deploy stops the instance
#   ready  puts it back in rotation
# Environment: LB_SOCKET (the admin socket, required), LB_BACKEND (default
# app), LB_DRAIN_TIMEOUT_S (the longest wait for sessions to end, default 30).
set -euo pipefail
action=$1 target=$2
socket=${LB_SOCKET:?LB_SOCKET must name the HAProxy admin socket}
backend=${LB_BACKEND:-app}

api() {
  echo "$1" | socat -t 5 stdio "unix-connect:$socket"
}

# Sends a command that answers nothing on success.
api_quiet() {
  local reply
  reply=$(api "$1")
  if [[ -n "${reply//[[:space:]]/}" ]]; then
    echo "haproxy: $1: $reply" >&2
    exit 1
  fi
}

# The server's current sessions (scur, the 5th field of `show stat`).
current_sessions() {
  api "show stat" | awk -F, -v backend="$backend" -v server="$target" \
    '$1 == backend && $2 == server { print $5 }'
}

case $action in
  drain)
    api_quiet "set server $backend/$target state maint"
    deadline=$((SECONDS + ${LB_DRAIN_TIMEOUT_S:-30}))
    while sessions=$(current_sessions); [[ "$sessions" != 0 ]]; do
      if ((SECONDS >= deadline)); then
        echo "haproxy: $target still has $sessions session(s)" >&2
        exit 1
      fi
      sleep 0.01
    done
    echo "$target out of $backend, no session left"
    ;;
  ready)
    api_quiet "set server $backend/$target state ready"
    echo "$target back in $backend"
    ;;
  *)
    echo "usage: haproxy-server.sh drain|ready TARGET" >&2
    exit 2
    ;;
esac
