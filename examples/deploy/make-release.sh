#!/usr/bin/env bash
# make-release.sh SERVICE_BINARY RELEASE_DIR VERSION [FLAGS]: packages the
# todo_service binary as a release. FLAGS "--unhealthy" makes a bad build (its
# /health fails).
set -euo pipefail
binary=$1 release=$2 version=$3 flags=${4:-}
rm -rf "$release"
mkdir -p "$release"
cp "$binary" "$release/todo_service"
echo "$version" >"$release/version"
echo "$flags" >"$release/flags"
echo "release $version ready in $release"
