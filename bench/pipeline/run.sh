#!/bin/sh
# What the pipeline runner adds: 10 trivial stages (`true`) run by
# `automock run` against the same 10 commands run by a shell script, each
# started with `sh -c` like the runner does. Target: under 50 ms per pipeline.
#
# Usage: bench/pipeline/run.sh [path/to/automock] [runs]
# Uses hyperfine (Debian package `hyperfine`) when installed, else a timed loop.
set -eu
"$(dirname "$0")/../../scripts/setup.sh" hyperfine

automock=${1:-build/src/cli/automock}
runs=${2:-50}
[ -x "$automock" ] || { echo "automock binary not found: $automock (build it first)" >&2; exit 2; }
automock=$(cd "$(dirname "$automock")" && pwd)/$(basename "$automock")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stages=""
script="#!/bin/sh
set -e"
for i in 1 2 3 4 5 6 7 8 9 10; do
  stages="$stages${stages:+,}{\"name\": \"stage$i\", \"run\": \"true\"}"
  script="$script
AUTOMOCK_MODE=replay sh -c true"
done
printf '{"stages": [%s]}\n' "$stages" > "$work/pipeline.json"
printf '%s\n' "$script" > "$work/pipeline.sh"
chmod +x "$work/pipeline.sh"

runner="$automock run --history $work/history.jsonl $work/pipeline.json"
shell="$work/pipeline.sh"

now_ms() { date +%s%3N; }

loop_ms() {  # mean ms per run of "$@" over $runs runs
  start=$(now_ms)
  i=0
  while [ "$i" -lt "$runs" ]; do "$@" > /dev/null; i=$((i + 1)); done
  echo $(( ($(now_ms) - start) / runs ))
}

if command -v hyperfine > /dev/null; then
  hyperfine --warmup 5 --runs "$runs" --style basic --export-json "$work/result.json" \
    --command-name "automock run (10 stages)" "$runner" \
    --command-name "shell script (10 commands)" "$shell"
  python3 - "$work/result.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
runner, shell = (r["mean"] * 1000 for r in results)
print(f"automock run: {runner:.1f} ms, shell script: {shell:.1f} ms, "
      f"runner adds {runner - shell:.1f} ms per 10-stage pipeline (target < 50 ms)")
PY
else
  runner_ms=$(loop_ms $runner)
  shell_ms=$(loop_ms "$shell")
  echo "automock run: $runner_ms ms, shell script: $shell_ms ms, runner adds" \
       "$((runner_ms - shell_ms)) ms per 10-stage pipeline (target < 50 ms)"
fi
