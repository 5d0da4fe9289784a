#!/usr/bin/env bash
# Records the example clients' fixtures from the real example service:
# starts todo_service on a free loopback port, runs the client's tests with
# AUTOMOCK_MODE=record against it into FIXTURES (default: fixtures/), stops it;
# then the same over TLS on 127.0.0.1:9443 for the libcurl client.
# Usage: scripts/record-example.sh BUILD_DIR [FIXTURES]   (builds what it runs there)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

build=$1
fixtures=$(realpath -m "${2:-fixtures}")
cmake --build "$build" --target todo_service todo_client_tests todo_curl_client_tests
trap stop_service EXIT
start_service "$build/todo_service.log" "$build/examples/todo_service" --port 0
echo "recording from todo_service at $SERVICE_ADDR into $fixtures/TodoClientTest"
rm -rf "$fixtures/TodoClientTest"
# Recording from a loopback service is the explicit exception to the CI guard.
AUTOMOCK_MODE=record TODO_UPSTREAM="http://$SERVICE_ADDR" AUTOMOCK_FIXTURES="$fixtures" \
  AUTOMOCK_ALLOW_NETWORK_IN_CI=1 "$build/examples/todo_client_tests" --gtest_brief=1
stop_service

# The libcurl client's API is https://todo.example.test:9443, fixed in its code:
# the service listens there over TLS with a certificate made here, and the
# tests record through automock's forward proxy (--resolve maps the name).
tls=$(mktemp -d)
trap 'stop_service; rm -rf "$tls"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=todo.example.test -addext subjectAltName=DNS:todo.example.test \
  -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
start_service "$build/todo_tls_service.log" "$build/examples/todo_service" --port 9443 \
  --tls-cert "$tls/cert.pem" --tls-key "$tls/key.pem"
echo "recording from todo_service at https://todo.example.test:9443 ($SERVICE_ADDR)" \
  "into $fixtures/TodoCurlClientTest"
rm -rf "$fixtures/TodoCurlClientTest"
AUTOMOCK_MODE=record TODO_TLS_ADDRESS=127.0.0.1 TODO_TLS_CA="$tls/cert.pem" \
  AUTOMOCK_FIXTURES="$fixtures" AUTOMOCK_ALLOW_NETWORK_IN_CI=1 \
  "$build/examples/todo_curl_client_tests" --gtest_brief=1
