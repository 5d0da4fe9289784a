#!/usr/bin/env bash
# The forward proxy under load (bench/forward_proxy_bench, libcurl threads):
# one recorded GET of https://todo.example.test:9443 answered through TLS
# tunnels by `automock serve --forward` and by `automock record --forward
# --mode replay`, at 1 and 50 connections with keep-alive inside the tunnel
# (p50 target under 2 ms at 50), then new tunnels per second (CONNECT, TLS
# handshake and one request per connection, 2 client threads). The baseline
# is the same client against `automock serve` over plain http, no proxy (a
# GET /v1/todos of the plain-http example client's cassette).
#
# Usage: bench/proxy/run-forward.sh [seconds per run]
#   BUILD=dir, SKIP_BUILD=1: as bench/build.sh says (default: a Release build
#   in build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-5}
source bench/build.sh
bench_build automock_cli forward_proxy_bench
work=$(mktemp -d "$build/forward-bench.XXXXXX")
export AUTOMOCK_CA_DIR=$work/ca
cassette=fixtures/TodoCurlClientTest/AnEmptyListHasNoTitles
url=https://todo.example.test:9443/v1/todos
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts automock with arguments "$@"; sets pid and base (its http://... URL).
start() {
  "$build/src/cli/automock" "$@" --listen 127.0.0.1:0 >"$work/out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/out" | head -1 || true)
    [ -n "$base" ] && return
    sleep 0.1
  done
  echo "automock $* did not start: $(cat "$work/out")" >&2
  exit 1
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}

load() {  # PROXY CA URL CONNECTIONS MODE
  "$build/bench/forward_proxy_bench" "$1" "$2" "$3" "$4" "$seconds" "$5"
}

ca=$("$build/src/cli/automock" ca path)
echo "baseline: automock serve, plain http, no proxy"
start serve --cassette fixtures/TodoClientTest/WorksOverTheLoopbackReplayServer
load - - "$base/v1/todos" 1 keepalive
load - - "$base/v1/todos" 50 keepalive
stop
for server in "serve --forward" "record --forward --mode replay"; do
  echo "automock $server, https through the tunnel"
  # shellcheck disable=SC2086
  start $server --cassette "$cassette"
  load "$base" "$ca" "$url" 1 keepalive
  load "$base" "$ca" "$url" 50 keepalive
  load "$base" "$ca" "$url" 2 tunnels
  stop
done
