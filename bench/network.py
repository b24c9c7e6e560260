"""Network bounds in figures: how long hostile servers and robots.txt files hold a fetch.

    python bench/network.py

Prints, against loopback servers: the wall time of one fetch with `timeout = 3` and no retries
from a server that floods `100 Continue`, one that drips its status line and headers a byte at a
time, and one that drips its body, each with its ratio to the deadline; the time Protego takes
to match the backtracking rule `/*a*a*...*a*b$` (14 wildcards) against 40 a's, against a plain
prefix rule in the same run; and the time to read and use a 9 MB robots.txt (only
`[fetch] robots_max_bytes` of it is read).
"""

from __future__ import annotations

import socket
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from protego import Protego

from tests.servers import LoopbackServer, RawServer, Reply, head
from translator.config import DEFAULT_USER_AGENT, FetchConfig
from translator.errors import FetchError
from translator.fetch.client import Fetcher
from translator.run.robots import RobotsPolicy

DEADLINE = 3.0


def flood(conn: socket.socket) -> None:
    for _ in range(600):
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        time.sleep(0.1)


def drip(data: bytes, pause: float) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(pause)

    return handler


def hostile_fetches() -> None:
    response = head(Content_Type="text/html", Content_Length="100000") + b"<p>" * 30000
    cases = {
        "endless 100 Continue": flood,
        "status line and headers, 1 byte/s": drip(response, 1.0),
        "body, 1 byte / 10 ms": drip(response, 0.01),
    }
    config = FetchConfig(timeout=DEADLINE, retries=0)
    for name, handler in cases.items():
        with RawServer(handler) as server, Fetcher(config) as fetcher:
            started = time.monotonic()
            try:
                fetcher.fetch(server.url)
                outcome = "fetched (!)"
            except FetchError as exc:
                outcome = str(exc).split(": ", 1)[1]
            elapsed = time.monotonic() - started
        print(f"{name:38} {elapsed:6.2f} s  x{elapsed / DEADLINE:.2f} of timeout  {outcome}")


def matching() -> None:
    hostile = Protego.parse("User-agent: *\nDisallow: /" + "*a" * 14 + "*b$\n")
    plain = Protego.parse("User-agent: *\nDisallow: /private/\n")
    url = "https://example.org/" + "a" * 40

    def median(parser: Protego) -> float:
        times = []
        for _ in range(200):
            started = time.perf_counter()
            parser.can_fetch(url, DEFAULT_USER_AGENT)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    slow, fast = median(hostile), median(plain)
    print(
        f"{'robots.txt /*a*...*b$ vs 40 a' + chr(39) + 's':38} {slow * 1e6:6.1f} us "
        f"(plain rule {fast * 1e6:.1f} us, x{slow / fast:.1f})"
    )


def big_robots() -> None:
    text = "User-agent: *\nDisallow: /private/\n" + "Disallow: /x*y*z$\n" * 500_000
    body = text.encode()
    with (
        LoopbackServer(lambda r: Reply(body, content_type="text/plain")) as server,
        Fetcher(FetchConfig(retries=0, allow_private_addresses=True)) as fetcher,
    ):
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        started = time.monotonic()
        for n in range(3):
            policy.allowed(f"{server.url}/news/{n}")
        elapsed = time.monotonic() - started
    print(
        f"{f'robots.txt of {len(body) / 1e6:.1f} MB, 3 articles':38} {elapsed:6.2f} s  "
        f"({fetcher.config.robots_max_bytes:,} bytes read)"
    )


def main() -> None:
    hostile_fetches()
    matching()
    big_robots()


if __name__ == "__main__":
    main()
