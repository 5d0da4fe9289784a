#!/usr/bin/env python3
"""End-to-end: a suite in another language drives `automock serve`'s fault
rules and reads its request journal over the admin endpoints (standard
library only). Usage: serve_faults_e2e.py AUTOMOCK CASSETTE"""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

AUTOMOCK, CASSETTE = sys.argv[1], sys.argv[2]
ADMIN = {"Content-Type": "application/json"}


def start_serve(config_path):
    process = subprocess.Popen(
        [AUTOMOCK, "serve", "--cassette", CASSETTE, "--listen", "127.0.0.1:0",
         "--config", config_path],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    found = re.search(r"on http://127\.0\.0\.1:(\d+) ", line)
    if not found:
        process.kill()
        sys.exit("automock serve did not start: " + line + process.stdout.read())
    return process, int(found.group(1))


def request(port, method, path, body=None, headers=None, timeout=5):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def set_faults(port, rules):
    status, _ = request(port, "DELETE", "/__automock/faults", headers=ADMIN)
    assert status == 200, status
    status, body = request(port, "POST", "/__automock/faults", json.dumps(rules), ADMIN)
    assert status == 200, body


def raises(expected, call):
    try:
        call()
    except expected:
        return
    raise AssertionError("expected " + expected.__name__)


def check_faults(port):
    # From automock.json: the first GET /v1/todos gets 503, the next the recording.
    assert request(port, "GET", "/v1/todos") == (503, b"try later")
    assert request(port, "GET", "/v1/todos")[0] == 200

    set_faults(port, [{"fault": "reset"}])
    raises(ConnectionResetError, lambda: request(port, "GET", "/v1/todos"))

    set_faults(port, [{"fault": "truncate", "body_bytes": 10}])
    raises(http.client.IncompleteRead, lambda: request(port, "GET", "/v1/todos"))

    set_faults(port, [{"fault": "no_answer"}])
    started = time.monotonic()
    raises(socket.timeout, lambda: request(port, "GET", "/v1/todos", timeout=0.5))
    assert time.monotonic() - started >= 0.5

    set_faults(port, [{"fault": "delay", "ms": 200, "path": "/v1/*"}])
    started = time.monotonic()
    assert request(port, "GET", "/v1/todos")[0] == 200
    assert time.monotonic() - started >= 0.2

    rules = json.loads(request(port, "GET", "/__automock/faults")[1])
    assert rules == [{"fault": "delay", "ms": 200, "path": "/v1/*"}], rules
    status, body = request(port, "POST", "/__automock/faults", '[{"fault": "teapot"}]', ADMIN)
    assert status == 400 and b"/0/fault" in body, body
    request(port, "DELETE", "/__automock/faults", headers=ADMIN)


def check_journal(port):
    assert request(port, "POST", "/__automock/reset", "{}", ADMIN)[0] == 200
    request(port, "GET", "/v1/todos")
    request(port, "GET", "/v1/todos")
    request(port, "GET", "/v1/nothing")
    journal = json.loads(request(port, "GET", "/__automock/requests")[1])
    targets = [(entry["target"], entry["answered"]) for entry in journal["requests"]]
    assert targets == [("/v1/todos", "replayed"), ("/v1/todos", "replayed"),
                       ("/v1/nothing", "miss")], targets
    assert journal["fixture_calls"] == {"GET-v1-todos-c5a28f1dba08a8dd.json": 2}, journal


def check_bad_config(directory):
    config = os.path.join(directory, "bad.json")
    with open(config, "w") as out:
        json.dump({"faults": [{"fault": "status", "status": 42}]}, out)
    run = subprocess.run([AUTOMOCK, "serve", "--cassette", CASSETTE, "--listen", "127.0.0.1:0",
                          "--config", config], capture_output=True, text=True, timeout=10)
    assert run.returncode == 2, run
    assert "/faults/0/status" in run.stderr, run.stderr


def main():
    directory = tempfile.mkdtemp()
    config = os.path.join(directory, "automock.json")
    with open(config, "w") as out:
        json.dump({"faults": [{"method": "GET", "path": "/v1/todos", "call": 1,
                               "fault": "status", "status": 503, "body": "try later"}]}, out)
    process, port = start_serve(config)
    try:
        check_faults(port)
        check_journal(port)
    finally:
        process.terminate()
        process.wait(timeout=10)
    check_bad_config(directory)
    shutil.rmtree(directory)
    print("serve faults e2e: passed")


main()
