"""`translator run` over loopback feeds: pick-up, incrementality, failures, locks, kills."""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Self

import feedparser
import pytest
from click.testing import CliRunner

from tests.conftest import corpus_pages, need_corpus
from tests.engine_servers import LibreServer
from tests.servers import LoopbackServer, Reply, Request
from translator.cli import cli

NEWS = corpus_pages("ru-news")
LABELLED = [e for e in corpus_pages("ru-synthetic") if e["has_foreign_agent_label"]]


class NewsSite:
    """A loopback site: corpus pages at /a/<id>, an RSS feed of them at /feed.xml with ETags."""

    def __init__(self, entries: list[dict]):
        self.entries = list(entries)
        self.missing: set[str] = set()
        self.overrides: dict[str, bytes] = {}
        self.feed_override: bytes | None = None
        self.retitled: dict[str, str] = {}
        self.canonical_to_a = False
        self.robots = ""
        self.server = LoopbackServer(self.route)

    @property
    def url(self) -> str:
        return self.server.url

    def feed(self) -> bytes:
        if self.feed_override is not None:
            return self.feed_override
        items = "".join(
            f"<item><title>{self.retitled.get(e['id'], e['id'])}</title>"
            f"<link>{self.url}/a/{e['id']}</link>"
            f"<guid>{self.url}/a/{e['id']}</guid>"
            f"<pubDate>{format_datetime(datetime(2026, 2, 1, tzinfo=UTC))}</pubDate></item>"
            for e in self.entries
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Test news</title><link>{self.url}/</link>{items}</channel></rss>"
        ).encode()

    def route(self, request: Request) -> Reply:
        if request.path == "/feed.xml":
            body = self.feed()
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if request.headers.get("if-none-match") == etag:
                return Reply(b"", status=304, headers={"ETag": etag}, content_type=None)
            return Reply(body, headers={"ETag": etag}, content_type="application/rss+xml")
        if request.path == "/robots.txt":
            return (
                Reply(self.robots, content_type="text/plain")
                if self.robots
                else Reply("none", status=404)
            )
        if request.path == "/feed2.xml":  # a second source listing the same pages elsewhere
            body = self.feed().replace(f"{self.url}/a/".encode(), f"{self.url}/b/".encode())
            return Reply(body, content_type="application/rss+xml")
        if request.path.startswith(("/a/", "/b/")):
            page_id = request.path[3:]
            if page_id in self.missing:
                return Reply("<h1>gone</h1>", status=404)
            if page_id in self.overrides:
                return Reply(self.overrides[page_id], content_type="text/html")
            entry = next((e for e in self.entries if e["id"] == page_id), None)
            if entry:
                body = entry["path"].read_bytes()
                if self.canonical_to_a:  # both copies name the /a/ one, on this same site
                    body = re.sub(
                        rb'(rel="canonical" href=")[^"]*',
                        rb"\g<1>" + f"{self.url}/a/{page_id}".encode(),
                        body,
                    )
                return Reply(body, content_type="text/html")
        return Reply("not here", status=404)

    def page_requests(self) -> int:
        return sum(1 for r in self.server.requests if r.path.startswith("/a/"))

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def write_config(folder: Path, site: NewsSite, engine: LibreServer, **run: object) -> Path:
    settings = {"per_host_delay": 0.0, "retry_backoff": 0.0, **run}
    run_lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
    path = folder / "config.toml"
    path.write_text(
        f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
dir = "{folder / "out"}"
formats = ["md", "html"]
[cache]
dir = "{folder / "cache"}"
[run]
{run_lines}
[[sources]]
name = "test-news"
url = "{site.url}/feed.xml"
""",
        encoding="utf-8",
    )
    return path


def run(config: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["run", "--config", str(config), *extra], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def states(folder: Path) -> dict[str, str]:
    with sqlite3.connect(folder / "cache" / "translator.sqlite3") as db:
        return dict(db.execute("SELECT url, state FROM articles"))


@pytest.fixture
def news(tmp_path: Path):
    need_corpus(NEWS)
    with NewsSite(NEWS[:4] + LABELLED[:2]) as site, LibreServer() as engine:
        yield site, engine, write_config(tmp_path, site, engine)


def test_first_run_publishes_every_new_article_and_a_valid_feed(news, tmp_path: Path) -> None:
    site, _engine, config = news
    code, stdout, stderr = run(config)
    assert code == 0, stderr
    assert set(states(tmp_path).values()) == {"published"}
    assert len(states(tmp_path)) == len(site.entries)
    feed = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) == len(site.entries)
    labelled = [
        e
        for e in feed.entries
        if "FOREIGN AGENT" in (e.get("summary", "") + json.dumps(e.get("content", ""))).upper()
    ]
    assert len(labelled) >= 2, "entries of labelled articles must carry their label"
    assert (tmp_path / "out" / "index.html").is_file()
    assert any(p.endswith(".review.html") for p in stdout.splitlines())
    assert "published" in stderr.splitlines()[-1]


def test_unchanged_feed_costs_no_page_and_no_engine_request(news, tmp_path: Path) -> None:
    site, engine, config = news
    assert run(config)[0] == 0
    pages, characters = site.page_requests(), engine.characters
    code, _stdout, stderr = run(config)
    assert code == 0, stderr
    assert site.page_requests() == pages
    assert engine.characters == characters
    assert stderr == "" and _stdout == "", "an idle run prints nothing"


def test_new_item_is_picked_up_and_only_it_is_translated(news, tmp_path: Path) -> None:
    site, engine, config = news
    extra = site.entries.pop()
    assert run(config)[0] == 0
    before = engine.characters
    site.entries.append(extra)
    code, _stdout, stderr = run(config)
    assert code == 0, stderr
    assert "1 published" in stderr
    assert states(tmp_path)[f"{site.url}/a/{extra['id']}"] == "published"
    assert engine.characters > before


def test_a_404_entry_fails_alone_and_is_retried_later(news, tmp_path: Path) -> None:
    site, _engine, config = news
    bad = site.entries[0]["id"]
    site.missing.add(bad)
    code, _stdout, stderr = run(config)
    assert code == 1
    got = states(tmp_path)
    assert got[f"{site.url}/a/{bad}"] == "failed"
    assert sum(state == "published" for state in got.values()) == len(site.entries) - 1
    assert "404" in stderr
    site.missing.clear()
    code, _stdout, stderr = run(config)
    assert code == 0, stderr
    assert states(tmp_path)[f"{site.url}/a/{bad}"] == "published"


def test_a_feed_that_is_not_a_feed_is_refused_and_loses_nothing(news, tmp_path: Path) -> None:
    site, _engine, config = news
    assert run(config)[0] == 0
    feed_before = (tmp_path / "out" / "feed.atom").read_bytes()
    site.feed_override = b"<html><body><p>Maintenance</p></body></html>"
    code, _stdout, stderr = run(config)
    assert code == 1
    assert "not an RSS or Atom feed" in stderr
    assert set(states(tmp_path).values()) == {"published"}
    assert len(feedparser.parse(feed_before).entries) == len(
        feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes()).entries
    )


def test_a_second_run_exits_quietly_while_the_lock_is_held(news, tmp_path: Path) -> None:
    site, _engine, config = news
    (tmp_path / "cache").mkdir()
    with open(tmp_path / "cache" / "run.lock", "a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        code, stdout, _stderr = run(config)
    assert code == 0 and stdout == ""
    assert site.page_requests() == 0


def test_an_edited_article_is_updated_and_only_the_edit_is_resent(news, tmp_path: Path) -> None:
    site, engine, config = news
    assert run(config)[0] == 0
    target = next(
        e for e in site.entries if e["body_first_sentence_ru"] in e["path"].read_text("utf-8")
    )
    original = target["path"].read_text("utf-8")
    first = target["body_first_sentence_ru"]
    edited = "В тексте статьи исправлена одна фраза."
    before_edit, _, after_edit = original.rpartition(first)  # the body's, not the meta's
    site.overrides[target["id"]] = (before_edit + edited + after_edit).encode("utf-8")
    site.retitled[target["id"]] = "edited"  # its feed item changes, so the page is re-checked
    before = engine.characters
    code, _stdout, stderr = run(config)
    assert code == 0, stderr
    assert "1 updated" in stderr
    resent = engine.characters - before
    assert 0 < resent < len(first) * 3 + 200
    feed = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
    assert any(
        "updated" in (e.get("title", "") + e.get("summary", "")).lower()
        or any(t.get("term") == "updated" for t in e.get("tags", []))
        for e in feed.entries
    )


def test_dry_run_lists_work_and_changes_nothing(news, tmp_path: Path) -> None:
    site, engine, config = news
    code, stdout, stderr = run(config, "--dry-run")
    assert code == 0, stderr
    assert len(stdout.splitlines()) == len(site.entries)
    assert engine.requests_count == 0 and site.page_requests() == 0
    code, stdout, stderr = run(config)
    assert code == 0 and f"{len(site.entries)} published" in stderr


@pytest.mark.parametrize("kill_after", [0, 1, 3, 7])
def test_kill_minus_nine_at_any_point_then_resume(kill_after: int, tmp_path: Path) -> None:
    """Killed during discovery (0 engine requests), mid-article or between articles, a run
    leaves a consistent database and no stray file; the next run finishes the job."""
    need_corpus(NEWS)
    with NewsSite(NEWS[:6]) as site, LibreServer(latency=0.1) as engine:
        config = write_config(tmp_path, site, engine, concurrency=2)
        command = [sys.executable, "-m", "translator", "run", "--config", str(config)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while (
            (engine.requests_count < kill_after or not site.server.requests)
            and time.monotonic() < deadline
            and process.poll() is None
        ):
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        database = tmp_path / "cache" / "translator.sqlite3"
        if database.exists():
            with sqlite3.connect(database) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert {row[0] for row in db.execute("SELECT state FROM articles")} <= {
                    "discovered",
                    "fetched",
                    "translated",
                    "published",
                }
        assert (tmp_path / "cache" / "run.lock").exists(), "the killed run's lock file stays"
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr  # the stale lock did not stop it
        assert set(states(tmp_path).values()) == {"published"}
        leftovers = [p for p in (tmp_path / "out").rglob("*") if ".tmp" in p.name]
        assert leftovers == []
        names = sorted(p.name for p in (tmp_path / "out").glob("*.md"))
        assert len(names) == len(set(names)) == len(site.entries)
        for copy in (tmp_path / "out").glob("*.md"):
            assert copy.read_text("utf-8").rstrip().endswith("The original is authoritative.")


def test_feed_links_to_internal_addresses_are_refused_by_default(tmp_path: Path) -> None:
    need_corpus(NEWS)
    inner = LoopbackServer(lambda request: Reply("<h1>internal admin</h1>"), host="127.0.0.2")
    with inner, NewsSite(NEWS[:1]) as site, LibreServer() as engine:
        site.feed_override = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<link>{site.url}/</link><item><title>x</title><link>{inner.url}/admin</link>"
            f"</item></channel></rss>"
        ).encode()
        config = write_config(tmp_path, site, engine)
        config.write_text(
            config.read_text().replace(
                "allow_private_addresses = true", "allow_private_addresses = false"
            )
        )
        code, _stdout, stderr = run(config)
        assert code == 1
        assert inner.requests == [], "a feed made us fetch an internal address"
        assert "127.0.0.2" in stderr


def test_an_article_listed_by_two_sources_is_done_once(tmp_path: Path) -> None:
    need_corpus(LABELLED)
    with NewsSite(LABELLED[:2]) as site, LibreServer() as engine:
        site.canonical_to_a = True
        config = write_config(tmp_path, site, engine, concurrency=1)
        config.write_text(
            config.read_text()
            + f"""
[[sources]]
name = "mirror"
url = "{site.url}/feed2.xml"
"""
        )
        code, _stdout, stderr = run(config)
        assert code == 0, stderr
        got = states(tmp_path)
        assert sorted(got.values()) == ["duplicate"] * 2 + ["published"] * 2, got
        assert "2 published" in stderr and "2 duplicates" in stderr
        assert len(list((tmp_path / "out").glob("*.md"))) == 2


def test_robots_txt_disallow_keeps_us_off_the_page(news, tmp_path: Path) -> None:
    site, engine, config = news
    site.robots = "User-agent: *\nDisallow: /a/\n"
    code, _stdout, stderr = run(config)
    assert code == 1
    assert site.page_requests() == 0 and engine.requests_count == 0
    assert "robots.txt" in stderr


def test_per_host_delay_spaces_requests_to_one_site() -> None:
    from translator.run.runner import HostGate

    # 0.5 s apart, checked to 0.45: a loaded machine may be late to note a start, never early
    gate = HostGate(limit=4, delay=0.5, robots=None)
    starts: list[float] = []
    for _ in range(3):
        with gate.slot("http://127.0.0.1:1/a"):
            starts.append(time.monotonic())
    with gate.slot("http://127.0.0.2:1/a"):
        other = time.monotonic()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.45 for gap in gaps), gaps
    assert other - starts[-1] < 0.45, "another host must not wait for this one"


def test_a_stop_ends_every_wait_at_the_gate_at_once() -> None:
    import threading

    from translator.run.gate import HostGate

    stop = threading.Event()
    gate = HostGate(limit=1, delay=30.0, robots=None, stop=stop)
    with gate.slot("http://127.0.0.1:1/a"):
        pass
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with gate.slot("http://127.0.0.1:1/b"):
        waited = time.monotonic() - started
    assert waited < 5, "the second start waited out the delay despite the stop"


def test_a_sources_attribution_line_closes_its_copies(news, tmp_path: Path) -> None:
    _site, _engine, config = news
    config.write_text(
        config.read_text() + 'attribution = "Republished with permission of {outlet}: {url}"\n'
    )
    code, stdout, stderr = run(config)
    assert code == 0, stderr
    copy = next(Path(p) for p in stdout.splitlines() if p.endswith(".md"))
    closing = copy.read_text("utf-8").rstrip().splitlines()[-1]
    assert closing.startswith("Republished with permission of ") and "http" in closing


@pytest.mark.parametrize(
    "template",
    [
        "By {author}",
        # a field is filled as it is: a width of 10**11 padded the line until memory ran out
        "{outlet!r:>99999999999}",
        "{outlet:>20}",
        "{url!s}",
        "{title.__class__.__mro__}",
        "{url[0]}",
    ],
)
def test_a_bad_attribution_template_is_a_config_error(news, tmp_path: Path, template: str) -> None:
    site, _engine, config = news
    config.write_text(config.read_text() + f"attribution = {json.dumps(template)}\n")
    code, _stdout, stderr = run(config)
    assert code == 1 and "sources.test-news.attribution" in stderr
    assert len(stderr.strip().splitlines()) == 1 and site.page_requests() == 0


def test_a_page_that_breaks_decoding_fails_alone(news, tmp_path: Path) -> None:
    site, _engine, config = news
    bad = site.entries[0]
    site.overrides[bad["id"]] = (
        b'<html><head><meta charset="punycode"></head><body>'
        + "<p>Текст статьи.</p>".encode() * 20
        + b"</body></html>"
    )
    code, _stdout, stderr = run(config)
    assert code == 1 and "Traceback" not in stderr
    got = states(tmp_path)
    assert sum(state == "published" for state in got.values()) == len(site.entries) - 1
    assert (tmp_path / "out" / "feed.atom").is_file()


def test_run_for_one_source_leaves_the_others_retries_alone(news, tmp_path: Path) -> None:
    site, _engine, config = news
    config.write_text(
        config.read_text()
        + f"""
[[sources]]
name = "mirror"
url = "{site.url}/feed2.xml"
"""
    )
    site.missing.add(site.entries[0]["id"])
    assert run(config, "--source", "mirror")[0] == 1
    site.missing.clear()
    code, stdout, _stderr = run(config, "--source", "test-news", "--dry-run")
    assert code == 0
    assert all("/b/" not in line for line in stdout.splitlines()), stdout


def test_a_one_off_does_not_take_over_a_sources_article(news, tmp_path: Path) -> None:
    site, _engine, config = news
    assert run(config)[0] == 0
    feed_before = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
    url = f"{site.url}/a/{site.entries[0]['id']}"
    result = CliRunner().invoke(
        cli,
        [url, "--config", str(config), "--out", str(tmp_path / "elsewhere")],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert run(config)[0] == 0
    feed_after = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
    assert len(feed_after.entries) == len(feed_before.entries)
    assert all("elsewhere" not in link.href for e in feed_after.entries for link in e.links)


def test_publish_false_keeps_copies_out_of_the_feed(news, tmp_path: Path) -> None:
    _site, _engine, config = news
    config.write_text(config.read_text() + "publish = false\n")
    code, stdout, stderr = run(config)
    assert code == 0, stderr
    assert set(states(tmp_path).values()) == {"held"}
    assert all("/review/" in line for line in stdout.splitlines() if line.endswith(".md"))
    assert feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes()).entries == []
    assert list((tmp_path / "out" / "review").glob("*.review.html"))


def test_a_bad_include_pattern_stops_the_run_before_any_request(news, tmp_path: Path) -> None:
    site, _engine, config = news
    config.write_text(config.read_text() + 'include = ["(unclosed"]\n')
    code, _stdout, stderr = run(config)
    assert code == 1 and "include" in stderr and len(stderr.strip().splitlines()) == 1
    assert site.server.requests == []


def test_a_failed_article_waits_as_long_as_the_server_asked_within_a_day() -> None:
    from translator.errors import EngineUnavailable, HTTPStatusError, NotHTML
    from translator.run.runner import MAX_RETRY_WAIT, retry_wait

    assert retry_wait(HTTPStatusError("busy", status=429, retry_after=7200), 1, 300) == 7200
    assert retry_wait(HTTPStatusError("busy", status=503, retry_after=1), 3, 300) == 1200
    assert retry_wait(NotHTML("pdf"), 1, 300) == 2400
    for asked in (float("inf"), 1e14, float(10**23), float("nan")):
        wait = retry_wait(EngineUnavailable("x", retry_after=asked), 1, 300)
        assert 300 <= wait <= MAX_RETRY_WAIT, asked
    assert retry_wait(None, 10**9, 86400) == MAX_RETRY_WAIT


# containment: nothing from outside stops the run -------------------------------------------------


class HostileSite:
    """One good feed beside feeds and pages of every bad class, all on pages written here."""

    def __init__(self) -> None:
        self.server = LoopbackServer(self.route)

    @property
    def url(self) -> str:
        return self.server.url

    def rss(self, paths: list[str], encoding: str = "utf-8") -> bytes:
        items = "".join(f"<item><title>{p}</title><link>{self.url}{p}</link></item>" for p in paths)
        return (
            f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
            f"<title>t</title><link>{self.url}/</link>{items}</channel></rss>"
        ).encode()

    def route(self, request: Request) -> Reply:
        from tests.pages import article_page

        path = request.path
        feeds = {
            "/good.xml": self.rss(["/a/1", "/a/2"]),
            "/bogus.xml": self.rss(["/a/3"], encoding="x-bogus"),
            "/bad.xml": self.rss(["/r/503", "/u/91", "/c/1", "/c/2", "/h/1", "/big/1"]),
        }
        if path in feeds:
            return Reply(feeds[path], content_type="application/rss+xml")
        if path == "/r/503":
            return Reply("busy", status=503, headers={"Retry-After": "inf"})
        pages = {
            "/u/91": article_page(91),  # the engine answers U+FFFF for it
            "/c/1": article_page(31, canonical="http://127.0.0.2:9/a/1"),  # another site's URL
            "/c/2": article_page(32, canonical=f"{self.url}/a/1"),  # same site, other text
            "/h/1": article_page(41, title="Суд [/b] и [video] приговор [bold]"),
            "/big/1": article_page(51, canonical=f"{self.url}/" + "x" * 200_000),
        }
        if path in pages:
            return Reply(pages[path])
        if path.startswith("/a/"):
            return Reply(article_page(int(path[3:])))
        return Reply("none", status=404)

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def ffff_for_article_91(text: str) -> str:
    from tests.engine_servers import fake_translate

    return fake_translate(text) + ("\uffff\ud800" if "Статья 91" in text else "")


def hostile_config(folder: Path, site: HostileSite, engine: LibreServer) -> Path:
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nurl = "{site.url}/{name}.xml"\n'
        for name in ("good", "bogus", "bad")
    )
    path = folder / "config.toml"
    path.write_text(
        f"""
[fetch]
allow_private_addresses = true
retries = 0
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
formats = ["md", "html", "json"]
[run]
per_host_delay = 0.0
retry_backoff = 0.0
{sources}""",
        encoding="utf-8",
    )
    return path


def test_every_bad_class_fails_alone_and_the_good_source_is_published_run_after_run(
    tmp_path: Path,
) -> None:
    with HostileSite() as site, LibreServer(translate=ffff_for_article_91) as engine:
        config = hostile_config(tmp_path, site, engine)
        for attempt in range(3):
            code, _stdout, stderr = run(config)
            assert code == 1, stderr
            assert "Traceback" not in stderr
            got = states(tmp_path)
            assert got[f"{site.url}/a/1"] == got[f"{site.url}/a/2"] == "published", (attempt, got)
            feed = feedparser.parse((tmp_path / "out" / "feed.atom").read_bytes())
            assert feed.bozo == 0, feed.bozo_exception
            vias = {link.href for e in feed.entries for link in e.links if link.rel == "via"}
            assert {f"{site.url}/a/1", f"{site.url}/a/2"} <= vias
            assert (tmp_path / "out" / "index.html").is_file()
            assert "source failed: bogus" in stderr
            assert all(len(line) <= 320 for line in stderr.splitlines()), stderr
        # pages claiming another's canonical are published as themselves, not as duplicates
        assert got[f"{site.url}/c/1"] == got[f"{site.url}/c/2"] == "published"
        assert got[f"{site.url}/big/1"] == "published"
        assert got[f"{site.url}/h/1"] == "published"
        assert got[f"{site.url}/r/503"] == "failed"
        with sqlite3.connect(tmp_path / "cache" / "translator.sqlite3") as db:
            (due,) = db.execute(
                "SELECT next_attempt_at FROM articles WHERE url = ?", [f"{site.url}/r/503"]
            ).fetchone()
        wait = datetime.fromisoformat(due) - datetime.now(UTC)
        assert 0 < wait.total_seconds() <= 86400
        copies = {p.name: p.read_text("utf-8") for p in (tmp_path / "out").glob("*.md")}
        own = [text for name, text in copies.items() if "-a-1-" in name]
        assert len(own) == 1, sorted(copies)
        assert " 10 " in own[0] and " 310 " not in own[0] and " 320 " not in own[0]
        assert any("[/b]" in e.title and "[video]" in e.title for e in feed.entries)


def test_planted_symlinks_in_out_and_cache_are_refused(news, tmp_path: Path) -> None:
    site, _engine, config = news
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "cache").mkdir()
    target = outside / "precious.txt"
    target.write_text("x" * 150)
    (tmp_path / "cache" / "run.lock").symlink_to(target)
    code, _stdout, stderr = run(config)
    assert code == 1 and "run.lock: is a symbolic link" in stderr
    assert target.read_text() == "x" * 150 and site.server.requests == []
    (tmp_path / "cache" / "run.lock").unlink()
    config.write_text(config.read_text() + "publish = false\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "review").symlink_to(outside)
    code, _stdout, stderr = run(config)
    assert code == 1 and "review: refusing to write through a symbolic link" in stderr
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert site.page_requests() == 0, "the output folder is checked before any request"


# signals ---------------------------------------------------------------------------------------


class TimedLibre(LibreServer):
    """LibreTranslate that notes when each request arrived and which article it was for."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.arrivals: list[tuple[float, set[int], int]] = []

    def _reply(self, request: Request) -> Reply:
        reply = super()._reply(request)
        if self.texts and request.path.rstrip("/") == "/translate":
            text = " ".join(self.texts[-1])
            articles = {int(n) for n in re.findall(r"(?:Статья|городе) (\d+)", text)}
            self.arrivals.append((time.monotonic(), articles, len(text)))
        return reply


class ManyArticles:
    def __init__(self, count: int, *, canonical: str | None = None) -> None:
        self.count = count
        self.missing: set[int] = set()
        self.canonical = canonical  # a path every page names as its canonical
        self.server = LoopbackServer(self.route)

    def route(self, request: Request) -> Reply:
        from tests.pages import article_page

        if request.path == "/feed.xml":
            items = "".join(
                f"<item><title>{n}</title><link>{self.server.url}/a/{n}</link></item>"
                for n in range(1, self.count + 1)
            )
            body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
            return Reply(body, content_type="application/rss+xml")
        if request.path.startswith("/a/") and int(request.path[3:]) not in self.missing:
            claim = f"{self.server.url}{self.canonical}" if self.canonical else None
            return Reply(article_page(int(request.path[3:]), canonical=claim))
        if request.path == "/section":
            links = "".join(f'<a href="https://elsewhere.example/news/{n}">x</a>' for n in range(5))
            return Reply(f"<html><body><main>{links}</main></body></html>")
        return Reply("none", status=404)


# Ten moments of a 30-article run, each drawn from its own seed: a case apiece, so that pytest's
# workers share them out.
SIGINT_TRIALS = 10


@pytest.mark.parametrize("trial", range(SIGINT_TRIALS))
def test_sigint_at_random_moments_publishes_whole_articles_or_none(
    tmp_path: Path, trial: int
) -> None:
    import random

    chooser = random.Random(20261201 + trial)
    workers = 4
    site = ManyArticles(30)
    with site.server, TimedLibre(latency=0.05) as engine:
        config = tmp_path / "config.toml"
        config.write_text(
            f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
formats = ["md", "html"]
[run]
concurrency = {workers}
per_host_concurrency = {workers}
per_host_delay = 0.0
respect_robots = false
[[sources]]
name = "many"
url = "{site.server.url}/feed.xml"
""",
            encoding="utf-8",
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "translator", "run", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        # a moment anywhere in the run, whatever the machine's speed: after the k-th engine
        # request (k = 0: during discovery), plus a fraction of a request's latency
        moment = chooser.randrange(0, 29)
        deadline = time.monotonic() + 60
        started = site.server.requests  # the feed asked for: the run is under way
        while (
            (len(engine.arrivals) < moment or not started)
            and process.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.005)
        time.sleep(chooser.random() * 0.05)
        signalled = time.monotonic()
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
        assert process.returncode in (0, 130), err.decode()
        assert b"Traceback" not in err
        check_published_whole(tmp_path, site)
        after = [(ids, size) for at, ids, size in engine.arrivals if at > signalled + 0.01]
        late = set().union(*(ids for ids, _ in after)) if after else set()
        assert len(late) <= workers, (moment, late)
        if trial % 2:
            return
        # the next run, undisturbed, does the rest, each article once (every other trial: a
        # whole 30-article run each time would double the test's cost for the same check)
        code = subprocess.run(
            [sys.executable, "-m", "translator", "run", "--config", str(config)],
            check=False,
            capture_output=True,
            timeout=120,
            cwd=tmp_path,
        ).returncode
        assert code == 0
        assert check_published_whole(tmp_path, site) == 30


def check_published_whole(folder: Path, site: ManyArticles) -> int:
    """Every published article has its copies and one feed entry; no other article has any."""
    if not (folder / "cache" / "translator.sqlite3").exists():  # stopped before it began
        assert not list(folder.glob("out/*.md"))
        return 0
    got = states(folder)
    published = {url for url, state in got.items() if state == "published"}
    feed = feedparser.parse((folder / "out" / "feed.atom").read_bytes())
    assert feed.bozo == 0
    vias = [link.href for e in feed.entries for link in e.links if link.rel == "via"]
    assert sorted(vias) == sorted(published)
    copies = list((folder / "out").glob("*.md"))
    assert len(copies) == len(published)
    assert len(list((folder / "out").glob("*.review.html"))) == len(published)
    return len(published)


# order of work, caps, limits -------------------------------------------------------------------


def many_config(folder: Path, site: ManyArticles, engine: LibreServer, **run: object) -> Path:
    settings = {"per_host_delay": 0.0, "respect_robots": False, "retry_backoff": 0.0, **run}
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
    path = folder / "config.toml"
    path.write_text(
        f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[run]
{lines}
[[sources]]
name = "many"
url = "{site.server.url}/feed.xml"
""",
        encoding="utf-8",
    )
    return path


def test_max_articles_is_per_run_and_the_rest_is_found_and_done_next(tmp_path: Path) -> None:
    site = ManyArticles(5)
    with site.server, LibreServer() as engine:
        config = many_config(tmp_path, site, engine, max_articles=2)
        code, _stdout, stderr = run(config)
        assert code == 0, stderr
        assert "2 published" in stderr and "3 left for the next run" in stderr
        assert sorted(states(tmp_path).values()) == ["discovered"] * 3 + ["published"] * 2
        assert "2 published" in run(config)[2]
        code, _stdout, stderr = run(config)
        assert code == 0 and "1 published" in stderr and "left" not in stderr
        assert set(states(tmp_path).values()) == {"published"}


def test_limit_counts_articles_processed_new_before_retries(tmp_path: Path) -> None:
    site = ManyArticles(3)
    with site.server, LibreServer() as engine:
        config = many_config(tmp_path, site, engine)
        site.missing = {1, 2, 3}  # every article of the first run fails
        assert run(config)[0] == 1
        assert set(states(tmp_path).values()) == {"failed"}
        site.missing.clear()
        site.count = 6  # three new articles; the three failed ones are due again
        code, _stdout, stderr = run(config, "--limit", "3")
        assert code == 0, stderr
        assert "3 published" in stderr and "3 left for the next run" in stderr
        got = states(tmp_path)
        url = site.server.url
        assert [got[f"{url}/a/{n}"] for n in range(4, 7)] == ["published"] * 3
        assert [got[f"{url}/a/{n}"] for n in range(1, 4)] == ["failed"] * 3
        code, _stdout, stderr = run(config, "--limit", "3")
        assert code == 0 and "3 published" in stderr
        assert set(states(tmp_path).values()) == {"published"}


def test_work_order_puts_new_first_then_retries_then_rechecks() -> None:
    from translator.config import SourceConfig
    from translator.run.order import Job, WorkOrder

    a, b = SourceConfig(name="a"), SourceConfig(name="b")
    order = WorkOrder()
    order.add(Job("r1", a, "recheck"))
    order.add(Job("t1", a, "retry"))
    for n in range(4):
        order.add(Job(f"n{n}", a, "new"))
    order.add(Job("m0", b, "new"))
    order.add(Job("n0", a, "retry"))  # already queued: kept once, as found first
    jobs, left = order.plan({"a": 3, "b": 0}, limit=None)
    assert [job.url for job in jobs] == ["n0", "n1", "n2", "m0", "t1", "r1"] and left == 1
    jobs, left = order.plan({"a": 3, "b": 0}, limit=2)
    assert [job.url for job in jobs] == ["n0", "n1"] and left == 5


def test_errors_are_one_line_naming_the_article_with_the_cause_kept() -> None:
    from translator.run.report import MAX_ERROR_LINE, article_error

    url = "https://translate.example/m?q=" + "%D0%9F" * 3000
    message = f"google: HTTP 413 for {url}\n\n<html>{'x' * 16000}</html> (Request Entity Too Large)"
    line = article_error("https://news.example/a/1", message)
    assert len(line) <= MAX_ERROR_LINE and "\n" not in line
    assert line.startswith("https://news.example/a/1: google: HTTP 413")
    assert line.endswith("(Request Entity Too Large)")
    long_url = "https://news.example/" + "a" * 500
    assert len(article_error(long_url, f"{long_url}: HTTP 404")) < 200


# signals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_new_work_writes_the_feeds_and_exits_128_plus_n(
    tmp_path: Path, signum: int, code: int
) -> None:
    site = ManyArticles(12)
    with site.server, TimedLibre(latency=0.3) as engine:
        config = many_config(tmp_path, site, engine, concurrency=2, per_host_concurrency=2)
        process = subprocess.Popen(
            [sys.executable, "-m", "translator", "run", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while len(engine.arrivals) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr.decode()
    summary = stderr.decode().strip().splitlines()[-1]
    assert "stopped by a signal" in summary and "left for the next run" in summary
    published = check_published_whole(tmp_path, site)
    assert 0 < published < 12
    assert str(tmp_path / "out" / "feed.atom") in stdout.decode()


def test_a_second_signal_exits_at_once_without_damage(tmp_path: Path) -> None:
    site = ManyArticles(8)
    with site.server, TimedLibre(latency=2.0) as engine:
        config = many_config(tmp_path, site, engine, concurrency=2, per_host_concurrency=2)
        process = subprocess.Popen(
            [sys.executable, "-m", "translator", "run", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while not engine.texts and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        time.sleep(0.2)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        _stdout, stderr = process.communicate(timeout=30)
        assert time.monotonic() - started < 1.5, "the second signal must not wait for the engine"
    assert process.returncode == 130 and b"second signal" in stderr
    with sqlite3.connect(tmp_path / "cache" / "translator.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list((tmp_path / "out").glob("*.md")), "nothing was translated whole yet"


# what a page says about itself -----------------------------------------------------------------


@pytest.mark.parametrize("claim", ["/", "/news/", "/a/"])
def test_a_site_naming_its_front_or_section_page_as_canonical_loses_nothing(
    tmp_path: Path, claim: str
) -> None:
    site = ManyArticles(5, canonical=claim)
    with site.server, LibreServer() as engine:
        code, _stdout, stderr = run(many_config(tmp_path, site, engine))
    assert code == 0 and "5 published" in stderr and "duplicates" not in stderr, stderr
    assert len(list((tmp_path / "out").glob("*-a-*.md"))) == 5


def test_which_canonical_claims_are_trusted() -> None:
    from translator.article import Article
    from translator.pipeline import trusted_canonical

    def claim(fetched: str, canonical: str) -> str | None:
        return trusted_canonical(Article(url=fetched, html="", canonical_url=canonical))

    page = "https://www.example.co.uk/news/2026/02/01/court-1"
    assert claim(page, "https://m.example.co.uk/news/2026/02/01/court-1") is not None
    assert claim(page, "https://www.example.co.uk/amp/court-1") is not None
    assert claim(page, "https://other.co.uk/news/2026/02/01/court-1") is None  # other site
    assert claim(page, "https://example.co.uk/") is None  # the front page
    assert claim(page, "https://www.example.co.uk/news/") is None  # a folder above the page
    assert claim(page, "https://www.example.co.uk/tag/court") is None  # navigation
    assert claim(page, "javascript:alert(1)") is None
    assert claim("http://127.0.0.1:8/a/1", "http://127.0.0.2:8/a/1") is None


def test_a_source_that_offers_no_article_link_is_a_warning(tmp_path: Path) -> None:
    site = ManyArticles(1)
    with site.server, LibreServer() as engine:
        config = many_config(tmp_path, site, engine)
        config.write_text(config.read_text().replace("/feed.xml", "/section") + 'type = "page"\n')
        code, _stdout, stderr = run(config)
        assert code == 0
        assert "warning: many: offered no article links" in stderr
        status = CliRunner().invoke(cli, ["status", "--config", str(config)])
        assert "warning: no article links" in " ".join(status.stdout.split())


def test_an_unusable_output_folder_is_found_before_any_request(tmp_path: Path) -> None:
    site = ManyArticles(2)
    (tmp_path / "blocker").write_text("x")
    with site.server, LibreServer() as engine:
        config = many_config(tmp_path, site, engine)
        code, _stdout, stderr = run(config, "--out", str(tmp_path / "blocker" / "out"))
    assert code == 1 and "blocker" in stderr and len(stderr.strip().splitlines()) == 1
    assert site.server.requests == [] and engine.requests_count == 0


def test_a_dry_run_says_what_waits(tmp_path: Path) -> None:
    site = ManyArticles(3)
    site.missing = {1}
    with site.server, LibreServer() as engine:
        config = many_config(tmp_path, site, engine, retry_backoff=3600.0, max_articles=1)
        assert run(config)[0] == 1
        code, stdout, stderr = run(config, "--dry-run")
    assert code == 0 and stdout.splitlines() == [f"new\t{site.server.url}/a/2"]
    assert "1 left for a later run, 1 failed waiting to retry" in stderr


def test_a_published_article_is_rechecked_only_on_a_changed_item_or_its_interval() -> None:
    from datetime import timedelta

    from translator.run.order import wants_recheck

    now = datetime(2026, 2, 1, 12, tzinfo=UTC)
    hour = timedelta(hours=1)
    row = {
        "published_at": (now - 3 * hour).isoformat(),
        "checked_at": None,
        "item_key": "k1",
    }
    assert not wants_recheck(row, "k1", 6 * 3600, now)  # same item, interval not passed
    assert wants_recheck(row, "k2", 6 * 3600, now)  # the feed item changed
    assert wants_recheck(row, "k1", 2 * 3600, now)  # its interval passed
    assert not wants_recheck({**row, "checked_at": (now - hour).isoformat()}, "k1", 7200, now)
    assert not wants_recheck(row, "k1", 0, now)  # 0: only when the item changes
    assert not wants_recheck({**row, "item_key": None}, "k2", 6 * 3600, now)  # keyed from now on
    old = {**row, "published_at": (now - 72 * hour).isoformat()}
    assert not wants_recheck(old, "k2", 60, now)  # past the re-check window


def test_the_lock_is_a_regular_file_in_the_cache_or_nothing(tmp_path: Path) -> None:
    from translator.errors import StoreError
    from translator.run.lock import run_lock

    cache = tmp_path / "cache"
    (cache / "run.lock").mkdir(parents=True)
    with pytest.raises(StoreError, match="not a regular file"), run_lock(cache, wait=False):
        pass
    (cache / "run.lock").rmdir()
    os.mkfifo(cache / "run.lock")
    with pytest.raises(StoreError, match="not a regular file"), run_lock(cache, wait=False):
        pass
    (cache / "run.lock").unlink()
    with run_lock(cache, wait=False):
        assert (cache / "run.lock").read_text() == f"{os.getpid()}\n"
