#!/usr/bin/env bash
# Installs automock from a build tree into a temporary prefix, then configures,
# builds and tests tests/consumer against it with find_package, as a user's
# project would. Usage: tests/consumer/run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR}

work=$(mktemp -d "${TMPDIR:-/tmp}/automock-consumer.XXXXXX")
trap 'status=$?; if [[ $status -eq 0 ]]; then rm -rf "$work"; else echo "run.sh: kept $work" >&2; fi' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
test -x "$work/prefix/bin/automock"
pc=$(find "$work/prefix" -name automock.pc)
[[ $(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=includedir automock) -ef \
   "$work/prefix/include" ]]

cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log"
cmake --build "$work/build"
ctest --test-dir "$work/build" --output-on-failure
