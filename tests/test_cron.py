"""The README's crontab line, run as written (paths moved to a temporary folder) for several
cycles against loopback feeds and engine, on pages the test writes itself."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Self

import feedparser

from tests.conftest import ROOT
from tests.engine_servers import LibreServer
from tests.pages import article_page
from tests.servers import LoopbackServer, Reply, Request


def crontab_command() -> str:
    """The command part of the crontab line in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(l for l in readme.splitlines() if re.match(r"^(\S+\s+){5}cd /srv/translator", l))
    return line.split(None, 5)[5]


class TwoFeeds:
    """/tagged.xml answers with an ETag (and 304 to it); /bare.xml sends no validator at all
    and a new lastBuildDate each time, as many CMSs do. Articles at /a/<n>."""

    def __init__(self, tagged: list[int], bare: list[int]):
        self.tagged, self.bare = tagged, bare
        self.polls = 0
        self.server = LoopbackServer(self.route)

    def feed(self, numbers: list[int]) -> bytes:
        items = "".join(
            f"<item><title>Статья {n}</title><link>{self.server.url}/a/{n}</link>"
            f"<guid>{self.server.url}/a/{n}</guid>"
            "<pubDate>Sun, 01 Feb 2026 10:00:00 +0000</pubDate></item>"
            for n in numbers
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>{self.server.url}/</link><lastBuildDate>Sun, 01 Feb 2026 10:{self.polls:02d}"
            f":00 +0000</lastBuildDate>{items}</channel></rss>"
        ).encode()

    def route(self, request: Request) -> Reply:
        if request.path == "/tagged.xml":
            body = self.feed(self.tagged)
            etag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
            if request.headers.get("if-none-match") == etag:
                return Reply(b"", status=304, headers={"ETag": etag}, content_type=None)
            return Reply(body, headers={"ETag": etag}, content_type="application/rss+xml")
        if request.path == "/bare.xml":
            self.polls += 1
            return Reply(self.feed(self.bare), content_type="application/rss+xml")
        if request.path.startswith("/a/"):
            return Reply(article_page(int(request.path[3:])))
        return Reply("none", status=404)

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def write_config(home: Path, site: TwoFeeds, engine: LibreServer) -> None:
    # relative folders: taken from the config file's folder
    (home / "config.toml").write_text(
        f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
formats = ["md", "html"]
site_url = "https://news.example/en/"
[run]
per_host_delay = 0.0
[[sources]]
name = "tagged"
url = "{site.server.url}/tagged.xml"
[[sources]]
name = "bare"
url = "{site.server.url}/bare.xml"
""",
        encoding="utf-8",
    )


def output_stamps(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_readme_crontab_line_is_silent_and_free_when_nothing_changed(tmp_path: Path) -> None:
    home = tmp_path / "srv"
    home.mkdir()
    (home / ".venv").symlink_to(Path(sys.prefix))
    command = crontab_command().replace("/srv/translator", str(home))
    log = home / "run.log"

    def cycle() -> None:
        subprocess.run(
            ["bash", "-c", command],
            check=False,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )

    with TwoFeeds([1, 2], [3, 4]) as site, LibreServer() as engine:
        write_config(home, site, engine)
        cycle()
        first = log.read_text()
        assert "4 published" in first, first
        stamps = output_stamps(home / "out")
        characters, requests = engine.characters, len(site.server.requests)
        for _ in range(4):
            cycle()
        assert log.read_text() == first, "runs 2-5 must print nothing"
        asked = [r.path for r in site.server.requests[requests:]]
        assert sorted(set(asked)) == ["/bare.xml", "/tagged.xml"] and len(asked) == 8, asked
        assert engine.characters == characters
        assert output_stamps(home / "out") == stamps, "an idle run rewrote an output file"
        site.bare.append(5)
        cycle()
    summaries = [l for l in log.read_text().splitlines() if l.startswith("translator run:")]
    assert len(summaries) == 2 and "1 published" in summaries[1], log.read_text()
    with sqlite3.connect(home / "cache" / "translator.sqlite3") as db:
        assert {row[0] for row in db.execute("SELECT state FROM articles")} == {"published"}
    feed = feedparser.parse((home / "out" / "feed.atom").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) == 5
    links = [link.href for e in feed.entries for link in e.links if link.rel == "alternate"]
    assert all(link.startswith("https://news.example/en/") for link in links), links
    index = (home / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://news.example/en/feed.atom"' in index
