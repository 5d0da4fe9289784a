#!/usr/bin/env bash
# Records the example client's fixtures from the real example service:
# starts todo_service on a free loopback port, runs the client's tests with
# AUTOMOCK_MODE=record against it into FIXTURES (default: fixtures/), stops it.
# Usage: scripts/record-example.sh BUILD_DIR [FIXTURES]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

build=$1
fixtures=$(realpath -m "${2:-fixtures}")
trap stop_service EXIT
start_service "$build/todo_service.log" "$build/examples/todo_service" --port 0
echo "recording from todo_service at $SERVICE_ADDR into $fixtures/TodoClientTest"
rm -rf "$fixtures/TodoClientTest"
# Recording from a loopback service is the explicit exception to the CI guard.
AUTOMOCK_MODE=record TODO_UPSTREAM="http://$SERVICE_ADDR" AUTOMOCK_FIXTURES="$fixtures" \
  AUTOMOCK_ALLOW_NETWORK_IN_CI=1 "$build/examples/todo_client_tests" --gtest_brief=1
