"""Benchmark of the store at 10k, 100k and 1M articles: every query a run, `status` and the
feeds make, the cache's size per article and per memory segment, `memory export`, and an idle
`translator run` over 50 sources.

    python bench/store.py [--sizes 10000,100000,1000000] [--repeat 10] [--no-export]

Each cache holds N articles (a history of three years over 50 sources: published, held,
duplicates, articles that failed for good, 50 pending) and N translation-memory segments. It is
built through the store's own API (`Cache.set_article`, `Cache.memory_put`) under
bench/.cache/articles-N/ (gitignored) and reused by later runs. A folder `bench/.cache/v0-N/`
(a copy of a cache built by the code before schema versions) is copied and opened to time its
upgrade through the migrations.

Printed: each query's median in ms and the 1M/10k ratio (targets: at most 2x and under 5 ms at
1M for every per-article query); bytes per article (the `articles` table with its indexes) and
per segment beyond its text (the memory tables with their indexes, minus the UTF-8 bytes of the
source and target texts; target under 400); `memory export` wall time and peak memory of the
process (target: flat in the number of segments); the idle run (50 loopback feeds answering 304,
or the same body again) at each size (target: 1M within 1.5x of 10k).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import LoopbackServer, Reply, Request
from translator.store import Cache

CACHE_ROOT = ROOT / "bench" / ".cache"
SOURCES = 50
FEED_ITEMS = 20
PENDING = 50
PENDING_SOURCE = "source-pending"
MAX_ATTEMPTS = 8
FEED_ROWS = 100 * SOURCES
SPAN = timedelta(days=3 * 365)
WORDS_RU = ["власти", "заявили", "что", "в", "регионе", "продолжается", "расследование", "по"]
WORDS_EN = ["authorities", "said", "that", "the", "region", "continues", "investigation", "of"]


def source_of(i: int) -> str:
    return f"source-{i % SOURCES:02d}"


def url_of(i: int) -> str:
    return f"https://news{i % SOURCES}.example.ru/articles/{i}/"


def sentence(words: list[str], i: int, length: int) -> str:
    return " ".join(words[(i * 7 + k) % len(words)] for k in range(length)) + f" {i}."


def state_of(i: int, n: int) -> str:
    if i >= n - PENDING:
        return ("discovered", "fetched", "failed")[i % 3]
    return {0: "failed", 1: "failed", 2: "duplicate", 3: "held"}.get(i % 100, "published")


def article_fields(i: int, n: int, start: datetime) -> dict[str, object]:
    state = state_of(i, n)
    published_at = (start + SPAN * (i / n)).replace(microsecond=0).isoformat()
    fields: dict[str, object] = {
        "state": state,
        "source": PENDING_SOURCE if i >= n - PENDING else source_of(i),
        "canonical_url": url_of(i),
        "title": sentence(WORDS_RU, i, 9),
        "published": published_at,
    }
    if state == "failed":
        permanent = i < n - PENDING
        fields["attempts"] = MAX_ATTEMPTS if permanent else 1
        fields["last_error"] = f"{url_of(i)}: HTTP 404 Not Found"
        fields["next_attempt_at"] = published_at
    if state == "duplicate":
        fields["last_error"] = f"same article as {url_of(i - 1)}"
    if state in ("published", "held"):
        slug = f"news{i % SOURCES}-example-ru-articles-{i}"
        fields |= {
            "title_en": sentence(WORDS_EN, i, 9),
            "outlet": f"News {i % SOURCES}",
            "content_hash": f"{i:064x}",
            "outputs": [f"out/{slug}.md", f"out/{slug}.html", f"out/{slug}.review.html"],
            "labels": [],
            "summary_en": sentence(WORDS_EN, i, 40),
            "published_at": published_at,
        }
    return fields


def segment(i: int) -> tuple[str, str, str]:
    source = sentence(WORDS_RU, i, 40)  # a paragraph, about 330 characters
    return source, source, sentence(WORDS_EN, i, 40)


def build(folder: Path, n: int) -> None:
    """N articles and N segments through the store's API; a marker file says it is whole."""
    if (folder / "complete").exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    started = time.monotonic()
    cache = Cache(folder)
    start = datetime.now(UTC) - SPAN - timedelta(days=3)
    for i in range(n):
        cache.set_article(url_of(i), **article_fields(i, n, start))
    for i in range(0, n, 1000):
        cache.memory_put("google", "ru", "en", [segment(k) for k in range(i, min(n, i + 1000))])
    cache.close()
    (folder / "complete").write_text(f"{n}\n")
    print(f"built {folder.name} in {time.monotonic() - started:.0f} s", file=sys.stderr)


