# Helpers for deploy.sh and rollback.sh (sourced). A release is a directory
# with the todo_service binary, its flags and its version.

: "${DEPLOY_STATE:?DEPLOY_STATE must name the deploy state directory}"

instance_dir() {
  local dir="$DEPLOY_STATE/${1##*:}"
  mkdir -p "$dir"
  echo "$dir"
}

stop_instance() {
  local dir=$1
  [[ -f "$dir/pid" ]] || return 0
  local pid
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 500); do
    running "$pid" || break
    sleep 0.01
  done
  rm -f "$dir/pid"
}

# True while `pid` runs: an exited instance may stay a zombie when nothing
# reaps it (a container's init may not), so the state in /proc is read.
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ "${stat##*) }" != Z* ]]
}

start_instance() {
  local dir=$1 target=$2
  local flags
  flags=$(cat "$dir/current/flags")
  # setsid: the instance outlives the deploy stage's process group.
  # shellcheck disable=SC2086
  setsid "$dir/current/todo_service" --host "${target%:*}" --port "${target##*:}" \
    --version-tag "$(cat "$dir/current/version")" $flags >"$dir/service.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  wait_listening "$dir" "$target"
}

# Returns once the instance answers HTTP (any status: a bad build answers
# too), so that a load balancer may send it requests; fails when it exits
# or does not answer within 10 s.
wait_listening() {
  local dir=$1 target=$2
  for _ in $(seq 1 1000); do
    curl -s -o /dev/null "http://$target/health" && return 0
    running "$(cat "$dir/pid")" || break
    sleep 0.01
  done
  echo "the instance on $target does not answer; its log:" >&2
  cat "$dir/service.log" >&2
  return 1
}
