#!/usr/bin/python3
"""End-to-end: automock as a forward proxy, as users run it. curl -x with
--cacert and Python requests through HTTPS_PROXY record two https hosts and a
plain http one, served here on loopback with certificates of their own and
mapped by --resolve; keep-alive holds inside a tunnel; an upstream whose
certificate nobody trusts is refused; a host left out of --intercept is
tunnelled untouched, not recorded, and told in a line of its own. Then the
upstreams stop and `automock serve --forward` replays every answer byte for
byte, with no network.
Needs Debian's python3-requests. Usage: forward_e2e.py AUTOMOCK"""

import http.server
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading

import requests

AUTOMOCK = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="automock-forward-")
os.environ["AUTOMOCK_CA_DIR"] = os.path.join(WORK, "ca")
# The upstreams are this script's own, on loopback: recording them is not the
# network that CI refuses, as in the other end-to-end scripts.
for name in ("CI", "AUTOMOCK_ALLOW_NETWORK_IN_CI"):
    os.environ.pop(name, None)
CASSETTE = os.path.join(WORK, "cassette")


def make_certificate(name):
    key, cert = (os.path.join(WORK, name + suffix) for suffix in (".key", ".pem"))
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=" + name, "-addext",
         "subjectAltName=DNS:" + name, "-keyout", key, "-out", cert],
        check=True, capture_output=True)
    return key, cert


class Upstream:
    """A real HTTP/1.1 server on 127.0.0.1, https with its own certificate
    unless plain; it answers with what it saw and counts its connections."""

    def __init__(self, name, tls=True):
        self.name, self.connections = name, set()
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                upstream.connections.add(self.client_address)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.dumps({"server": upstream.name, "method": self.command,
                                   "path": self.path,
                                   "body": self.rfile.read(length).decode()}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.cert = None
        if tls:
            key, self.cert = make_certificate(name)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.cert, key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = ("https" if tls else "http") + "://%s:%d" % (name, self.port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def start(arguments, pattern):
    process = subprocess.Popen([AUTOMOCK] + arguments, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    found = re.search(pattern, line)
    if not found:
        process.kill()
        sys.exit("automock did not start: " + line + process.stdout.read())
    return process, "http://127.0.0.1:" + found.group(1)


def stop(process):
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=20)[0]
    assert process.returncode == 0, output
    return output


def curl(proxy, urls, cacert, extra=()):
    """Status and body of each URL, fetched by one curl through `proxy`, and
    how many connections curl opened for each."""
    result = subprocess.run(
        ["curl", "-sS", "-x", proxy, "--cacert", cacert, *extra,
         "-w", "\n%{http_code} %{num_connects}\n"] + list(urls),
        capture_output=True, check=True)
    parts = re.findall(rb"(.*?)\n(\d{3}) (\d+)\n", result.stdout, re.S)
    assert len(parts) == len(urls), result.stdout
    return [(int(status), body) for body, status, _ in parts], [int(n) for *_, n in parts]


def through_requests(proxy, ca, one, two, plain):
    os.environ.update(HTTPS_PROXY=proxy, HTTP_PROXY=proxy, REQUESTS_CA_BUNDLE=ca)
    try:
        with requests.Session() as session:
            answers = [session.post(two.url + "/v1/items", json={"name": "pen"}),
                       session.get(one.url + "/v1/items?page=2"),
                       session.get(plain.url + "/plain")]
        return [(answer.status_code, answer.content) for answer in answers]
    finally:
        for name in ("HTTPS_PROXY", "HTTP_PROXY", "REQUESTS_CA_BUNDLE"):
            del os.environ[name]


def main():
    one, two, bad, opaque = (Upstream(name) for name in
                             ("api.one.test", "api.two.test", "api.bad.test", "opaque.test"))
    plain = Upstream("api.plain.test", tls=False)
    trusted = os.path.join(WORK, "trusted.pem")
    with open(trusted, "w") as bundle:
        for upstream in (one, two, opaque):
            bundle.write(open(upstream.cert).read())
    resolve = []
    for upstream in (one, two, bad, opaque, plain):
        resolve += ["--resolve", "%s:%d:127.0.0.1" % (upstream.name, upstream.port)]
    recorder, proxy = start(["record", "--forward", "--listen", "127.0.0.1:0", "--cassette",
                             CASSETTE, "--ca-file", trusted, "--intercept", "api.*"] + resolve,
                            r"listening on http://127\.0\.0\.1:(\d+) ")
    ca = subprocess.run([AUTOMOCK, "ca", "path"], capture_output=True, text=True,
                        check=True).stdout.strip()
    assert oct(os.stat(os.path.join(os.path.dirname(ca), "ca-key.pem")).st_mode & 0o777) == "0o600"

    urls = [one.url + "/v1/items", one.url + "/v1/items/7", two.url + "/v1/items"]
    recorded, connects = curl(proxy, urls, ca)
    assert [status for status, _ in recorded] == [200, 200, 200], recorded
    assert json.loads(recorded[0][1])["server"] == "api.one.test", recorded
    assert json.loads(recorded[2][1])["server"] == "api.two.test", recorded
    assert connects == [1, 0, 1], "keep-alive inside the tunnel: %s" % connects
    recorded += through_requests(proxy, ca, one, two, plain)
    assert [status for status, _ in recorded[3:]] == [200, 200, 200], recorded
    assert json.loads(recorded[3][1])["body"] == '{"name": "pen"}', recorded

    refused, _ = curl(proxy, [bad.url + "/x"], ca)
    assert refused[0][0] == 502 and json.loads(refused[0][1])["cause"] == "tls", refused
    tunnelled, _ = curl(proxy, [opaque.url + "/secret"], opaque.cert)
    assert tunnelled[0][0] == 200 and b"opaque.test" in tunnelled[0][1], tunnelled
    assert opaque.connections, "the tunnelled host was reached"

    summary = stop(recorder)
    assert "6 new" in summary and "1 tunnelled" in summary, summary
    line = r"^CONNECT opaque\.test:%d 200 [0-9.]+ ms tunnelled$" % opaque.port
    assert re.search(line, summary, re.M), "a line for the tunnel: " + summary
    fixtures = sorted(os.listdir(CASSETTE))
    assert len(fixtures) == 6, fixtures
    text = "".join(open(os.path.join(CASSETTE, name)).read() for name in fixtures)
    assert "opaque" not in text and "api.bad.test" not in text, "nothing of them recorded"
    for origin in ("https://api.one.test:%d" % one.port, "https://api.two.test:%d" % two.port,
                   "http://api.plain.test:%d" % plain.port):
        assert origin in text, origin

    for upstream in (one, two, bad, opaque, plain):
        upstream.stop()
    server, proxy = start(["serve", "--forward", "--listen", "127.0.0.1:0", "--cassette",
                           CASSETTE], r"on http://127\.0\.0\.1:(\d+) ")
    replayed, connects = curl(proxy, urls, ca)
    replayed += through_requests(proxy, ca, one, two, plain)
    assert replayed == recorded, (replayed, recorded)
    assert connects == [1, 0, 1], connects
    missed, _ = curl(proxy, [one.url + "/never"], ca, ["-i"])
    assert missed[0][0] == 404 and b"X-Automock: miss" in missed[0][1], missed
    stop_output = stop(server)
    assert "1 unmatched" in stop_output, stop_output
    print("forward e2e: passed (%d fixtures, replayed byte for byte)" % len(fixtures))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
