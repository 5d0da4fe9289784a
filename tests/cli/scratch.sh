# Sourced by the serve end-to-end scripts: a scratch directory $dir, removed
# on success and kept (path printed) on failure, the server $pid, stopped on
# exit whatever happens, and start_serve.
dir=$(mktemp -d)
pid=
cleanup() {
  status=$?
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  if [ "$status" -eq 0 ]; then rm -rf "$dir"; else echo "kept $dir" >&2; fi
}
trap cleanup EXIT

# Starts "$automock" serve with the arguments given, its output in $dir/out,
# and waits until it listens: sets $pid, and $base to the URL it serves.
start_serve() {
  : >"$dir/out"  # emptied before the server starts: no earlier server's banner
  "$automock" serve "$@" >"$dir/out" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    grep -q "on http://" "$dir/out" && break
    sleep 0.05
  done
  grep -q "on http://" "$dir/out"
  base=$(sed -n 's|.* on \(http://127.0.0.1:[0-9]*\) .*|\1|p' "$dir/out")
}
