"""A real HTTP server on 127.0.0.1 for end-to-end tests: it records every request
and answers with scripted replies, some of which misbehave on purpose."""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


@dataclass
class Recorded:
    method: str
    target: str  # the request target exactly as sent (path and query, or an absolute URL)
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def path(self) -> str:
        """The raw (still percent-encoded) path."""
        return urlsplit(self.target).path

    @property
    def segments(self) -> list[str]:
        """The path's segments, each percent-decoded on its own."""
        return [unquote(s) for s in self.path.split("/")[1:]]

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    def json(self) -> Any:
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return json.loads(body)


@dataclass
class Reply:
    status: int = 200
    body: bytes | Any = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    # misbehaviour: "reset" (RST, no response), "truncate" (Content-Length says more
    # than is sent, then close), "lie_short" (Content-Length says less than is sent),
    # "drip" (the body one byte at a time), "stall" (half the body, then nothing for 2 s),
    # "close" (close, no response); delay: answer late
    action: str | None = None
    delay: float = 0.0

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body).encode("utf-8")


def json_reply(status: int, body: Any, *headers: tuple[str, str]) -> Reply:
    return Reply(status, json.dumps(body).encode(), [("Content-Type", "application/json"), *headers])


class LoopbackServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: deque[Reply] = deque()
        self.default = json_reply(200, {})
        self.connections = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def setup(self) -> None:
                super().setup()
                with server.lock:
                    server.connections += 1

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (ConnectionError, TimeoutError, OSError):
                    self.close_connection = True

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(self.command, self.path, list(self.headers.items()), body)
                with server.lock:
                    server.requests.append(recorded)
                    reply = server.replies.popleft() if server.replies else server.default
                server.answer(self, reply)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

            def do_CONNECT(self) -> None:  # noqa: N802 - a proxy tunnel request: recorded, refused
                recorded = Recorded("CONNECT", self.path, list(self.headers.items()), b"")
                with server.lock:
                    server.requests.append(recorded)
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def reply(self, *replies: Reply) -> None:
        with self.lock:
            self.replies.extend(replies)

    def answer(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        sock = handler.connection
        if reply.action == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            handler.close_connection = True
            return
        if reply.action == "close":
            handler.close_connection = True
            sock.shutdown(socket.SHUT_RDWR)
            return
        body = reply.payload()
        handler.send_response(reply.status)
        names = {k.lower() for k, _ in reply.headers}
        for name, value in reply.headers:
            handler.send_header(name, value)
        if reply.action == "lie_short":  # Content-Length says less than is sent
            handler.send_header("Content-Length", str(max(0, len(body) - 10)))
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
            return
        if reply.action == "truncate":
            handler.send_header("Content-Length", str(len(body) + 100))
            handler.end_headers()
            handler.wfile.write(body)
            handler.wfile.flush()
            handler.close_connection = True
            sock.shutdown(socket.SHUT_RDWR)
            return
        if "content-length" not in names:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if reply.action == "stall":
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            time.sleep(2.0)
            handler.close_connection = True
            return
        if reply.action == "drip":
            for i in range(len(body)):
                handler.wfile.write(body[i : i + 1])
                handler.wfile.flush()
                time.sleep(0.05)
            return
        handler.wfile.write(body)
        handler.wfile.flush()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
