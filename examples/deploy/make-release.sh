#!/usr/bin/env bash
# make-release.sh BUILD_DIR RELEASE_DIR VERSION [FLAGS]: packages todo_service
# as a release. FLAGS "--unhealthy" makes a bad build (its /health fails).
set -euo pipefail
build=$1 release=$2 version=$3 flags=${4:-}
rm -rf "$release"
mkdir -p "$release"
cp "$build/examples/todo_service" "$release/todo_service"
echo "$version" >"$release/version"
echo "$flags" >"$release/flags"
echo "release $version ready in $release"
