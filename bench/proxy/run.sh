#!/usr/bin/env bash
# The capture proxy's added latency: wrk --latency against an upstream
# directly, then through `automock record` at 1 and 50 connections, in mode
#   passthrough   forwards every request, writes nothing;
#   new_episodes  on an empty cassette: forwards and records every request
#                 (wrk repeats one GET: each is the next in its sequence);
#   replay        the cassette new_episodes just wrote, answered from disk
#                 (what a second new_episodes pass does for what it holds).
# Each new_episodes pass also reports the fixtures it wrote per second (each
# one durable before its answer). Target: p50 overhead under 1 ms. The
# upstream is bench/http_server_bench (a fixed 1 KB body).
#
# Usage: bench/proxy/run.sh [seconds per run]
#   BUILD=dir, SKIP_BUILD=1: as bench/build.sh says (default: a Release build
#   in build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-5}
source bench/build.sh
bench_build automock_cli http_server_bench
command -v wrk >/dev/null || { echo "wrk not found (Debian package wrk)" >&2; exit 2; }

# The cassettes live in the build directory, not /tmp: compilers create and
# delete files in /tmp all the time, and ext4 without a journal (these
# machines) scans a directory group's recently deleted inodes on every create
# (see bench/fixture_write_bench.cpp), which would be measured instead of us.
work=$(mktemp -d "$build/proxy-bench.XXXXXX")
pids=()
cleanup() {
  [ -f "$work/proxy.pid" ] && pids+=("$(cat "$work/proxy.pid")")
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Waits for "...127.0.0.1:PORT..." in file $1 and prints PORT.
port_from() {
  for _ in $(seq 100); do
    if grep -q '127\.0\.0\.1:[0-9]' "$1" 2>/dev/null; then
      grep -o '127\.0\.0\.1:[0-9]*' "$1" | head -1 | cut -d: -f2
      return
    fi
    sleep 0.1
  done
  echo "no port in $1: $(cat "$1")" >&2
  exit 1
}

mkfifo "$work/upstream.in"
"$build/bench/http_server_bench" 0 1 <"$work/upstream.in" >"$work/upstream.out" &
pids+=($!)
exec 3>"$work/upstream.in"
upstream="http://127.0.0.1:$(port_from "$work/upstream.out")"

# Starts `automock record` in mode $1 on cassette $2; prints its base URL
# and leaves its pid in $work/proxy.pid.
start_proxy() {
  "$build/src/cli/automock" record --upstream "$upstream" --listen 127.0.0.1:0 \
    --cassette "$2" --mode "$1" >"$work/proxy-$1.out" 2>&1 &
  echo $! >"$work/proxy.pid"
  echo "http://127.0.0.1:$(port_from "$work/proxy-$1.out")"
}

stop_proxy() {  # SIGTERM, then wait until it has exited (it is not our child)
  local pid
  pid=$(cat "$work/proxy.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm "$work/proxy.pid"
}

# wrk's 50% and 99% latencies of $1 at $2 connections, in ms.
measure() {
  wrk -t"$(($2 < 2 ? 1 : 2))" -c"$2" -d"${seconds}s" --latency "$1/bench" |
    awk '
      function ms(v) {
        if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
        if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
        if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
        return v
      }
      $1 == "50%" { p50 = ms($2) }
      $1 == "99%" { p99 = ms($2) }
      /Requests\/sec/ { rps = $2 }
      END { printf "%.3f %.3f %.0f\n", p50, p99, rps }'
}

row() {  # name conns p50 p99 rps direct_p50
  added=$(awk -v a="$3" -v b="$6" 'BEGIN { printf "%.3f", a - b }')
  printf '%-22s %5d %10.3f %10.3f %12s %10.0f\n' "$1" "$2" "$3" "$4" "$added" "$5"
}

printf '%-22s %5s %10s %10s %12s %10s\n' target conns "p50 ms" "p99 ms" "p50 added" "req/s"
for conns in 1 50; do
  read -r direct_p50 direct_p99 direct_rps < <(measure "$upstream" "$conns")
  row direct "$conns" "$direct_p50" "$direct_p99" "$direct_rps" "$direct_p50"
  cassette="$work/cassette-$conns"
  for mode in passthrough new_episodes replay; do
    url=$(start_proxy "$mode" "$cassette")
    read -r p50 p99 rps < <(measure "$url" "$conns")
    stop_proxy
    row "proxy $mode" "$conns" "$p50" "$p99" "$rps" "$direct_p50"
  done
  fixtures=$(ls "$cassette" | wc -l)
  echo "  ($fixtures fixtures recorded at $conns connections:" \
    "$(awk -v n="$fixtures" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') fixtures/s)"
done
