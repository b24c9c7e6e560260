"""robots.txt for `translator run`: may we fetch this article URL, and how slowly.

Each host's robots.txt is fetched once per run through the Fetcher and parsed by Protego, which
matches rules as Google does (RFC 9309: longest match wins, Allow wins a tie, `*` and a final
`$` are wildcards) without backtracking, so no rule can make matching slow. Only the first
`[fetch] robots_max_bytes` bytes are read (Google reads 500 KiB too). As Google does: a 4xx
answer (or an unreachable host) means no rules; a 5xx or 429 answer means the whole host is off
limits for this run. Crawl-delay (or Request-rate) is rounded up to whole seconds and clamped
to MAX_CRAWL_DELAY.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from translator.errors import FetchError, HTTPStatusError
from translator.fetch.client import Fetcher
from translator.timestamps import clamp_seconds

# The longest pause between two requests to one host a robots.txt can ask of a run.
MAX_CRAWL_DELAY = 10.0


@dataclass
class _Rules:
    """One host's answer: everything allowed, nothing allowed, or Protego's reading of its file."""

    allow_all: bool = False
    parser: Protego | None = None


class RobotsPolicy:
    """Answers `allowed(url)` and `crawl_delay(url)` for one user agent; thread-safe."""

    def __init__(self, fetcher: Fetcher, user_agent: str, *, trusted: bool = False):
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.trusted = trusted
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of `url`'s host lets our user agent fetch `url`."""
        rules = self._for(url)
        if rules.parser is None:
            return rules.allow_all
        return bool(rules.parser.can_fetch(url, self.user_agent))

    def crawl_delay(self, url: str) -> float | None:
        """Seconds to wait between requests to `url`'s host, if its robots.txt asks for any.

        Whole seconds (a fractional ask is rounded up, to be polite), at most MAX_CRAWL_DELAY.
        """
        parser = self._for(url).parser
        if parser is None:
            return None
        delay = parser.crawl_delay(self.user_agent)
        if delay is None:
            rate = parser.request_rate(self.user_agent)
            if rate is None or rate.requests <= 0:
                return None
            delay = rate.seconds / rate.requests
        clamped = clamp_seconds(float(delay), upper=MAX_CRAWL_DELAY)
        return None if clamped is None else float(min(MAX_CRAWL_DELAY, math.ceil(clamped)))

    def _for(self, url: str) -> _Rules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            if origin in self._rules:
                return self._rules[origin]
            host_lock = self._locks.setdefault(origin, threading.Lock())
        # One fetch per host even when several workers ask at once; other hosts do not wait.
        with host_lock:
            with self._lock:
                if origin in self._rules:
                    return self._rules[origin]
            rules = self._load(origin)
            with self._lock:
                self._rules[origin] = rules
            return rules

    def _load(self, origin: str) -> _Rules:
        cap = self.fetcher.config.robots_max_bytes
        try:
            page = self.fetcher.fetch(
                f"{origin}/robots.txt", trusted=self.trusted, accept="any", read_at_most=cap
            )
        except HTTPStatusError as exc:
            return _Rules(allow_all=exc.status != 429 and exc.status < 500)
        except FetchError:
            # Unreachable, refused or not text: no rules we can read. The article fetch that
            # follows meets the same failure and reports it.
            return _Rules(allow_all=True)
        text = page.text or page.body.decode("utf-8", errors="replace")
        if len(page.body) >= cap:
            text = text.rsplit("\n", 1)[0]  # the last line may be cut in the middle
        return _Rules(parser=Protego.parse(text))
