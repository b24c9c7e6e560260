"""`translator run`: every source in config.toml, incrementally, safely, from cron.

One run: take the lock (run/lock.py) -> check the output folder -> poll every source and list
the work in its order (run/order.py: new, due retries, re-checks) -> process it with bounded
concurrency and per-host politeness (run/gate.py) -> write the feeds and index for what is
published, always, and only the files whose content changed.

Containment: anything that goes wrong with one article (a page, a feed entry, an engine answer,
a cache row) fails that article with its one-line reason and a bounded next attempt; anything
that goes wrong with one source fails that source. Only a bug in this module's own frame ends
the run with an internal error, and even then the feeds are written first. A signal stops the
run cleanly (run/stop.py).
"""

from __future__ import annotations

import json
import math
import os
import string
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from translator.config import Config, SourceConfig
from translator.errors import ConfigError, TranslatorError, WrongLanguage
from translator.output.feeds import FeedEntry, FeedSet, write_feeds
from translator.output.publish import check_writable, safe_folder
from translator.pipeline import CREDIT_FIELDS, Outcome, Pipeline
from translator.run.gate import HostGate
from translator.run.lock import run_lock
from translator.run.order import Job, WorkOrder, item_key, items_digest, wants_recheck
from translator.run.progress import RunProgress
from translator.run.report import DryRunReport, RunReport, article_error, one_line
from translator.run.robots import RobotsPolicy
from translator.run.sources import Discovered, check_source, discover, select
from translator.run.stop import Stopped, StopSignal
from translator.store import Cache, now_iso

FEED_SIZE = 100
# However often an article failed or whatever a server asked, the next attempt is within this.
MAX_RETRY_WAIT = 86400.0
MAX_BACKOFF_DOUBLINGS = 16
# How often the main loop looks at the stop flag while articles are in flight.
POLL_SECONDS = 0.1


