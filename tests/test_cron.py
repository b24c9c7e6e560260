"""The README's crontab line, run as written (paths moved to a temporary folder) for several
cycles against a loopback feed and engine."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, corpus_pages, need_corpus
from tests.engine_servers import LibreServer
from tests.test_run import NewsSite, write_config

NEWS = corpus_pages("ru-news")


def crontab_command() -> str:
    """The command part of the crontab line in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(l for l in readme.splitlines() if re.match(r"^(\S+\s+){5}cd /srv/translator", l))
    return line.split(None, 5)[5]


def test_readme_crontab_line_over_several_cycles(tmp_path: Path) -> None:
    need_corpus(NEWS)
    home = tmp_path / "srv"
    home.mkdir()
    (home / ".venv").symlink_to(Path(sys.prefix))
    command = crontab_command().replace("/srv/translator", str(home))
    with NewsSite(NEWS[:3]) as site, LibreServer() as engine:
        config = write_config(home, site, engine)
        extra = site.entries.pop()

        def cycle() -> None:
            subprocess.run(
                ["bash", "-c", command],
                check=True,
                timeout=120,
                env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            )

        cycle()
        cycle()
        site.entries.append(extra)
        cycle()
        log = (home / "run.log").read_text()
    summaries = [l for l in log.splitlines() if l.startswith("translator run:")]
    assert [s.split(" published")[0].split(": ")[1] for s in summaries] == ["2", "0", "1"], log
    with sqlite3.connect(home / "cache" / "translator.sqlite3") as db:
        assert {row[0] for row in db.execute("SELECT state FROM articles")} == {"published"}
    assert (home / "out" / "feed.atom").is_file()
    assert config.is_file()
