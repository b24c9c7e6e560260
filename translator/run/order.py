"""The order of a run's work: new articles first, then retries that are due (and work a killed
run left half-done), then re-checks of published articles for edits.

Caps: a source's `max_articles` (else `[run] max_articles`) is how many of its new articles one
run takes; the others stay known and wait for the next run, in feed order. `--limit N` counts
every article processed, whatever the reason. What is left for next time is counted, so the
summary can say so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from translator.config import SourceConfig
from translator.run.sources import Discovered
from translator.timestamps import parse_iso

# Published articles are re-checked for edits this long after publication, no longer.
RECHECK_WINDOW = timedelta(days=2)
REASONS = ("new", "retry", "recheck")


@dataclass
class Job:
    """One article to process in this run, and why ("new", "retry" or "recheck")."""

    url: str
    source: SourceConfig | None
    reason: str
    known_hash: str | None = None
    item_key: str | None = None


@dataclass
class WorkOrder:
    """The jobs found, by reason, in the order they were found."""

    new: list[Job] = field(default_factory=list)
    retry: list[Job] = field(default_factory=list)
    recheck: list[Job] = field(default_factory=list)
    queued: set[str] = field(default_factory=set)

    def add(self, job: Job) -> None:
        if job.url not in self.queued:
            self.queued.add(job.url)
            getattr(self, job.reason).append(job)

    def plan(self, caps: dict[str, int], limit: int | None) -> tuple[list[Job], int]:
        """The jobs of this run in order and how many are left for the next one.

        `caps` maps a source name to its new-article cap (0: none).
        """
        taken: dict[str, int] = {}
        jobs: list[Job] = []
        left = 0
        for job in self.new:
            name = job.source.name if job.source else ""
            cap = caps.get(name, 0)
            if cap and taken.get(name, 0) >= cap:
                left += 1
                continue
            taken[name] = taken.get(name, 0) + 1
            jobs.append(job)
        jobs += self.retry + self.recheck
        if limit is not None and len(jobs) > limit:
            left += len(jobs) - limit
            jobs = jobs[:limit]
        return jobs, left


def item_key(item: Discovered) -> str:
    """A digest of what a feed says about one item: when it changes, the page may have too."""
    text = "\x1f".join([item.url, item.title or "", item.published or "", item.summary or ""])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def items_digest(items: list[Discovered]) -> str:
    """A digest of every item a poll offered: stands in for validators a server does not send."""
    joined = "\x1e".join(item_key(item) for item in items)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def wants_recheck(row: dict, key: str, interval: float, now: datetime | None = None) -> bool:
    """Whether a published article is fetched again: recently published, and its feed item
    changed or its re-check interval (`[run] recheck_interval`, 0 = only on a change) passed."""
    now = now or datetime.now(UTC)
    published = parse_iso(row.get("published_at"))
    if published is None or now - published >= RECHECK_WINDOW:
        return False
    if row.get("item_key") not in (None, key):  # None: known from before items were keyed
        return True
    checked = parse_iso(row.get("checked_at")) or published
    return interval > 0 and (now - checked).total_seconds() >= interval
