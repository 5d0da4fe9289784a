#!/usr/bin/env bash
# deploy.sh TARGET: deploys the todo_service release in $RELEASE_DIR to
# TARGET (127.0.0.1:PORT) as a real process, keeping the release it replaces
# for rollback.sh. State lives in $DEPLOY_STATE/<port>/.
set -euo pipefail
source "$(dirname "$0")/instance.sh"

target=$1
dir=$(instance_dir "$target")
stop_instance "$dir"
if [[ -d "$dir/current" ]]; then
  rm -rf "$dir/previous"
  mv "$dir/current" "$dir/previous"
fi
cp -r "$RELEASE_DIR" "$dir/current"
start_instance "$dir" "$target"
echo "deployed $(cat "$dir/current/version") to $target (pid $(cat "$dir/pid"))"
