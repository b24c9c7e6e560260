"""Loopback HTTP servers for tests: real sockets on 127.0.0.1, routes as plain functions;
`RawServer` for answers no well-behaved server would send.

A route takes a `Request` and returns a `Reply` (or bytes/str for a 200 text/html answer).
Every request is recorded in `server.requests`, so a test can assert what was (not) asked.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, list[str]]:
        """The body parsed as application/x-www-form-urlencoded, merged over the query."""
        merged = dict(self.query)
        merged.update(parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True))
        return merged


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0


Route = Callable[[Request], "Reply | bytes | str"]


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 (or another loopback address) and a free port."""

    def __init__(self, route: Route, host: str = "127.0.0.1"):
        assert host.startswith("127.") or host == "::1", "tests talk to loopback only"
        self.route = route
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with server._lock:
                    server.requests.append(request)
                reply = server.route(request)
                if not isinstance(reply, Reply):
                    reply = Reply(reply)
                if reply.delay:
                    threading.Event().wait(reply.delay)
                payload = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_HEAD = _handle

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                """A client that hangs up early (size caps, timeouts) is expected here."""

        self.httpd = QuietServer((host, 0), Handler)
        self.host = host
        self.port = self.httpd.server_address[1]
        # a short poll: shutdown() waits up to one poll interval, and tests start many servers
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class RawServer:
    """A loopback TCP server whose handler writes whatever bytes it likes (broken HTTP included)."""

    def __init__(self, handler: Callable[[socket.socket], None]):
        self.handler = handler
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            self.handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _relay(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""

    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    other = threading.Thread(target=pump, args=(b, a), daemon=True)
    other.start()
    pump(a, b)
    other.join(5)


class _ProxyBase:
    """A loopback proxy that resolves host names itself, from `names` (name -> loopback address),
    as a proxy with its own DNS does where the client has none. `seen` records the names asked.
    """

    def __init__(self, names: dict[str, str]):
        assert all(a.startswith("127.") for a in names.values()), "tests talk to loopback only"
        self.names = names
        self.seen: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._guarded, args=(conn,), daemon=True).start()

    def _guarded(self, conn: socket.socket) -> None:
        try:
            self._one(conn)
        except (OSError, ValueError):
            pass
        finally:
            conn.close()

    def _one(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def _open(self, host: str, port: int) -> socket.socket | None:
        self.seen.append(host)
        address = self.names.get(host.lower(), host if host.startswith("127.") else None)
        if address is None:
            return None
        return socket.create_connection((address, port), timeout=5)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


class ForwardProxy(_ProxyBase):
    """An HTTP forward proxy (absolute-form GET and CONNECT) on 127.0.0.1."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _one(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        head_bytes, rest = data.split(b"\r\n\r\n", 1)
        request_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ", 2)
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = self._open(host, int(port))
            if upstream is None:
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            upstream.sendall(rest)
            _relay(conn, upstream)
            return
        parts = urlsplit(target)
        upstream = self._open(parts.hostname or "", parts.port or 80)
        if upstream is None:
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        path = parts.path or "/"
        if parts.query:
            path += f"?{parts.query}"
        kept = [h for h in header_lines if not h.lower().startswith(("proxy-", "connection:"))]
        upstream_head = "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close"])
        upstream.sendall(upstream_head.encode("latin-1") + b"\r\n\r\n" + rest)
        # one request per connection: the answer is relayed until the origin closes
        while chunk := upstream.recv(65536):
            conn.sendall(chunk)
        upstream.close()


class Socks5Proxy(_ProxyBase):
    """A SOCKS5 proxy (no authentication, CONNECT only) that resolves domain names itself."""

    @property
    def url(self) -> str:
        return f"socks5h://127.0.0.1:{self.port}"

    def _one(self, conn: socket.socket) -> None:
        version, count = _exactly(conn, 2)
        _exactly(conn, count)  # the offered methods: we always pick "no authentication"
        conn.sendall(b"\x05\x00")
        version, command, _, kind = _exactly(conn, 4)
        if kind == 3:
            host = _exactly(conn, _exactly(conn, 1)[0]).decode("idna")
        elif kind == 1:
            host = socket.inet_ntoa(_exactly(conn, 4))
        else:
            host = socket.inet_ntop(socket.AF_INET6, _exactly(conn, 16))
        port = int.from_bytes(_exactly(conn, 2), "big")
        upstream = self._open(host, port) if version == 5 and command == 1 else None
        if upstream is None:
            conn.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
            return
        conn.sendall(b"\x05\x00\x00\x01" + bytes(6))
        _relay(conn, upstream)


def _exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ValueError("the client hung up")
        data += chunk
    return data
