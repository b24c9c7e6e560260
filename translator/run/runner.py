"""`translator run`: every source in config.toml, incrementally, safely, from cron.

One run: take the lock -> discover new articles in every source -> pick the work (new, failed
and due for a retry, left half-done by a killed run, published but edited at the source) ->
process it with bounded concurrency and per-host politeness -> rewrite the feeds and index.
The cache records every step, so a run killed at any point is resumed by the next one, and a
copy or feed only ever appears whole (files are written to a temp name and renamed).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from translator.config import Config, SourceConfig
from translator.errors import (
    ConfigError,
    EngineError,
    LockedError,
    StoreError,
    TranslatorError,
)
from translator.output.feeds import FeedEntry, write_atom, write_index
from translator.pipeline import CREDIT_FIELDS, Outcome, Pipeline
from translator.run.robots import RobotsPolicy
from translator.run.sources import Discovered, check_source, discover, select
from translator.store import Cache, now_iso

LOCK_NAME = "run.lock"
RECHECK_WINDOW = timedelta(days=2)
MAX_CRAWL_DELAY = 10.0
FEED_SIZE = 100


@dataclass
class Job:
    """One article to process in this run, and why."""

    url: str
    source: SourceConfig | None
    reason: str  # "new", "retry", "resume" or "recheck"
    known_hash: str | None = None


@dataclass
class RunReport:
    """What a run did; `failed` makes the exit status non-zero."""

    sources: int = 0
    sources_unchanged: int = 0
    source_errors: list[str] = field(default_factory=list)
    published: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    deferred: int = 0
    paths: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    tokens_in: int = 0  # reported by language-model engines
    tokens_out: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.source_errors

    def summary(self) -> str:
        parts = [
            f"{self.published} published",
            f"{self.updated} updated",
            f"{len(self.failed)} failed",
        ]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        if self.deferred:
            parts.append(f"{self.deferred} deferred")
        if self.tokens_in or self.tokens_out:
            parts.append(f"{self.tokens_in} tokens in, {self.tokens_out} out")
        sources = f"{self.sources} sources, {self.sources_unchanged} unchanged"
        if self.source_errors:
            sources += f", {len(self.source_errors)} failed"
        return f"translator run: {', '.join(parts)} ({sources}) in {self.seconds:.1f}s"


@contextmanager
def run_lock(cache_dir: Path, *, wait: bool) -> Iterator[None]:
    """Hold the run lock; the kernel drops it when the process dies, so no lock goes stale."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle = open(cache_dir / LOCK_NAME, "a+")  # noqa: SIM115 -- held until the finally below
    except OSError as exc:
        raise StoreError(f"cannot use {cache_dir} as the cache: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockedError("another translator run holds the lock; exiting") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


class HostGate:
    """Per-host politeness: at most `limit` articles of a host at once, `delay` between starts."""

    def __init__(self, limit: int, delay: float, robots: RobotsPolicy | None):
        self.limit = max(1, limit)
        self.delay = delay
        self.robots = robots
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
            if self.robots is not None:  # capped: a site must not hold the run for hours
                delay = max(delay, min(self.robots.crawl_delay(url) or 0.0, MAX_CRAWL_DELAY))
            with self._lock:
                start = max(time.monotonic(), self._next_start.get(host, 0.0))
                self._next_start[host] = start + delay
            time.sleep(max(0.0, start - time.monotonic()))
            yield


class Runner:
    """One `translator run`, over a configured pipeline."""

    def __init__(
        self,
        config: Config,
        pipeline: Pipeline,
        cache: Cache,
        *,
        only_source: str | None = None,
        limit: int | None = None,
        on_progress: Callable[[str], None] | None = None,
    ):
        self.config = config
        self.pipeline = pipeline
        self.cache = cache
        self.limit = limit
        self.on_progress = on_progress or (lambda message: None)
        self.sources = [s for s in config.sources if only_source in (None, s.name)]
        for source in self.sources:
            check_source(source)
            check_attribution(source)
        self.out_dir = pipeline.out_dir
        self.robots = (
            RobotsPolicy(pipeline.fetcher, config.fetch.user_agent)
            if config.run.respect_robots
            else None
        )
        self.gate = HostGate(
            config.run.per_host_concurrency, config.run.per_host_delay, self.robots
        )

    # discovery -----------------------------------------------------------------------------

    def discover(self, report: RunReport) -> list[Job]:
        """Poll every source and list the jobs of this run, oldest work first."""
        seen: set[str] = set()
        jobs: dict[str, Job] = {}
        by_name = {s.name: s for s in self.config.sources}
        for source in self.sources:
            report.sources += 1
            result = discover(source, self.pipeline.fetcher, self.cache, self.config.run)
            if result.error:
                report.source_errors.append(f"{source.name}: {result.error}")
                continue
            if result.not_modified:
                report.sources_unchanged += 1
            for item in select(result.items, source, self.config.run, seen):
                job = self._job_for(item, source, recheck=not result.not_modified)
                if job is not None:
                    jobs.setdefault(job.url, job)
        for row in self._pending_rows():
            if row["url"] not in jobs:
                reason = "retry" if row["state"] == "failed" else "resume"
                jobs[row["url"]] = Job(row["url"], by_name.get(row["source"] or ""), reason)
        ordered = list(jobs.values())
        return ordered[: self.limit] if self.limit is not None else ordered

    def _job_for(self, item: Discovered, source: SourceConfig, *, recheck: bool) -> Job | None:
        """New items become jobs; published ones are rechecked for edits when the source changed."""
        row = self.cache.get_article(item.url)
        if row is None:
            self.cache.set_article(
                item.url,
                state="discovered",
                source=source.name,
                title=item.title,
                published=item.published,
            )
            return Job(item.url, source, "new")
        if recheck and row["state"] == "published" and self._recently_published(row):
            return Job(item.url, source, "recheck", known_hash=row["content_hash"])
        return None

    def _pending_rows(self) -> list[dict]:
        """Articles a killed run left half-done, and failed ones whose retry is due, of the
        sources this run covers."""
        names = [source.name for source in self.sources]
        return self.cache.pending_articles(names, self.config.run.max_attempts, now_iso())

    @staticmethod
    def _recently_published(row: dict) -> bool:
        stamp = row.get("published_at")
        if not stamp:
            return False
        return datetime.now(UTC) - datetime.fromisoformat(stamp) < RECHECK_WINDOW

    # processing ----------------------------------------------------------------------------

    def process(self, jobs: list[Job], report: RunReport) -> None:
        """Run the jobs with bounded concurrency; one failure never stops the others."""
        budget = self.config.translate.error_budget
        engine_failures = 0
        lock = threading.Lock()

        def work(job: Job) -> tuple[Job, Outcome | None, TranslatorError | None]:
            nonlocal engine_failures
            with lock:
                if engine_failures >= budget:
                    return job, None, None
            if self.robots is not None and not self.robots.allowed(job.url):
                return job, None, self._failed(job.url, "disallowed by robots.txt")
            try:
                with self.gate.slot(job.url):
                    return job, self._process_one(job), None
            except TranslatorError as exc:
                if isinstance(exc, EngineError):
                    with lock:
                        engine_failures += 1
                return job, None, exc
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
                reason = f"internal error: {type(exc).__name__}: {exc}"
                return job, None, self._failed(job.url, reason)

        workers = max(1, self.config.run.concurrency)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="article") as pool:
            futures = [pool.submit(work, job) for job in jobs]
            for future in as_completed(futures):
                job, outcome, error = future.result()
                self._record(job, outcome, error, report)

    def _process_one(self, job: Job) -> Outcome:
        publishing = job.source is None or job.source.publish
        outcome = self.pipeline.process(
            job.url,
            trusted=False,
            source=self._name(job),
            out_dir=self.out_dir if publishing else self.out_dir / "review",
            known_hash=job.known_hash,
            credit=job.source.attribution if job.source else None,
            review=True,
            done="published" if publishing else "held",
        )
        if outcome.updated:
            self.cache.count_update(job.url)
        return outcome

    def _failed(self, url: str, reason: str) -> TranslatorError:
        """Record a failure the pipeline did not see (it never got the article) and return it."""
        error = TranslatorError(f"{url}: {reason}")
        row = self.cache.get_article(url)
        self.cache.set_article(
            url, state="failed", last_error=str(error), attempts=(row["attempts"] if row else 0) + 1
        )
        return error

    def _record(
        self, job: Job, outcome: Outcome | None, error: TranslatorError | None, report: RunReport
    ) -> None:
        if outcome is None and error is None:
            report.deferred += 1
            return
        if error is not None:
            self._schedule_retry(job.url, error)
            report.failed.append((job.url, str(error)))
            self.on_progress(f"failed: {error}")
            return
        assert outcome is not None
        if outcome.unchanged:
            report.unchanged += 1
            return
        if outcome.duplicate_of:
            report.duplicates += 1
            return
        report.paths.extend(outcome.paths)
        if outcome.updated:
            report.updated += 1
        else:
            report.published += 1
        stats = outcome.stats
        report.tokens_in += stats.tokens_in
        report.tokens_out += stats.tokens_out
        tokens = (
            f" ({stats.tokens_in} tokens in, {stats.tokens_out} out)" if stats.tokens_in else ""
        )
        self.on_progress(f"done: {outcome.article.title_en or job.url}{tokens}")

    def _schedule_retry(self, url: str, error: TranslatorError) -> None:
        """Back off exponentially with the attempts the pipeline counted; longer if hopeless."""
        row = self.cache.get_article(url)
        attempts = row["attempts"] if row else 1
        wait = self.config.run.retry_backoff * 2 ** max(0, attempts - 1)
        if not error.retryable:
            wait = max(wait, self.config.run.retry_backoff * 8)
        wait = max(wait, getattr(error, "retry_after", None) or 0.0)  # the server asked for it
        due = datetime.now(UTC) + timedelta(seconds=wait)
        self.cache.set_article(url, next_attempt_at=due.replace(microsecond=0).isoformat())

    @staticmethod
    def _name(job: Job) -> str | None:
        return job.source.name if job.source else None

    # output --------------------------------------------------------------------------------

    def write_feeds(self) -> list[Path]:
        """The combined feed, one per source and index.html, from what the cache says is out."""
        rows = self.cache.published_articles(FEED_SIZE * max(1, len(self.config.sources)))
        entries = [(row["source"], entry_for(row, self.out_dir)) for row in rows]
        written = []
        title = self.config.output.feed_title
        combined = [entry for _, entry in entries][:FEED_SIZE]
        site = self.config.output.site_url.rstrip("/")
        path = self.out_dir / "feed.atom"
        write_atom(
            combined,
            path,
            title=title,
            feed_id=feed_id(site, "feed"),
            self_url=f"{site}/feed.atom" if site else None,
        )
        written.append(path)
        for source in self.config.sources:
            mine = [entry for name, entry in entries if name == source.name][:FEED_SIZE]
            # beside feed.atom, so the copies' relative links hold in every feed
            path = self.out_dir / f"feed-{source_slug(source.name)}.atom"
            write_atom(
                mine,
                path,
                title=f"{title}: {source.name}",
                feed_id=feed_id(site, path.stem),
                self_url=f"{site}/{path.name}" if site else None,
            )
            written.append(path)
        index = self.out_dir / "index.html"
        write_index(combined, index, title=title)
        written.append(index)
        return written


