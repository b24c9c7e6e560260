"""robots.txt for `translator run`: may we fetch this article URL, and how slowly.

Each host's robots.txt is fetched once per run through the Fetcher and parsed by urllib.robotparser;
rules are matched as Google does (longest match, `*` and `$` wildcards). As Google does too: a 4xx
answer (or an unreachable host) means no rules; a 5xx or 429 answer means the whole host is off
limits for this run.
"""

from __future__ import annotations

import math
import re
import threading
from urllib import robotparser
from urllib.parse import quote, unquote, urlsplit

from translator.errors import FetchError, HTTPStatusError
from translator.fetch.client import Fetcher


class RobotsPolicy:
    """Answers `allowed(url)` and `crawl_delay(url)` for one user agent; thread-safe."""

    def __init__(self, fetcher: Fetcher, user_agent: str, *, trusted: bool = False):
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.trusted = trusted
        self._rules: dict[str, robotparser.RobotFileParser] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of `url`'s host lets our user agent fetch `url`."""
        return _can_fetch(self._parser(url), self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """Seconds to wait between requests to `url`'s host, if its robots.txt asks for any."""
        rules = self._parser(url)
        delay = rules.crawl_delay(self.user_agent)
        if delay is not None:
            return float(delay)
        rate = rules.request_rate(self.user_agent)
        if rate is not None and rate.requests > 0:
            return rate.seconds / rate.requests
        return None

    def _parser(self, url: str) -> robotparser.RobotFileParser:
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

    def _load(self, origin: str) -> robotparser.RobotFileParser:
        rules = robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            page = self.fetcher.fetch(f"{origin}/robots.txt", trusted=self.trusted, accept="any")
        except HTTPStatusError as exc:
            if exc.status == 429 or exc.status >= 500:
                rules.disallow_all = True
            else:
                rules.allow_all = True
            return rules
        except FetchError:
            # Unreachable, refused or oversized: no rules we can read. The article fetch that
            # follows meets the same failure and reports it.
            rules.allow_all = True
            return rules
        if page.status >= 400:
            rules.allow_all = page.status < 500 and page.status != 429
            rules.disallow_all = not rules.allow_all
            return rules
        text = page.text or page.body.decode("utf-8", errors="replace")
        rules.parse(_round_up_delays(text).splitlines())
        return rules


def _can_fetch(rules: robotparser.RobotFileParser, user_agent: str, url: str) -> bool:
    """robotparser's groups, matched as Google does (RFC 9309): the longest matching rule wins,
    Allow wins a tie, and `*` and a final `$` are wildcards. robotparser itself takes the first
    match in file order and reads `*` literally, so it would let us into "Disallow: /*?print".
    """
    if rules.disallow_all:
        return False
    if rules.allow_all:
        return True
    entry = next((e for e in rules.entries if e.applies_to(user_agent)), rules.default_entry)
    if entry is None:
        return True
    parts = urlsplit(url)
    target = _canonical(parts.path + (f"?{parts.query}" if parts.query else "")) or "/"
    best: tuple[int, bool] | None = None
    for line in entry.rulelines:
        # robotparser stores rule paths quoted; undo that to get the text of the rule back.
        pattern = _canonical(unquote(line.path))
        if _rule_matches(pattern, target):
            candidate = (len(pattern), line.allowance)
            best = candidate if best is None else max(best, candidate)
    return True if best is None else best[1]


def _canonical(path: str) -> str:
    """One spelling per path, whether it came percent-encoded or raw ("/новости", "/%D0%BD...")."""
    return quote(unquote(path), safe="/?=&*$:@!,;+~")


def _rule_matches(pattern: str, path: str) -> bool:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*")) + ("$" if anchored else "")
    return re.match(regex, path) is not None


def _round_up_delays(text: str) -> str:
    """robotparser ignores a fractional Crawl-delay ("0.5"); round it up instead, to be polite."""
    return re.sub(
        r"(?im)^(\s*crawl-delay\s*:\s*)(\d*\.\d+)",
        lambda m: f"{m.group(1)}{math.ceil(float(m.group(2)))}",
        text,
    )
