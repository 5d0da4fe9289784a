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
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$dir/pid"
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
}
