# Shared shell helpers for the scripts (sourced, not run).

# start_service LOG CMD...: starts CMD in the background with its output in
# LOG, waits for its "listening on HOST:PORT" line and sets SERVICE_PID and
# SERVICE_ADDR.
start_service() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 100); do
    SERVICE_ADDR=$(sed -n 's/^listening on //p' "$log" | head -n1)
    [[ -n "$SERVICE_ADDR" ]] && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "could not start: $* (see $log)" >&2
  cat "$log" >&2
  return 1
}

stop_service() {
  [[ -n "${SERVICE_PID:-}" ]] || return 0
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=
}