def check_attribution(source: SourceConfig) -> None:
    """Refuse an `attribution` template that names anything but the fields it may name."""
    try:
        source.attribution.format_map({key: "" for key in CREDIT_FIELDS})
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ConfigError(
            f"sources.{source.name}.attribution: cannot fill {source.attribution!r} ({exc!r}); "
            f"it may name {', '.join('{' + k + '}' for k in CREDIT_FIELDS)}"
        ) from None


def source_slug(name: str) -> str:
    """A file-name-safe form of a source's name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "source"


def feed_id(site: str, name: str) -> str:
    return f"{site}/{name}" if site else f"urn:translator:{name}"


def entry_for(row: dict, out_dir: Path) -> FeedEntry:
    outputs = [Path(p) for p in json.loads(row["outputs"] or "[]")]
    copy = next(
        (p for p in outputs if p.suffix == ".html" and not p.name.endswith(".review.html")),
        outputs[0] if outputs else None,
    )
    href = os.path.relpath(copy, out_dir) if copy else ""
    return FeedEntry(
        url=row["url"],
        copy_href=href,
        title_en=row["title_en"] or row["title"] or row["url"],
        title_ru=row["title"] or "",
        published=row["published"] or row["published_at"],
        updated=row["published_at"],
        outlet=row["outlet"] or urlsplit(row["url"]).netloc,
        labels=json.loads(row["labels"] or "[]"),
        summary_en=row["summary_en"] or "",
        content_html=None,
        is_update=bool(row["updated_count"]),
    )


@dataclass
class DryRunReport(RunReport):
    plan: list[str] = field(default_factory=list)


def run(
    config: Config,
    cache_dir: Path,
    *,
    engine_name: str | None = None,
    engine_url: str | None = None,
    out_dir: Path | None = None,
    formats: list[str] | None = None,
    only_source: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    wait: bool = False,
    on_progress: Callable[[str], None] | None = None,
) -> RunReport:
    """One whole scheduled run under the lock; raises LockedError if another run holds it."""
    started = time.monotonic()
    with run_lock(cache_dir, wait=wait):
        cache = Cache(cache_dir, discard_writes=dry_run)
        try:
            with Pipeline(
                config,
                cache,
                engine_name=engine_name,
                engine_url=engine_url,
                out_dir=out_dir,
                formats=formats,
            ) as pipeline:
                runner = Runner(
                    config,
                    pipeline,
                    cache,
                    only_source=only_source,
                    limit=limit,
                    on_progress=on_progress,
                )
                report: RunReport = DryRunReport() if dry_run else RunReport()
                jobs = runner.discover(report)
                if isinstance(report, DryRunReport):
                    report.plan = [f"{job.reason}\t{job.url}" for job in jobs]
                else:
                    runner.process(jobs, report)
                    report.paths.extend(runner.write_feeds())
        finally:
            cache.close()
    report.seconds = time.monotonic() - started
    return report
