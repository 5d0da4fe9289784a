#!/usr/bin/env bash
# Runs the README's quick starts verbatim. A quick start is the ```sh block
# after a line `<!-- quickstart: NAME -->`; the block after
# `<!-- quickstart-setup -->` (the PATH line) runs before each of them.
#
#   quickstart_test.sh SOURCE_DIR BUILD_DIR NAME   run one block
#   quickstart_test.sh SOURCE_DIR BUILD_DIR --list print the names, one per line
#
# Each block runs with `bash -euo pipefail` from the root of a scratch copy of
# the repository (no build directories, `build` a link to BUILD_DIR), with
# TMPDIR inside the scratch directory, in a process group of its own. A block
# that leaves a process running fails (and the process is killed). On failure the block's name and output are printed and
# the scratch directory is kept.
set -euo pipefail
source_dir=$(cd "${1:?usage: quickstart_test.sh SOURCE_DIR BUILD_DIR NAME|--list}" && pwd)
build_dir=$(cd "${2:?build directory}" && pwd)
name=${3:?block name or --list}
readme=$source_dir/README.md

# The ```sh block that follows the marker line $1 in the README.
block_after() {
  awk -v marker="$1" '
    $0 == marker { found = 1; next }
    found && !inside && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "$readme"
}

if [[ $name == --list ]]; then
  sed -n 's/^<!-- quickstart: \(.*\) -->$/\1/p' "$readme"
  exit 0
fi
setup=$(block_after '<!-- quickstart-setup -->')
block=$(block_after "<!-- quickstart: $name -->")
if [[ -z $setup || -z $block ]]; then
  echo "README.md: no \`\`\`sh block after <!-- quickstart-setup --> or <!-- quickstart: $name -->" >&2
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/automock-quickstart-$name.XXXXXX")
mkdir "$scratch/repo" "$scratch/tmp"
find "$source_dir" -mindepth 1 -maxdepth 1 ! -name '.git' ! -name 'build*' ! -name node_modules \
  -exec cp -r {} "$scratch/repo/" \;
ln -s "$build_dir" "$scratch/repo/build"

# timeout puts itself and the block in a new process group (its own pid).
status=0
(cd "$scratch/repo" && exec env TMPDIR="$scratch/tmp" timeout 600 \
  bash -euo pipefail -c "$setup"$'\n'"$block") >"$scratch/output" 2>&1 &
group=$!
wait "$group" || status=$?
# A quick start stops the servers it starts; anything left is a failure
# (a process it killed gets two seconds to finish exiting).
for _ in $(seq 20); do
  kill -0 -- -"$group" 2>/dev/null || break
  sleep 0.1
done
if kill -0 -- -"$group" 2>/dev/null; then
  echo "(processes left running after the block:" \
    "$(pgrep -a -g "$group" | tr '\n' ';'))" >>"$scratch/output"
  kill -- -"$group" 2>/dev/null || true
  [[ $status -ne 0 ]] || status=99
fi

if [[ $status -ne 0 ]]; then
  echo "quick start '$name' failed (exit $status); kept $scratch. Its output:" >&2
  cat "$scratch/output" >&2
  exit 1
fi
rm -rf "$scratch"
echo "quick start '$name': passed"
