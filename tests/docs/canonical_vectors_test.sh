#!/usr/bin/env bash
# Runs every `printf '%b' '...' | xxhsum -H3    # XXH3 (stdin) = KEY` line of
# docs/canonical-request.md with the reference tool xxhsum (Debian's xxhash)
# and checks that it prints KEY: the worked examples are checked by a hash
# implementation that is not automock's.
#
#   canonical_vectors_test.sh SOURCE_DIR
set -euo pipefail
doc=${1:?usage: canonical_vectors_test.sh SOURCE_DIR}/docs/canonical-request.md
command -v xxhsum >/dev/null || { echo "xxhsum not found: apt-get install xxhash" >&2; exit 1; }

checked=0
failed=0
while IFS= read -r line; do
  command=${line%%    # XXH3 (stdin) = *}
  expected=${line##*= }
  actual=$(bash -c "$command")
  if [[ $actual != "XXH3 (stdin) = $expected" ]]; then
    echo "docs/canonical-request.md: $command" >&2
    echo "  prints '$actual', the doc says $expected" >&2
    failed=$((failed + 1))
  fi
  checked=$((checked + 1))
done < <(grep -E "^printf '%b' '.*' \| xxhsum -H3 +# XXH3 \(stdin\) = [0-9a-f]{16}$" "$doc")

echo "$checked vectors checked, $failed wrong"
[[ $checked -ge 13 && $failed -eq 0 ]]
