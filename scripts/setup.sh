#!/usr/bin/env bash
# Installs the Debian packages automock needs, if any is missing. Idempotent.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git curl
  libcpp-httplib-dev nlohmann-json3-dev libxxhash-dev libssl-dev zlib1g-dev libbrotli-dev
  libgtest-dev libgmock-dev libcli11-dev libpugixml-dev libasio-dev libbenchmark-dev
  gcovr lcov openssl wrk
  xxhash  # xxhsum checks the worked examples of docs/canonical-request.md
  clang libclang-rt-14-dev
  chromium  # the coverage page's end-to-end test takes a screenshot with it
  haproxy socat  # the load-balanced deploy's end-to-end test and the demo
  libcurl4-openssl-dev  # the forward proxy's libcurl example and tests
  python3-requests  # the forward proxy's end-to-end test drives Python requests through it
)
packages+=("$@")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
