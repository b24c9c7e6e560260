"""Per-host politeness for `translator run`: how many articles of one site at once, how far
apart their starts are (robots.txt's Crawl-delay may ask more, capped), and a stop that wakes
every waiter at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from translator.run.robots import RobotsPolicy

# A site's Crawl-delay is honoured up to this: a site must not hold the run for hours.
MAX_CRAWL_DELAY = 10.0


class HostGate:
    """At most `limit` articles of a host at once, `delay` seconds between their starts.

    `stop`, once set, ends every wait early; the caller checks it again before working.
    """

    def __init__(
        self,
        limit: int,
        delay: float,
        robots: RobotsPolicy | None,
        stop: threading.Event | None = None,
    ):
        self.limit = max(1, limit)
        self.delay = delay
        self.robots = robots
        self.stop = stop or threading.Event()
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.Semaphore(self.limit))
        with semaphore:
            delay = self.delay
            if self.robots is not None:
                delay = max(delay, min(self.robots.crawl_delay(url) or 0.0, MAX_CRAWL_DELAY))
            with self._lock:
                start = max(time.monotonic(), self._next_start.get(host, 0.0))
                self._next_start[host] = start + delay
            self.stop.wait(max(0.0, start - time.monotonic()))
            yield
