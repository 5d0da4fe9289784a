#!/usr/bin/env bash
# Benchmarks `automock serve` against peers that replay the same recorded
# responses, side by side in one run, on 127.0.0.1 only:
#   talkback (npm), WireMock (npm package, Java 17), mitmproxy server replay
#   (mitmdump), and nginx serving static files (the practical ceiling).
# Load: wrk, 2 threads, 50 keep-alive connections, DURATION (10s) per run,
# after a WARMUP (2s) run, on a 1 KB and a 20 KB JSON response.
#
# Usage: bench/serve/run.sh [BUILD_DIR]   (default: build; needs build/src/cli/automock)
# Env:   DURATION=10s WARMUP=2s CONNECTIONS=50 THREADS=2 PEERS="automock talkback ..."
#        ROUNDS=1 (the peers take turns; the table shows each figure's median)
#        SERVE_THREADS=N: `automock serve --threads N` (default: one io thread per core)
#        ISOLATE=1: wrk alone on core 0 with one thread, every peer on core 1, so
#        that client and server never wait for each other's time slice (the
#        2-core default lets wrk's threads queue behind the server's: see README)
# Installs what is missing: wrk, nginx-light, mitmproxy (apt-get), talkback and
# wiremock (npm, into BUILD_DIR/bench-serve/npm). Stops everything it started.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
automock=$build/src/cli/automock
work=$build/bench-serve
duration=${DURATION:-10s}
warmup=${WARMUP:-2s}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}
client_pin=()
peer_pin=()
if [[ ${ISOLATE:-0} == 1 ]]; then
  threads=1
  client_pin=(taskset -c 0)
  peer_pin=(taskset -c 1)
fi
peers=${PEERS:-automock talkback wiremock mitmproxy nginx}
rounds=${ROUNDS:-1}
payloads="small large"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

log() { echo "bench/serve: $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts a background process logging to $work/logs/NAME.log; sets $started.
start() {
  local name=$1
  shift
  NODE_PATH=$work/npm/node_modules "$@" >"$work/logs/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Waits until URL answers 200 (or TIMEOUT seconds pass, or PID dies).
wait_ready() {
  local url=$1 pid=$2 timeout=${3:-30}
  for ((i = 0; i < timeout * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'User-Agent:' -H 'Accept:' "$url") == 200 ]]; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

install_peers() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v mitmdump >/dev/null || missing+=(mitmproxy)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v node >/dev/null || missing+=(nodejs npm)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt-get, through scripts/setup.sh)"
    "$root/scripts/setup.sh" "${missing[@]}" >"$work/logs/apt.log" 2>&1
  fi
  if [[ ! -d $work/npm/node_modules/talkback || ! -d $work/npm/node_modules/wiremock ]]; then
    log "npm install talkback wiremock"
    mkdir -p "$work/npm"
    (cd "$work/npm" && npm install --no-audit --no-fund talkback wiremock >"$work/logs/npm.log" 2>&1)
  fi
}

# Two JSON documents of about 1 KB and 20 KB, compact, ASCII.
make_payloads() {
  mkdir -p "$work/origin/api"
  python3 - "$work/origin/api" <<'PY'
import json, sys
def doc(n):
    items = [{"id": i, "title": "write the tests for item %d" % i, "done": i % 3 == 0,
              "tags": ["bench", "replay"], "owner": {"name": "ada", "team": "core"}}
             for i in range(n)]
    return json.dumps({"items": items, "total": n}, separators=(",", ":"))
for name, n in (("small", 7), ("large", 140)):
    with open("%s/%s.json" % (sys.argv[1], name), "w") as out:
        out.write(doc(n))
PY
  for p in $payloads; do log "$p.json: $(stat -c %s "$work/origin/api/$p.json") bytes"; done
}

# automock fixtures: written with a placeholder key, then `automock fixtures
# rekey` computes the real key and file name.
make_automock_fixtures() {
  rm -rf "$work/automock" && mkdir -p "$work/automock"
  for p in $payloads; do
    python3 - "$work/origin/api/$p.json" "$work/automock/GET-api-$p-0000000000000000.json" "/api/$p.json" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
fixture = {"automock": 1, "key": "0000000000000000", "seq": 0,
           "recorded_at": "2026-11-26T12:00:00Z",
           "request": {"method": "GET", "route": "", "url": sys.argv[3], "headers": []},
           "response": {"status": 200, "headers": [["content-type", "application/json"]],
                        "body_text": body, "latency_ms": 0.0}}
open(sys.argv[2], "w").write(json.dumps(fixture, indent=2) + "\n")
PY
  done
  "$automock" fixtures rekey "$work/automock" >"$work/logs/automock-rekey.log"
}