# the queries, through the store's named methods ------------------------------------------------


def queries(cache: Cache, n: int, rng: random.Random) -> dict[str, Callable[[], object]]:
    """name -> one call of the query as a run, `status` or the feeds make it."""
    names = [source_of(k) for k in range(SOURCES)] + [PENDING_SOURCE]
    now = datetime.now(UTC).replace(microsecond=0).isoformat()

    def some_url() -> str:
        return url_of(rng.randrange(n - PENDING))

    def keys(count: int) -> list[str]:
        return [segment(rng.randrange(n))[0] for _ in range(count - 5)] + [
            f"не в памяти {rng.random()}" for _ in range(5)
        ]

    def record() -> None:
        cache.set_article(some_url(), last_error=None)

    def store_segments() -> None:
        base = rng.randrange(10**9)
        cache.memory_put("google", "ru", "en", [(f"новый {base + k}", "x", "y") for k in range(20)])

    if not hasattr(cache, "pending_articles"):
        return legacy_queries(cache, names, now, some_url, keys, record, store_segments)
    return {
        "one article's row": lambda: cache.get_article(some_url()),
        "duplicate check (hit)": lambda: cache.published_twin(some_url(), "https://other/"),
        "duplicate check (miss)": lambda: cache.published_twin("https://new/1", "https://new/2"),
        "articles pending (50 of them)": lambda: cache.pending_articles(names, MAX_ATTEMPTS, now),
        "feed rows (50 entries)": lambda: cache.published_articles(50),
        f"feed rows ({FEED_ROWS}: 100 a source)": lambda: cache.published_articles(FEED_ROWS),
        "status: 30 recent articles": lambda: cache.recent_articles(30),
        "status: sources": lambda: cache.sources(),
        "status: counts by state": lambda: cache.state_counts(),
        "memory lookup (50 keys)": lambda: cache.memory_get("google", "ru", "en", keys(50)),
        "memory store (20 segments)": store_segments,
        "record an article's state": record,
        "one source's row": lambda: cache.get_source(source_of(rng.randrange(SOURCES))),
        "an update counted": lambda: cache.count_update(some_url()),
        "page body pruned": lambda: cache.prune_page(some_url()),
    }


def legacy_queries(
    cache: Cache,
    names: list[str],
    now: str,
    some_url: Callable[[], str],
    keys: Callable[[int], list[str]],
    record: Callable[[], None],
    store_segments: Callable[[], None],
) -> dict[str, Callable[[], object]]:
    """The same queries as the code before the store owned its SQL wrote them (pipeline.py,
    run.py, cli.py), so this script measures that commit too."""
    marks = ",".join("?" * len(names))
    query = cache.query  # type: ignore[attr-defined]
    twin = "SELECT url FROM articles WHERE canonical_url = ? AND url != ? AND state = 'published'"
    pending = (
        f"SELECT url, state, source FROM articles WHERE source IN ({marks}) AND ("
        " state IN ('discovered', 'fetched', 'translated')"
        " OR (state = 'failed' AND attempts < ? AND"
        "     (next_attempt_at IS NULL OR next_attempt_at <= ?)))"
        " ORDER BY discovered_at"
    )
    feed = (
        "SELECT * FROM articles WHERE state = 'published' AND outputs IS NOT NULL "
        "ORDER BY published_at DESC LIMIT ?"
    )
    recent = (
        "SELECT url, state, attempts, last_error, changed_at, title_en "
        "FROM articles ORDER BY changed_at DESC LIMIT ?"
    )
    update = "UPDATE articles SET updated_count = updated_count + 1 WHERE url = ?"
    return {
        "one article's row": lambda: cache.get_article(some_url()),
        "duplicate check (hit)": lambda: query(twin, [some_url(), "https://other/"]),
        "duplicate check (miss)": lambda: query(twin, ["https://new/1", "https://new/2"]),
        "articles pending (50 of them)": lambda: query(pending, [*names, MAX_ATTEMPTS, now]),
        "feed rows (50 entries)": lambda: query(feed, [50]),
        f"feed rows ({FEED_ROWS}: 100 a source)": lambda: query(feed, [FEED_ROWS]),
        "status: 30 recent articles": lambda: query(recent, [30]),
        "status: sources": lambda: query("SELECT * FROM sources ORDER BY name"),
        "status: counts by state": lambda: query(
            "SELECT state, COUNT(*) AS n FROM articles GROUP BY state"
        ),
        "memory lookup (50 keys)": lambda: cache.memory_get("google", "ru", "en", keys(50)),
        "memory store (20 segments)": store_segments,
        "record an article's state": record,
        "one source's row": lambda: cache.get_source(source_of(0)),
        "an update counted": lambda: query(update, [some_url()]),
    }