@dataclass
class Result:
    """How one job ended. `error` with `unrecorded`: the pipeline never recorded it."""

    job: Job
    outcome: Outcome | None = None
    error: TranslatorError | None = None
    unrecorded: bool = False
    dropped: bool = False
    deferred: bool = False


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
        progress: RunProgress | None = None,
        stop: StopSignal | None = None,
    ):
        self.config = config
        self.pipeline = pipeline
        self.cache = cache
        self.limit = limit
        self.progress = progress or RunProgress(live=False)
        self.stop = stop or StopSignal()
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
            config.run.per_host_concurrency,
            config.run.per_host_delay,
            self.robots,
            stop=self.stop.event,
        )
        self._lock = threading.Lock()

    # discovery -----------------------------------------------------------------------------

    def discover(self, report: RunReport) -> list[Job]:
        """Poll every source and list the jobs of this run in their order (run/order.py)."""
        order = WorkOrder()
        seen: set[str] = set()
        for source in self.sources:
            if self.stop.stopping:
                break
            report.sources += 1
            try:
                self._poll(source, order, seen, report)
            except Exception as exc:  # noqa: BLE001 - one source's surprise fails that source
                report.source_errors.append(
                    one_line(f"{source.name}: internal error: {type(exc).__name__}: {exc}")
                )
        names = [source.name for source in self.sources]
        by_name = {source.name: source for source in self.sources}
        for row in self.cache.pending_articles(names, self.config.run.max_attempts, now_iso()):
            reason = "new" if row["state"] == "discovered" else "retry"
            order.add(Job(row["url"], by_name.get(row["source"] or ""), reason))
        caps = {s.name: s.max_articles or self.config.run.max_articles for s in self.sources}
        jobs, report.left = order.plan(caps, self.limit)
        report.waiting = self.cache.waiting_articles(names, self.config.run.max_attempts, now_iso())
        return jobs

    def _poll(
        self, source: SourceConfig, order: WorkOrder, seen: set[str], report: RunReport
    ) -> None:
        result = discover(source, self.pipeline.fetcher, self.cache, self.config.run)
        if result.error:
            report.source_errors.append(one_line(f"{source.name}: {result.error}"))
            return
        items = select(result.items, source, self.config.run, seen)
        digest = items_digest(items)
        known = self.cache.get_source(source.name) or {}
        if result.not_modified or known.get("body_hash") == digest:
            report.sources_unchanged += 1
        self.cache.set_source(
            source.name, source.url, body_hash=digest, last_items=len(result.items)
        )
        if not result.items:
            report.source_warnings.append(
                f"{source.name}: offered no article links (check its url, type and link_pattern)"
            )
        for item in items:
            job = self._job_for(item, source)
            if job is not None:
                order.add(job)

    def _job_for(self, item: Discovered, source: SourceConfig) -> Job | None:
        """New items become jobs; published ones are re-checked when their item changed or
        their re-check interval passed (run/order.py)."""
        key = item_key(item)
        row = self.cache.get_article(item.url)
        if row is None:
            self.cache.set_article(
                item.url,
                state="discovered",
                source=source.name,
                title=item.title,
                published=item.published,
                item_key=key,
            )
            return Job(item.url, source, "new", item_key=key)
        if row["state"] == "discovered" and row["source"] == source.name:
            return Job(item.url, source, "new", item_key=key)
        if row["state"] != "published" or row["source"] != source.name:
            return None
        if wants_recheck(row, key, self.config.run.recheck_interval):
            return Job(item.url, source, "recheck", known_hash=row["content_hash"], item_key=key)
        if row["item_key"] is None:
            self.cache.set_article(item.url, item_key=key)
        return None

    # processing ----------------------------------------------------------------------------

    def process(self, jobs: list[Job], report: RunReport) -> None:
        """Run the jobs with bounded concurrency; one failure never stops the others, a stop
        starts nothing new (what was not started is left for the next run)."""
        self.progress.plan(dict(Counter(self._name(job) or "one-off" for job in jobs)))
        queue = deque(jobs)
        # A new site's pages are learned from before any is extracted: its first copies are clean.
        allowed = self.robots.allowed if self.robots is not None else None
        workers = max(1, self.config.run.concurrency)
        self.pipeline.learn_host_pages([job.url for job in jobs], self.gate.slot, allowed, workers)
        running: set[Future[Result]] = set()
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="article") as pool:
            while queue or running:
                while queue and len(running) < workers and not self.stop.stopping:
                    running.add(pool.submit(self._work, queue.popleft()))
                if self.stop.stopping and queue:
                    report.left += len(queue)
                    queue.clear()
                    self.progress.note(
                        f"stopping: {len(running)} articles in flight finish or drop, "
                        "nothing new starts (a second signal exits at once)"
                    )
                if not running:
                    break
                finished, running = wait(running, POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._settle(future.result(), report)

    def _work(self, job: Job) -> Result:
        """One job in a worker thread; never raises."""
        try:
            self.stop.checkpoint()
            # One error budget, counted in failed engine requests (translate/resilience.py):
            # once it is used up, the articles not yet started wait for the next run.
            if self.pipeline.engine.controls.exhausted:
                return Result(job, deferred=True)
            if self.robots is not None and not self.robots.allowed(job.url):
                return Result(
                    job, error=TranslatorError("disallowed by robots.txt"), unrecorded=True
                )
            with self.gate.slot(job.url):
                self.stop.checkpoint()
                return Result(job, outcome=self._process_one(job))
        except Stopped:
            return Result(job, dropped=True)
        except TranslatorError as exc:
            return Result(job, error=exc)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            error = TranslatorError(f"internal error: {type(exc).__name__}: {exc}")
            return Result(job, error=error, unrecorded=True)

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
            checkpoint=self.stop.checkpoint,
        )
        if outcome.updated:
            self.cache.count_update(job.url)
        return outcome

    def _settle(self, result: Result, report: RunReport) -> None:
        """Record how one job ended; a failure to record fails that article, not the run."""
        try:
            self._record(result, report)
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk under the cache
            line = article_error(result.job.url, f"internal error: {type(exc).__name__}: {exc}")
            report.failed.append((result.job.url, line))

    def _record(self, result: Result, report: RunReport) -> None:
        job, source = result.job, self._name(result.job) or "one-off"
        if result.deferred:
            report.deferred += 1
            return
        if result.dropped:
            report.dropped += 1
            return
        report.processed += 1
        if isinstance(result.error, WrongLanguage):  # recorded as skipped; never retried
            report.skipped.append((job.url, f"language: {result.error.language}"))
            self.progress.done(source, f"skipped: {job.url}: language: {result.error.language}")
            return
        if result.error is not None:
            line = article_error(job.url, str(result.error))
            report.failed.append((job.url, line))
            self._schedule_retry(result, line)
            self.progress.done(source, f"failed: {line}")
            return
        outcome = result.outcome
        assert outcome is not None
        report.characters += outcome.stats.characters_sent
        report.tokens_in += outcome.stats.tokens_in
        report.tokens_out += outcome.stats.tokens_out
        if job.reason == "recheck":
            self.cache.set_article(job.url, checked_at=now_iso(), item_key=job.item_key)
        if outcome.unchanged or outcome.duplicate_of:
            report.unchanged += bool(outcome.unchanged)
            report.duplicates += bool(outcome.duplicate_of)
            self.progress.done(source, f"unchanged: {job.url}")
            return
        report.paths.extend(outcome.paths)
        if outcome.held:
            reasons = one_line("; ".join(outcome.held))
            report.held.append((job.url, reasons))
            self.progress.done(source, f"held: {job.url}: {reasons}")
            return
        if outcome.updated:
            report.updated += 1
        else:
            report.published += 1
        title = outcome.article.title_en or job.url
        self.progress.done(source, f"done: {title}", outcome.stats.characters_sent)

    def _schedule_retry(self, result: Result, line: str) -> None:
        """The article's reason (one line) and its next attempt: exponential backoff on the
        attempts counted, longer if hopeless, at least what a server asked, at most a day."""
        url = result.job.url
        row = self.cache.get_article(url) or {}
        if result.job.reason == "recheck":  # the published copy stays out as it is
            self.cache.set_article(url, last_error=line, checked_at=now_iso())
            return
        attempts = int(row.get("attempts") or 0) + (1 if result.unrecorded else 0)
        fields: dict[str, object] = {"last_error": line}
        if result.unrecorded:
            fields.update(state="failed", attempts=attempts)
        wait_seconds = retry_wait(result.error, attempts, self.config.run.retry_backoff)
        due = datetime.now(UTC) + timedelta(seconds=wait_seconds)
        fields["next_attempt_at"] = due.replace(microsecond=0).isoformat()
        self.cache.set_article(url, **fields)

    @staticmethod
    def _name(job: Job) -> str | None:
        return job.source.name if job.source else None

    # output --------------------------------------------------------------------------------

    def write_feeds(self) -> list[Path]:
        """The combined feed, one per source and index.html, from what the cache says is out;
        a row that cannot be read leaves the feeds, not the run. Returns the files changed."""
        return publish_feeds(self.config, self.cache, self.out_dir)