record_through() {  # record_through PORT: one GET per payload, with wrk's headers only
  for p in $payloads; do
    curl -s -o /dev/null -H 'User-Agent:' -H 'Accept:' "http://127.0.0.1:$1/api/$p.json"
  done
}

record_talkback() {
  rm -rf "$work/talkback-tapes" && mkdir -p "$work/talkback-tapes"
  local port
  port=$(free_port)
  start talkback-record node "$root/bench/serve/talkback.js" record "$port" "$work/talkback-tapes" \
    "http://127.0.0.1:$origin_port"
  local pid=$started
  if wait_ready "http://127.0.0.1:$port/api/small.json" "$pid"; then record_through "$port"; fi
  stop "$pid"
}

record_mitmproxy() {
  rm -f "$work/mitm.flows"
  local port
  port=$(free_port)
  start mitm-record mitmdump -q --mode "reverse:http://127.0.0.1:$origin_port" \
    --listen-host 127.0.0.1 -p "$port" -w "$work/mitm.flows"
  local pid=$started
  if wait_ready "http://127.0.0.1:$port/api/small.json" "$pid"; then record_through "$port"; fi
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

make_wiremock_mappings() {
  rm -rf "$work/wiremock" && mkdir -p "$work/wiremock/mappings" "$work/wiremock/__files"
  for p in $payloads; do
    cp "$work/origin/api/$p.json" "$work/wiremock/__files/$p.json"
    cat >"$work/wiremock/mappings/$p.json" <<JSON
{"request": {"method": "GET", "url": "/api/$p.json"},
 "response": {"status": 200, "bodyFileName": "$p.json",
              "headers": {"Content-Type": "application/json"}}}
JSON
  done
}

make_nginx_config() {  # make_nginx_config PORT
  local dir=$work/nginx
  rm -rf "$dir" && mkdir -p "$dir/www/api" "$dir/tmp"
  cp "$work"/origin/api/*.json "$dir/www/api/"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$1;
    root $dir/www;
  }
}
CONF
  chmod -R a+rX "$dir"
}

# Starts peer NAME on PORT; sets $started. Returns 1 when it cannot start.
start_peer() {
  local name=$1 port=$2
  case $name in
    automock)
      start automock "${peer_pin[@]}" "$automock" serve --cassette "$work/automock" --listen "127.0.0.1:$port" \
        ${SERVE_THREADS:+--threads "$SERVE_THREADS"} ;;
    talkback)
      start talkback "${peer_pin[@]}" node "$root/bench/serve/talkback.js" replay "$port" "$work/talkback-tapes" \
        "http://127.0.0.1:$origin_port" ;;
    wiremock)
      local jar
      jar=$(ls "$work"/npm/node_modules/wiremock/build/wiremock-standalone-*.jar 2>/dev/null | head -1)
      [[ -n $jar ]] || return 1
      start wiremock "${peer_pin[@]}" java -jar "$jar" --bind-address 127.0.0.1 --port "$port" \
        --root-dir "$work/wiremock" --no-request-journal --disable-request-logging ;;
    mitmproxy)
      start mitmproxy "${peer_pin[@]}" mitmdump -q --mode "reverse:http://127.0.0.1:$origin_port" \
        --listen-host 127.0.0.1 -p "$port" --server-replay "$work/mitm.flows" \
        --set server_replay_nopop=true --set server_replay_kill_extra=true \
        --set connection_strategy=lazy ;;
    nginx)
      make_nginx_config "$port"
      start nginx "${peer_pin[@]}" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" ;;
  esac
}

to_ms() {  # wrk latency ("812.00us", "2.31ms", "1.02s") in ms
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# Runs wrk against URL; prints "req/s p50_ms p99_ms non2xx errors".
measure() {
  local out
  out=$("${client_pin[@]}" wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1")
  echo "$out" >>"$work/logs/wrk.log"
  local rps p50 p99 bad errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  errors=$(awk '/Socket errors:/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) s += $i }
                END { print s + 0 }' <<<"$out")
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${bad:-0} ${errors:-0}"
}

# result[peer,payload] = "rps p50 p99 non2xx errors;" per round, or "FAILED: why"
declare -A result
declare -A note    # note[peer,payload] = what differs from the recorded bytes

same_json() {  # same_json A B: the two files hold equal JSON documents
  python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
    "$1" "$2" 2>/dev/null
}

run_peer() {
  local name=$1 port
  port=$(free_port)
  if ! start_peer "$name" "$port"; then
    for p in $payloads; do result[$name,$p]="FAILED: could not start"; done
    return
  fi
  local pid=$started
  if ! wait_ready "http://127.0.0.1:$port/api/small.json" "$pid" 90; then
    for p in $payloads; do result[$name,$p]="FAILED: not ready (see $work/logs/$name.log)"; done
    stop "$pid"
    return
  fi
  for p in $payloads; do
    local url="http://127.0.0.1:$port/api/$p.json"
    local served=$work/logs/$name-$p.body
    curl -s -H 'User-Agent:' -H 'Accept:' -o "$served" "$url"
    if ! same_json "$served" "$work/origin/api/$p.json"; then
      result[$name,$p]="FAILED: wrong body for /api/$p.json (see $served)"
      continue
    fi
    note[$name,$p]=""
    if ! cmp -s "$served" "$work/origin/api/$p.json"; then
      note[$name,$p]="serves the JSON re-serialised: $(stat -c %s "$served") bytes"
    fi
    log "$name $p: warmup $warmup, then $duration"
    "${client_pin[@]}" wrk -t"$threads" -c"$connections" -d"$warmup" "$url" >/dev/null
    result[$name,$p]+="$(measure "$url");"
  done
  stop "$pid"
}

# The per-column median of "a b c d e;" rounds (non-2xx and errors: the largest).
median() {
  tr ';' '\n' <<<"$1" | awk 'NF {
      n++; for (i = 1; i <= NF; i++) v[i, n] = $i
    }
    END {
      for (i = 1; i <= 5; i++) {
        for (a = 1; a <= n; a++) col[a] = v[i, a] + 0
        for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (col[b] < col[a]) { t = col[a]; col[a] = col[b]; col[b] = t }
        out[i] = i >= 4 ? col[n] : (n % 2 ? col[(n + 1) / 2] : (col[n / 2] + col[n / 2 + 1]) / 2)
      }
      printf "%s %s %s %s %s\n", out[1], out[2], out[3], out[4], out[5]
    }'
}

print_table() {
  printf '\n%-10s %-7s %12s %9s %9s %10s  %s\n' peer payload "req/s" "p50 ms" "p99 ms" "vs serve" notes
  for p in $payloads; do
    local base
    base=$(median "${result[automock,$p]:-0}" | awk '{print $1}')
    for name in $peers; do
      local r=${result[$name,$p]:-FAILED: not run}
      if [[ $r == FAILED* ]]; then
        printf '%-10s %-7s %s\n' "$name" "$p" "$r"
        continue
      fi
      read -r rps p50 p99 bad errors <<<"$(median "$r")"
      local ratio notes=${note[$name,$p]:-}
      ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN { if (b + 0 > 0) printf "%.2fx", a / b; else print "-" }')
      ((bad > 0)) && notes+=" non-2xx: $bad"
      ((errors > 0)) && notes+=" socket errors: $errors"
      printf '%-10s %-7s %12.0f %9.2f %9.2f %10s  %s\n' "$name" "$p" "$rps" "$p50" "$p99" "$ratio" "$notes"
    done
  done
}

main() {
  [[ -x $automock ]] || { log "build automock first: $automock is missing"; exit 2; }
  mkdir -p "$work/logs"
  : >"$work/logs/wrk.log"
  install_peers
  make_payloads
  origin_port=$(free_port)
  start origin python3 -m http.server --bind 127.0.0.1 --directory "$work/origin" "$origin_port"
  local origin_pid=$started
  wait_ready "http://127.0.0.1:$origin_port/api/small.json" "$origin_pid" || {
    log "the loopback origin did not start"
    exit 2
  }
  make_automock_fixtures
  record_talkback
  record_mitmproxy
  make_wiremock_mappings
  # Replays must not reach the origin.
  stop "$origin_pid"
  for ((round = 1; round <= rounds; round++)); do
    for name in $peers; do
      [[ ${result[$name,small]:-} == FAILED* ]] || run_peer "$name"
    done
  done
  echo "wrk -t$threads -c$connections -d$duration --latency, 127.0.0.1, $(nproc) cores," \
    "median of $rounds round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  ((${#client_pin[@]})) && echo "isolated: wrk on core 0, every peer on core 1"
  print_table
}

main