def time_queries(folders: dict[int, Path], repeat: int) -> dict[str, list[float]]:
    """name -> median ms at each size; the sizes take turns call by call, so a neighbour's load
    on the machine falls on all of them alike."""
    caches = {n: Cache(folder) for n, folder in folders.items()}
    try:
        calls = {n: queries(cache, n, random.Random(n)) for n, cache in caches.items()}
        medians: dict[str, list[float]] = {}
        for name in calls[next(iter(calls))]:
            times: dict[int, list[float]] = {n: [] for n in calls}
            for n in calls:
                calls[n][name]()  # warm the page cache the way a run's first article does
            for _ in range(repeat):
                for n in calls:
                    begin = time.perf_counter()
                    calls[n][name]()
                    times[n].append(time.perf_counter() - begin)
            medians[name] = [statistics.median(times[n]) * 1000 for n in calls]
    finally:
        for cache in caches.values():
            cache.close()
    return medians


# size ------------------------------------------------------------------------------------------


def sizes(folder: Path, n: int) -> tuple[float, float, float]:
    """(bytes per article, bytes per segment beyond its text, file bytes per article), read
    from SQLite's dbstat table on a read-only connection."""
    db = sqlite3.connect(f"file:{folder / 'translator.sqlite3'}?mode=ro", uri=True)
    try:
        tables = dict(
            db.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"
            ).fetchall()
        )
        used = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        page_count = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    finally:
        db.close()

    def owned_by(prefix: str) -> int:
        return sum(size for name, size in used.items() if tables.get(name, name).startswith(prefix))

    text = sum(
        len(src.encode()) + len(tgt.encode()) for _, src, tgt in (segment(i) for i in range(n))
    )
    return (
        owned_by("articles") / n,
        (owned_by("memory") - text) / n,
        page_count * page_size / n,
    )


# memory export ---------------------------------------------------------------------------------


def export(folder: Path) -> tuple[float, float]:
    """(seconds, peak MB of the process) of `translator memory export` to a file."""
    with tempfile.TemporaryDirectory() as scratch:
        begin = time.monotonic()
        peak = peak_of(["memory", "export", "m.tmx", "--cache", str(folder)], scratch)
        return time.monotonic() - begin, peak


# the idle run ----------------------------------------------------------------------------------


