#!/usr/bin/env bash
# rollback.sh TARGET: puts the release that ran before the last deploy back
# on TARGET (or stops TARGET when there was none). Idempotent.
set -euo pipefail
source "$(dirname "$0")/instance.sh"

target=$1
dir=$(instance_dir "$target")
stop_instance "$dir"
if [[ ! -d "$dir/previous" ]]; then
  rm -rf "$dir/current"
  echo "rolled back $target: no earlier release, stopped"
  exit 0
fi
rm -rf "$dir/current"
mv "$dir/previous" "$dir/current"
start_instance "$dir" "$target"
echo "rolled back $target to $(cat "$dir/current/version")"
