"""Benchmark of `translator run`: articles per minute at 1, 4 and 16 concurrent articles against
a loopback engine that takes 200 ms per request, the share of wall time during which an engine
request was in flight (target >= 90 % at the default settings: the tool is never the
bottleneck), the CPU time of the run process, and its peak memory.

Settings are the defaults but for `run.concurrency` (the column) and the per-host politeness
limits, opened because every page here sits on one loopback host: with the defaults (2 at a
time, 1 s apart) the bench would measure the politeness delay, not the tool.

    python bench/run.py [--articles 60] [--latency 0.2]

Everything is on loopback: the ../shared/corpus/ru-news pages served as one feed, each page
under several URLs to make up the article count, each copy's paragraphs made unique so that
the translation memory cannot serve them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import corpus_pages
from tests.engine_servers import LibreServer
from tests.servers import LoopbackServer, Reply, Request


def busy_share(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    """The share of [start, end] covered by at least one (begin, finish) interval."""
    covered, reach = 0.0, start
    for begin, finish in sorted(intervals):
        begin, finish = max(begin, reach), min(finish, end)
        if finish > begin:
            covered += finish - begin
            reach = finish
    return covered / (end - start) if end > start else 0.0


class TimedLibre(LibreServer):
    """The LibreTranslate stand-in, remembering when each request was in flight."""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self.intervals: list[tuple[float, float]] = []

    def _dispatch(self, request: Request) -> Reply:
        begin = time.time()
        reply = super()._dispatch(request)
        self.intervals.append((begin, time.time() + reply.delay))
        return reply


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    pages = corpus_pages("ru-news")
    if not pages:
        sys.exit("bench/run.py: ../shared/corpus/ru-news not found")
    articles = [(f"{page['id']}-{n}", page) for n in range(args.articles) for page in pages]
    articles = articles[: args.articles]
    by_path = {f"/a/{name}": page for name, page in articles}

    def route(request: Request) -> Reply:
        if request.path == "/feed.xml":
            items = "".join(
                f"<item><title>{name}</title><link>{site.url}/a/{name}</link></item>"
                for name, _ in articles
            )
            return Reply(
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>'
                f"<link>{site.url}/</link>{items}</channel></rss>",
                content_type="application/rss+xml",
            )
        page = by_path.get(request.path)
        if page is None:
            return Reply("no", status=404)
        # Every copy is its own article: paragraphs made unique, so the translation memory
        # cannot serve repeats, and its own canonical URL, so it is not taken for a duplicate.
        copy = request.path.rsplit("-", 1)[-1]
        html = page["path"].read_text("utf-8")
        html = re.sub(r"(<p\b[^>]*>)", rf"\1({copy}) ", html)
        html = re.sub(r"<(link|meta)\b[^>]*(canonical|og:url)[^>]*>", "", html)
        return Reply(html.encode("utf-8"), content_type="text/html")

    print(f"{len(articles)} articles, engine latency {args.latency * 1000:.0f} ms per request")
    print(
        f"{'concurrency':>11}  {'articles/min':>12}  {'engine busy':>11}  {'tool CPU':>9}  "
        f"{'requests':>8}  {'peak RSS MB':>11}"
    )
    with LoopbackServer(route) as site:
        for concurrency in args.concurrency:
            with TimedLibre(latency=args.latency) as engine, tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                (folder / "config.toml").write_text(f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
dir = "{folder / "out"}"
[cache]
dir = "{folder / "cache"}"
[run]
concurrency = {concurrency}
per_host_concurrency = {concurrency}
per_host_delay = 0.0
max_articles = {len(articles)}
[[sources]]
name = "bench"
url = "{site.url}/feed.xml"
""")
                started = time.time()
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "translator",
                        "run",
                        "--config",
                        str(folder / "config.toml"),
                    ],
                    cwd=folder,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                _, status, usage = os.wait4(process.pid, 0)
                ended = time.time()
                stderr = process.stderr.read().decode() if process.stderr else ""
                if status != 0:
                    sys.exit(f"run failed: {stderr.strip()}")
                print(f"{'':>11}  {stderr.strip().splitlines()[-1]}")
                rate = len(articles) / ((ended - started) / 60)
                share = busy_share(engine.intervals, started, ended)
                cpu = (usage.ru_utime + usage.ru_stime) / (ended - started)
                print(
                    f"{concurrency:>11}  {rate:>12.1f}  {share:>10.1%}  {cpu:>9.0%}  "
                    f"{engine.requests_count:>8}  {usage.ru_maxrss / 1024:>11.1f}"
                )
    print(
        "engine busy: share of wall time with at least one engine request in flight; "
        "tool CPU: the run process's CPU time over wall time (interpreter start included)"
    )


if __name__ == "__main__":
    main()