class Feeds:
    """50 loopback RSS feeds listing articles the cache holds; 304 to a matching ETag, or
    (`etags=False`) the same body again."""

    def __init__(self, n: int):
        self.etags = True
        self.bodies = {f"/feed-{k}.xml": self._feed(k, n) for k in range(SOURCES)}
        self.server = LoopbackServer(self._route)

    def _feed(self, k: int, n: int) -> bytes:
        items = "".join(
            f"<item><title>{i}</title><link>{url_of(i)}</link></item>"
            for i in range(k, min(n - PENDING, k + SOURCES * FEED_ITEMS), SOURCES)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{k}</title>{items}</channel></rss>'.encode()

    def _route(self, request: Request) -> Reply:
        body = self.bodies.get(request.path)
        if body is None:
            return Reply(b"", status=404)
        tag = f'"{request.path}"'
        if self.etags and request.headers.get("if-none-match") == tag:
            return Reply(b"", status=304, headers={"ETag": tag})
        headers = {"ETag": tag} if self.etags else {}
        return Reply(body, headers=headers, content_type="application/rss+xml")

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def idle_runs(folder: Path, n: int, repeat: int) -> tuple[float, float, float]:
    """(median seconds with 304s, median seconds with unchanged bodies) of `translator run`,
    and the peak MB of a `translator run --dry-run` process."""
    from translator.config import load_config
    from translator.run.runner import run

    results = []
    with Feeds(n) as feeds, tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "config.toml"
        sources = "".join(
            f'[[sources]]\nname = "{source_of(k)}"\nurl = "{feeds.server.url}/feed-{k}.xml"\n'
            for k in range(SOURCES)
        )
        config.write_text(
            '[fetch]\nallow_private_addresses = true\n[translate]\nengine = "libre"\n'
            'engine_url = "http://127.0.0.1:9/"\n[run]\nper_host_delay = 0.0\n'
            f'[output]\ndir = "{scratch}/out"\n' + sources,
            encoding="utf-8",
        )
        settings = load_config(config)
        for etags in (True, False):
            feeds.etags = etags
            run(settings, folder)  # the first poll stores the validators and bodies
            times = []
            for _ in range(repeat):
                report = run(settings, folder)
                assert report.published == 0 and not report.failed, report.summary()
                times.append(report.seconds)
            results.append(statistics.median(times))
        dry = peak_of(
            ["run", "--dry-run", "--config", str(config), "--cache", str(folder)], scratch
        )
    return results[0], results[1], dry


def peak_of(arguments: list[str], cwd: str) -> float:
    """Peak MB of one `translator ARGUMENTS` process."""
    code = (
        "import resource, sys; from translator.cli import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stderr.strip().splitlines()[-1]) / 1024


# the upgrade -----------------------------------------------------------------------------------


def upgrade(n: int) -> float | None:
    """Seconds to open a copy of an unversioned cache of N articles (all migrations), if kept."""
    legacy = CACHE_ROOT / f"v0-{n}"
    if not legacy.exists():
        return None
    with tempfile.TemporaryDirectory(dir=CACHE_ROOT) as scratch:
        copy = Path(scratch) / "cache"
        shutil.copytree(legacy, copy)
        begin = time.monotonic()
        Cache(copy).close()
        return time.monotonic() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="idle runs per size and mode")
    parser.add_argument("--no-export", action="store_true", help="skip `memory export`")
    parser.add_argument("--queries-only", action="store_true", help="only the query table")
    parser.add_argument(
        "--caches", default="articles", help="folder prefix under bench/.cache (v0: the copies)"
    )
    args = parser.parse_args()
    counts = [int(s) for s in args.sizes.split(",")]
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    extra: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        extra.setdefault(name, []).append(value)

    folders = {n: CACHE_ROOT / f"{args.caches}-{n}" for n in counts}
    for n, folder in folders.items():
        if not args.queries_only:
            seconds = upgrade(n)
            add("upgrade of an unversioned cache", f"{seconds:.1f} s" if seconds else "-")
        build(folder, n)
    table = time_queries(folders, args.repeat)
    for n, folder in folders.items():
        if args.queries_only:
            break
        per_article, per_segment, per_file = sizes(folder, n)
        add("bytes per article (table + indexes)", f"{per_article:,.0f}")
        add("bytes per segment beyond its text", f"{per_segment:,.0f}")
        add("cache file bytes per article", f"{per_file:,.0f}")
        if not args.no_export:
            seconds, peak = export(folder)
            add("memory export: seconds", f"{seconds:.1f}")
            add("memory export: peak MB", f"{peak:,.0f}")
        not_modified, same_body, dry = idle_runs(folder, n, args.runs)
        add("run --dry-run: peak MB", f"{dry:,.0f}")
        table.setdefault("idle run, 50 sources answering 304", []).append(not_modified * 1000)
        table.setdefault("idle run, 50 sources with unchanged bodies", []).append(same_body * 1000)

    heads = [f"{n:,}" for n in counts]
    print(f"| query (median of {args.repeat}, ms) | " + " | ".join(heads) + " | last/first |")
    print("|---|" + "---|" * (len(counts) + 1))
    for name, values in table.items():
        if len(values) < len(counts):
            continue
        cells = " | ".join(f"{v:,.2f}" for v in values)
        print(f"| {name} | {cells} | {values[-1] / values[0]:.1f}x |")
    for name, values in extra.items():
        print(f"| {name} | " + " | ".join(values) + " | |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(bench process peak {peak:,.0f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
