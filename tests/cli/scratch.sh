# Sourced by the serve end-to-end scripts: a scratch directory $dir, removed
# on success and kept (path printed) on failure, and the server $pid, stopped
# on exit whatever happens.
dir=$(mktemp -d)
pid=
cleanup() {
  status=$?
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  if [ "$status" -eq 0 ]; then rm -rf "$dir"; else echo "kept $dir" >&2; fi
}
trap cleanup EXIT