def publish_feeds(config: Config, cache: Cache, out_dir: Path) -> list[Path]:
    """The feeds and index.html in `out_dir` from the published rows (never a held copy: its
    state is "held" until `translator approve`); returns the files changed."""
    rows = cache.published_articles(FEED_SIZE * max(1, len(config.sources)))
    entries = []
    for row in rows:
        try:
            entries.append((row["source"], entry_for(row, out_dir)))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            continue
    feeds = FeedSet(out_dir, config.output.feed_title, config.output.site_url, FEED_SIZE)
    return write_feeds(feeds, entries, [source.name for source in config.sources])


def retry_wait(error: TranslatorError | None, attempts: int, backoff: float) -> float:
    """Seconds before the next attempt: backoff doubled per attempt, eight times it when the
    error is not worth retrying soon, at least a finite Retry-After, never beyond a day."""
    wait_seconds = backoff * 2 ** min(max(0, attempts - 1), MAX_BACKOFF_DOUBLINGS)
    if error is not None and not error.retryable:
        wait_seconds = max(wait_seconds, backoff * 8)
    asked = getattr(error, "retry_after", None)
    if isinstance(asked, (int, float)) and not isinstance(asked, bool):
        asked = float(asked)
        wait_seconds = max(wait_seconds, asked if math.isfinite(asked) else MAX_RETRY_WAIT)
    return min(wait_seconds, MAX_RETRY_WAIT) if math.isfinite(wait_seconds) else MAX_RETRY_WAIT


