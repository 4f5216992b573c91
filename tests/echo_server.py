"""An HTTP server for load tests, run in its own process.

    python tests/echo_server.py

Prints its port. Every GET answers a projects page whose ``meta.after`` echoes the
request's ``page[cursor]`` (so a client can tell its responses from other
threads'); ``GET /_stats`` answers how many connections and requests it served.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
stats = {"connections": 0, "requests": 0, "open": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        super().setup()
        with lock:
            stats["connections"] += 1
            stats["open"] += 1

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with lock:
                stats["open"] -= 1

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path == "/_stats":
            with lock:
                body = json.dumps(stats).encode()
        else:
            with lock:
                stats["requests"] += 1
            cursor = parse_qs(parts.query).get("page[cursor]", [None])[0]
            body = json.dumps({"data": [], "meta": {"after": cursor}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
