#!/usr/bin/python3
"""Writes a mitmproxy flows file that answers as automock fixtures do, for
mitmdump --server-replay in bench/proxy/run-forward.sh (the same recording,
replayed by a peer). Needs Debian's mitmproxy.
Usage: mitm_flows.py OUT FIXTURE.json..."""

import json
import sys

from mitmproxy import http, io
from mitmproxy.test import tflow


def body_bytes(message):
    if "body" in message:
        return json.dumps(message["body"], separators=(",", ":")).encode()
    return message.get("body_text", "").encode()


def headers_of(message):
    return [(name.encode(), value.encode()) for name, value in message["headers"]]


def flow_of(fixture):
    request, response = fixture["request"], fixture["response"]
    flow = tflow.tflow(resp=True)
    flow.request = http.Request.make(request["method"], request["route"] + request["url"],
                                     body_bytes(request),
                                     headers_of(request))
    flow.response = http.Response.make(response["status"], body_bytes(response),
                                       headers_of(response))
    return flow


def main():
    with open(sys.argv[1], "wb") as out:
        writer = io.FlowWriter(out)
        for path in sys.argv[2:]:
            with open(path) as fixture:
                writer.add(flow_of(json.load(fixture)))


if __name__ == "__main__":
    main()
