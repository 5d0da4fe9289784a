#!/usr/bin/env bash
# The forward proxy under load (bench/forward_proxy_bench, libcurl threads):
# one recorded GET of https://todo.example.test:9443 answered through TLS
# tunnels by `automock serve --forward` and by `automock record --forward
# --mode replay`, at 1 and 50 connections with keep-alive inside the tunnel
# (p50 target under 2 ms at 50), then new tunnels per second (CONNECT, TLS
# handshake and one request per connection, 2 client threads). The baseline
# is the same client against `automock serve` over plain http, no proxy (a
# GET /v1/todos of the plain-http example client's cassette). The peer is
# mitmproxy's server replay (`mitmdump --server-replay`; lazy connections and
# no upstream certificate: no network either; HTTP/1.1 as automock speaks)
# answering the same recording, written as a flows file by
# bench/proxy/mitm_flows.py, with its own CA.
#
# Usage: bench/proxy/run-forward.sh [seconds per run]
#   BUILD=dir, SKIP_BUILD=1: as bench/build.sh says (default: a Release build
#   in build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-5}
source bench/build.sh
bench_build automock_cli forward_proxy_bench
command -v mitmdump >/dev/null || { echo "mitmdump not found (Debian package mitmproxy)" >&2; exit 2; }
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

echo "peer: mitmdump --server-replay (mitmproxy $(mitmdump --version | sed -n 's/^Mitmproxy: //p')), https through the tunnel"
/usr/bin/python3 bench/proxy/mitm_flows.py "$work/flows" "$cassette"/*.json
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mitmdump -q --listen-host 127.0.0.1 --listen-port "$port" --set confdir="$work/mitm" \
  --server-replay "$work/flows" --set server_replay_nopop=true --set server_replay_kill_extra=true \
  --set connection_strategy=lazy --set upstream_cert=false --set http2=false \
  >"$work/mitm.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ -f "$work/mitm/mitmproxy-ca-cert.pem" ] && (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
load "http://127.0.0.1:$port" "$work/mitm/mitmproxy-ca-cert.pem" "$url" 1 keepalive
load "http://127.0.0.1:$port" "$work/mitm/mitmproxy-ca-cert.pem" "$url" 50 keepalive
load "http://127.0.0.1:$port" "$work/mitm/mitmproxy-ca-cert.pem" "$url" 2 tunnels
stop