def check_attribution(source: SourceConfig) -> None:
    """Refuse an `attribution` template that names anything but the fields it may name, or
    that formats them: a field is filled with its text as it is ("{outlet:>999999999}" would
    pad a line to gigabytes)."""
    try:
        for _, field, spec, conversion in string.Formatter().parse(source.attribution):
            if spec or conversion:
                raise ValueError("a field is filled as it is: no format spec or conversion")
            if field is not None and field not in CREDIT_FIELDS:
                # "{title.__class__}" would print Python's internals into the credit line
                raise ValueError(f"{{{field}}} is not a field")
        source.attribution.format_map({key: "" for key in CREDIT_FIELDS})
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ConfigError(
            f"sources.{source.name}.attribution: cannot fill {source.attribution!r} ({exc!r}); "
            f"it may name {', '.join('{' + k + '}' for k in CREDIT_FIELDS)}"
        ) from None


def entry_for(row: dict, out_dir: Path) -> FeedEntry:
    """The feed entry of one published article's row; ValueError/TypeError if it is corrupt."""
    outputs = [Path(p) for p in json.loads(row["outputs"] or "[]")]
    copy = next(
        (p for p in outputs if p.suffix == ".html" and not p.name.endswith(".review.html")),
        outputs[0] if outputs else None,
    )
    href = os.path.relpath(copy, out_dir) if copy else ""
    labels = json.loads(row["labels"] or "[]")
    if not isinstance(labels, list):
        raise TypeError("labels is not a list")
    return FeedEntry(
        url=row["url"],
        copy_href=href,
        title_en=row["title_en"] or row["title"] or row["url"],
        title_ru=row["title"] or "",
        published=row["published"] or row["published_at"],
        updated=row["published_at"],
        outlet=row["outlet"] or urlsplit(row["url"]).netloc,
        labels=[str(label) for label in labels],
        summary_en=row["summary_en"] or "",
        content_html=None,
        is_update=bool(row["updated_count"]),
    )


def check_output(config: Config, out_dir: Path) -> None:
    """The output folder (and review/ for sources that hold their copies) can take files now,
    before any request is made or any engine paid."""
    check_writable(out_dir)
    if any(not source.publish for source in config.sources):
        safe_folder(out_dir / "review", out_dir)


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
    progress: RunProgress | None = None,
    stop: StopSignal | None = None,
    on_start: Callable[[], None] | None = None,
) -> RunReport:
    """One whole scheduled run under the lock; raises LockedError if another run holds it.

    The feeds and index are written at the end whatever happened in between (a signal, a
    failed source, a bug), from what the cache says is published.
    """
    started = time.monotonic()
    stop = stop or StopSignal()
    report: RunReport = DryRunReport() if dry_run else RunReport()
    with run_lock(cache_dir, wait=wait), stop.installed():
        if on_start is not None:
            on_start()
        if not dry_run:
            check_output(config, Path(out_dir or config.output.dir))
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
                    progress=progress,
                    stop=stop,
                )
                _run_jobs(runner, report)
        finally:
            cache.close()
    report.signal = stop.signum
    report.seconds = time.monotonic() - started
    return report


def _run_jobs(runner: Runner, report: RunReport) -> None:
    try:
        jobs = runner.discover(report)
        if isinstance(report, DryRunReport):
            report.plan = [f"{job.reason}\t{job.url}" for job in jobs]
            return
        runner.process(jobs, report)
    finally:
        if not isinstance(report, DryRunReport):
            report.paths.extend(runner.write_feeds())
