"""The store: migrations, the query plans, rows checked when read, a full disk, pruned bodies,
the dry run's rolled-back writes, and the compact translation memory."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.engine_servers import LibreServer
from tests.test_run import NewsSite, write_config
from translator.cli import cli
from translator.errors import CacheFull, CacheTooNew, ConfigError, StoreError
from translator.store import DB_NAME, Cache, CachedPage
from translator.store import cache as store_cache
from translator.store.migrations import LATEST, MIGRATIONS

# The schema as the last release before versions wrote it, minus the columns the first
# release lacked (canonical_url, outlet, summary_en).
UNVERSIONED = """
CREATE TABLE pages (url TEXT PRIMARY KEY, final_url TEXT, etag TEXT, last_modified TEXT,
    content_type TEXT, body BLOB, fetched_at TEXT NOT NULL);
CREATE TABLE memory (engine TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,
    segment_key TEXT NOT NULL, source_text TEXT NOT NULL, target_text TEXT NOT NULL,
    created_at TEXT NOT NULL, PRIMARY KEY (engine, source_lang, target_lang, segment_key));
CREATE TABLE articles (url TEXT PRIMARY KEY, source TEXT, title TEXT, title_en TEXT,
    published TEXT, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    next_attempt_at TEXT, content_hash TEXT, outputs TEXT, labels TEXT,
    updated_count INTEGER NOT NULL DEFAULT 0, discovered_at TEXT NOT NULL,
    changed_at TEXT NOT NULL, published_at TEXT);
CREATE INDEX articles_state ON articles(state, next_attempt_at);
CREATE TABLE sources (name TEXT PRIMARY KEY, url TEXT NOT NULL, etag TEXT, last_modified TEXT,
    last_polled_at TEXT, last_status TEXT);
INSERT INTO articles (url, source, state, outputs, discovered_at, changed_at, published_at)
    VALUES ('https://a/1', 'news', 'published', '["out/a.md"]', '2026-01-01T00:00:00+00:00',
            '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
           ('https://a/2', 'news', 'failed', NULL, '2026-01-02T00:00:00+00:00',
            '2026-01-02T00:00:00+00:00', NULL);
INSERT INTO pages VALUES ('https://a/1', NULL, '"v1"', NULL, 'text/html', x'3c703e', 't'),
    ('https://a/feed', NULL, '"f1"', NULL, 'application/rss+xml', x'3c7273733e', 't');
INSERT INTO memory VALUES
    ('google', 'ru', 'en', 'Второй абзац', 'Второй абзац', 'Second', '2026-01-02T00:00:00+00:00'),
    ('google', 'ru', 'en', 'Первый  абзац', 'Первый абзац', 'First', '2026-01-01T00:00:00+00:00');
"""


def unversioned_cache(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(folder / DB_NAME) as db:
        db.executescript(UNVERSIONED)
    db.close()
    return folder


def version_of(folder: Path) -> int:
    db = sqlite3.connect(folder / DB_NAME)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# migrations ------------------------------------------------------------------------------------


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_a_cache_from_before_versions_upgrades_and_keeps_its_rows(tmp_path: Path) -> None:
    folder = unversioned_cache(tmp_path / "cache")
    cache = Cache(folder)
    try:
        assert version_of(folder) == LATEST
        row = cache.get_article("https://a/1")
        assert row is not None and row["state"] == "published" and row["outlet"] is None
        cache.set_article("https://a/1", outlet="Outlet", canonical_url="https://a/1")
        assert cache.published_twin("https://a/1", "https://b/1") == "https://a/1"
        assert cache.state_counts() == {"failed": 1, "published": 1}
        assert cache.memory_get("google", "ru", "en", ["Первый  абзац", "Второй абзац"]) == {
            "Первый  абзац": "First",
            "Второй абзац": "Second",
        }
        entries = list(cache.memory_entries())
        assert [e.target_text for e in entries] == ["First", "Second"]  # oldest first
        assert entries[0].source_text == "Первый абзац"
        assert entries[0].created_at.startswith("2026-01-01T00:00:00")
        published = cache.get_page("https://a/1")
        assert published is not None and published.body is None and published.etag == '"v1"'
        feed = cache.get_page("https://a/feed")
        assert feed is not None and feed.body == b"<rss>"
    finally:
        cache.close()
    Cache(folder).close()  # opening an upgraded cache again runs nothing
    assert version_of(folder) == LATEST


def test_a_cache_from_a_newer_translator_is_refused_in_one_line(tmp_path: Path) -> None:
    Cache(tmp_path / "cache").close()
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(CacheTooNew, match="newer translator"):
        Cache(tmp_path / "cache")
    result = invoke("status", "--cache", str(tmp_path / "cache"))
    assert result.exit_code == 1
    assert "newer translator" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert version_of(tmp_path / "cache") == LATEST + 1  # left as it was


def test_an_unusable_cache_is_a_store_error_not_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError) as raised:
        Cache(tmp_path / "file")
    assert not isinstance(raised.value, ConfigError)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Cache(tmp_path / "junk")


# every query served by an index ----------------------------------------------------------------

ALLOWED_SCANS = (
    "SCAN memory_pairs",  # one row per engine and language pair
    "SCAN article_states",  # one row per state
    "USING INDEX sqlite_autoindex_sources_1",  # sources in name order: one row per source
    "USING INDEX articles_published",  # newest published first, stopped by the LIMIT
    "USING INDEX articles_changed",  # newest changes first, stopped by the LIMIT
    "USE TEMP B-TREE FOR ORDER BY",  # only after a search: sorting the pending rows found
    "COMPOUND QUERY",
    "LEFT-MOST SUBQUERY",
    "UNION ALL",
)


def statements_of(cache: Cache) -> list[str]:
    """Every statement the per-article, feed and status methods run, with their values."""
    seen: list[str] = []
    cache._db.set_trace_callback(seen.append)
    cache.set_article("https://a/1", state="published", canonical_url="c", outputs=["x.md"])
    cache.get_article("https://a/1")
    cache.published_twin("c", "https://a/2")
    cache.pending_articles(["news", "other"], 8, "2026-01-01T00:00:00+00:00")
    cache.published_articles(100)
    cache.recent_articles(30)
    cache.state_counts()
    cache.sources()
    cache.set_source("news", "https://a/feed", last_status="ok")
    cache.get_source("news")
    cache.count_update("https://a/1")
    cache.put_page(CachedPage("https://a/1", None, '"e"', None, "text/html", b"x", "t"))
    cache.get_page("https://a/1")
    cache.prune_page("https://a/1")
    cache.memory_put("google", "ru", "en", [("к", "к", "k")])
    cache.memory_get("google", "ru", "en", ["к", "л"])
    list(cache.memory_entries())
    cache._db.set_trace_callback(None)
    words = ("SELECT", "UPDATE", "INSERT", "DELETE", "WITH")
    return [s for s in seen if s.lstrip().upper().startswith(words)]


def test_every_query_is_served_by_an_index_or_a_bounded_scan(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        statements = statements_of(cache)
        assert len(statements) >= 17
        for statement in statements:
            plan = [row[3] for row in cache._db.execute(f"EXPLAIN QUERY PLAN {statement}")]
            for step in plan:
                if step.startswith("SCAN") or "TEMP B-TREE" in step:
                    assert any(a in step for a in ALLOWED_SCANS), (statement, plan)
    finally:
        cache.close()


def test_no_sql_outside_the_store() -> None:
    package = Path(__file__).resolve().parent.parent / "translator"
    for path in package.rglob("*.py"):
        if "store" in path.relative_to(package).parts:
            continue
        text = path.read_text(encoding="utf-8")
        found = _SQL.search(text)
        assert found is None, f"{path}: {found.group()!r}"


# SQL as it is written in code, not the same words in prose or in an engine's error text
_SQL = re.compile(
    r"\bSELECT\s+(?:DISTINCT\s+)?[\w*(),. ]+?\s+FROM\s+\w|\bUPDATE\s+\w+\s+SET\b"
    r"|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bDELETE\s+FROM\b|\bCREATE\s+(?:TABLE|INDEX)\b"
    r"|\.execute(?:many)?\(|\.query\(|\bimport sqlite3\b"
)


# reads and writes --------------------------------------------------------------------------------


def test_pending_articles_are_the_work_in_flight_only(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        cache.set_article("https://a/new", state="discovered", source="news")
        cache.set_article("https://a/half", state="translated", source="news")
        cache.set_article(
            "https://a/due",
            state="failed",
            source="news",
            attempts=2,
            next_attempt_at="2026-01-01T00:00:00+00:00",
        )
        cache.set_article(
            "https://a/later",
            state="failed",
            source="news",
            attempts=2,
            next_attempt_at="2027-01-01T00:00:00+00:00",
        )
        cache.set_article("https://a/hopeless", state="failed", source="news", attempts=8)
        cache.set_article("https://a/done", state="published", source="news")
        cache.set_article("https://b/new", state="discovered", source="elsewhere")
        found = cache.pending_articles(["news"], 8, "2026-06-01T00:00:00+00:00")
    finally:
        cache.close()
    assert [(r["url"], r["state"]) for r in found] == [
        ("https://a/new", "discovered"),
        ("https://a/half", "translated"),
        ("https://a/due", "failed"),
    ]


def test_state_counts_follow_every_change(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        for n in range(5):
            cache.set_article(f"https://a/{n}", state="discovered")
        cache.set_article("https://a/0", state="published")
        cache.set_article("https://a/1", state="failed")
        cache.set_article("https://a/1", state="failed", attempts=2)
        assert cache.state_counts() == {"discovered": 3, "failed": 1, "published": 1}
    finally:
        cache.close()


def test_memory_keeps_each_text_once_and_a_hash_collision_reads_as_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    try:
        cache.memory_put("google", "ru", "en", [("а б", "а  б", "a b"), ("в", "в", "c")])
        assert cache.memory_get("google", "ru", "en", ["а б", "в", "г"]) == {"а б": "a b", "в": "c"}
        assert cache.memory_get("deepl", "ru", "en", ["в"]) == {}
        keys = [row[0] for row in cache._db.execute("SELECT segment_key FROM memory_segments")]
        assert keys == ["а б", None]  # the key is kept only where it differs from the text
        monkeypatch.setattr(store_cache, "memory_key", lambda *parts: 42)
        cache.memory_put("google", "ru", "en", [("д", "д", "d")])
        assert cache.memory_get("google", "ru", "en", ["е"]) == {}
        assert cache.memory_get("google", "ru", "en", ["д"]) == {"д": "d"}
    finally:
        cache.close()


def test_memory_entries_stream_a_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_cache, "EXPORT_PAGE", 3)
    cache = Cache(tmp_path)
    try:
        for n in range(10):
            cache.memory_put("google", "ru", "en", [(f"с{n}", f"с{n}", f"s{n}")])
        entries = cache.memory_entries()
        assert next(entries).target_text == "s0"
        cache.memory_put("google", "ru", "en", [("с10", "с10", "s10")])  # writes go on meanwhile
        assert [e.target_text for e in entries] == [f"s{n}" for n in range(1, 11)]
    finally:
        cache.close()


def test_memory_purge_removes_one_engine(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        cache.memory_put("google", "ru", "en", [("а", "а", "a")])
        cache.memory_put("mymemory", "ru", "en", [("а", "а", "QUOTA EXCEEDED")])
        assert cache.memory_purge("mymemory", since="2000-01-01") == 1
        assert cache.memory_get("mymemory", "ru", "en", ["а"]) == {}
        assert cache.memory_get("google", "ru", "en", ["а"]) == {"а": "a"}
    finally:
        cache.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("outputs", "not json ["),
        ("outputs", '{"a": 1}'),
        ("outputs", "[" * 200_000 + "]" * 200_000),  # nested past Python's recursion limit
        ("labels", "[" * 200_000 + "]" * 200_000),
        ("labels", "[1, 2]"),
        ("published_at", "yesterday"),
        ("next_attempt_at", 12),
        ("attempts", "many"),
        ("state", "exploded"),
        ("title", b"\x00\x01"),
    ],
)
def test_a_corrupt_row_reads_as_a_failed_article_to_do_again(
    tmp_path: Path, column: str, value: object
) -> None:
    cache = Cache(tmp_path)
    try:
        cache.set_article(
            "https://a/1",
            state="published",
            source="news",
            outputs=["a.md"],
            published_at="2026-01-01T00:00:00+00:00",
        )
        cache._db.execute(f"UPDATE articles SET {column} = ? WHERE url = ?", (value, "https://a/1"))
        assert cache.published_articles(10) == []  # not in the feeds
        row = cache.get_article("https://a/1")
        assert row is not None and row["state"] == "failed"
        assert "cache row for https://a/1" in row["last_error"] and column in row["last_error"]
        pending = cache.pending_articles(["news"], 8, "2026-06-01T00:00:00+00:00")
        assert [r["url"] for r in pending] == ["https://a/1"]  # done again by the next run
    finally:
        cache.close()


def test_unsound_pages_and_sources_read_as_absent(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        cache.put_page(CachedPage("https://a/1", None, '"e"', None, "text/html", b"x", "t"))
        cache._db.execute("UPDATE pages SET body = 'text, not bytes'")
        assert cache.get_page("https://a/1") is None
        cache.set_source("news", "https://a/feed", etag='"e"')
        cache._db.execute("UPDATE sources SET etag = x'00ff'")
        assert cache.get_source("news")["etag"] is None  # type: ignore[index]
    finally:
        cache.close()


def test_a_full_disk_rolls_the_write_back_whole_with_one_line(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        cache.set_article("https://a/1", state="fetched", title="old")
        pages = cache._db.execute("PRAGMA page_count").fetchone()[0]
        cache._db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(CacheFull, match="the cache is full") as raised:
            cache.memory_put(
                "google", "ru", "en", [(f"{n}" * 50, "x" * 3000, "y") for n in range(50)]
            )
        assert "\n" not in str(raised.value) and raised.value.retryable
        with pytest.raises(CacheFull):
            cache.set_article("https://a/1", state="translated", title="new" * 20000)
        row = cache.get_article("https://a/1")
        assert row is not None and (row["state"], row["title"]) == ("fetched", "old")
        assert cache.memory_get("google", "ru", "en", ["0" * 50]) == {}
        assert not cache._db.in_transaction
        cache._db.execute("PRAGMA max_page_count = 1073741823")
        cache.set_article("https://a/1", state="translated")
        assert cache._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        cache.close()


# through a run ---------------------------------------------------------------------------------

PARAGRAPHS = [
    "Власти региона сообщили о начале строительства новой дороги между двумя городами.",
    "По словам чиновников, работы продлятся не меньше трёх лет и обойдутся бюджету дорого.",
    "Местные жители говорят, что ждали этой дороги много лет и теперь надеются на перемены.",
]


def article_page(n: int) -> str:
    body = "".join(f"<p>{p} Номер {n}.</p>" for p in PARAGRAPHS)
    return (
        '<html lang="ru"><head><meta charset="utf-8">'
        f"<title>Новость номер {n}</title></head><body><article>"
        f"<h1>Новая дорога в регионе, новость {n}</h1>{body}</article></body></html>"
    )


@pytest.fixture
def site(tmp_path: Path):
    entries = []
    for n in range(2):
        path = tmp_path / f"page-{n}.html"
        path.write_text(article_page(n), encoding="utf-8")
        entries.append({"id": str(n), "path": path})
    with NewsSite(entries) as news, LibreServer() as engine:
        yield news, write_config(tmp_path, news, engine, respect_robots=False)


def run(config: Path, *extra: str):
    return invoke("run", "--config", str(config), *extra)


def database_digest(folder: Path) -> str:
    db = sqlite3.connect(folder / DB_NAME)
    try:
        dump = "\n".join(db.iterdump())
    finally:
        db.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def test_published_pages_lose_their_bodies_but_keep_their_validators(site, tmp_path: Path) -> None:
    news, config = site
    result = run(config)
    assert result.exit_code == 0, result.stderr
    (tmp_path / "page-2.html").write_text(article_page(2), encoding="utf-8")
    news.entries.append({"id": "2", "path": tmp_path / "page-2.html"})
    rechecked = run(config)  # the feed changed; items 0 and 1 did not
    assert rechecked.exit_code == 0 and "1 published" in rechecked.stderr
    cache = Cache(tmp_path / "cache")
    try:
        for n in range(3):
            page = cache.get_page(f"{news.url}/a/{n}")
            assert page is not None and page.body is None and page.content_type
            row = cache.get_article(f"{news.url}/a/{n}")
            assert row is not None and row["state"] == "published" and row["content_hash"]
        feed = cache.get_page(f"{news.url}/feed.xml")
        assert feed is not None and feed.body  # a feed keeps its body for the next 304
    finally:
        cache.close()


def test_dry_run_plans_exactly_and_leaves_the_cache_as_it_was(site, tmp_path: Path) -> None:
    news, config = site
    assert run(config).exit_code == 0
    news.entries.append({"id": "2", "path": tmp_path / "page-2.html"})
    (tmp_path / "page-2.html").write_text(article_page(2), encoding="utf-8")
    before = database_digest(tmp_path / "cache")
    planned = run(config, "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    # items 0 and 1 are unchanged in the feed, so their pages are not re-checked (issue 14)
    assert sorted(planned.stdout.strip().splitlines()) == [
        f"new\t{news.url}/a/2",
    ]
    assert database_digest(tmp_path / "cache") == before
    assert run(config, "--dry-run").stdout == planned.stdout  # nothing of the first was kept
    done = run(config)
    assert done.exit_code == 0 and "1 published" in done.stderr


def test_corrupt_rows_fail_their_article_and_the_run_goes_on(site, tmp_path: Path) -> None:
    news, config = site
    assert run(config).exit_code == 0
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    with db:
        db.execute("UPDATE articles SET outputs = 'not json' WHERE url = ?", (f"{news.url}/a/0",))
        db.execute(
            "UPDATE articles SET published_at = 'yesterday' WHERE url = ?", (f"{news.url}/a/1",)
        )
    db.close()
    news.entries.append({"id": "2", "path": tmp_path / "page-2.html"})
    (tmp_path / "page-2.html").write_text(article_page(2), encoding="utf-8")
    result = run(config)
    assert "internal error" not in result.stderr and result.exit_code == 0, result.stderr
    assert "3 published" in result.stderr  # the new one, and the two corrupt rows done again
    feed = (tmp_path / "out" / "feed.atom").read_text(encoding="utf-8")
    assert all(f"{news.url}/a/{n}" in feed for n in range(3))


def test_an_unversioned_cache_is_upgraded_by_a_run(site, tmp_path: Path) -> None:
    news, config = site
    unversioned_cache(tmp_path / "cache")
    result = run(config)
    assert result.exit_code == 0, result.stderr
    assert version_of(tmp_path / "cache") == LATEST
    cache = Cache(tmp_path / "cache")
    try:
        row = cache.get_article(f"{news.url}/a/0")
        assert row is not None and row["outlet"] and json.loads(row["outputs"])
    finally:
        cache.close()


class TinyCache(Cache):
    """A cache that may not grow past the pages it had when opened: a full disk, without one."""

    def __init__(self, folder: str | Path, *, discard_writes: bool = False):
        super().__init__(folder, discard_writes=discard_writes)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_cache_fails_the_article_in_one_line_and_stays_consistent(
    site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    news, config = site
    assert run(config).exit_code == 0
    big = article_page(2).replace("</article>", f"<!-- {'x' * 200_000} --></article>")
    (tmp_path / "page-2.html").write_text(big, encoding="utf-8")
    news.entries.append({"id": "2", "path": tmp_path / "page-2.html"})
    monkeypatch.setattr("translator.run.runner.Cache", TinyCache)
    full = run(config)
    assert full.exit_code == 1 and "internal error" not in full.stderr
    assert "the cache is full" in full.stderr
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state = db.execute("SELECT state FROM articles WHERE url = ?", (f"{news.url}/a/2",))
        assert state.fetchone()[0] in ("discovered", "failed")  # never half-way
    finally:
        db.close()
    monkeypatch.setattr("translator.run.runner.Cache", Cache)
    again = run(config)
    assert again.exit_code == 0, again.stderr
    assert "1 published" in again.stderr


def test_memory_export_streams_every_entry_into_valid_tmx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree

    from translator.translate.tmx import export_tmx

    monkeypatch.setattr(store_cache, "EXPORT_PAGE", 4)
    cache = Cache(tmp_path / "cache")
    try:
        for n in range(9):
            cache.memory_put("google", "ru", "en", [(f"абзац {n}", f"абзац {n}", f"para {n}\x0b")])
        assert export_tmx(cache, tmp_path / "m.tmx") == 9
    finally:
        cache.close()
    units = ElementTree.parse(tmp_path / "m.tmx").getroot().findall("./body/tu")
    assert [u.findall("tuv/seg")[1].text for u in units] == [f"para {n}" for n in range(9)]


@pytest.mark.parametrize("column", ["engine", "source_lang", "target_lang"])
def test_memory_export_leaves_out_a_pair_whose_names_are_not_text(
    tmp_path: Path, column: str
) -> None:
    from translator.translate.tmx import export_tmx

    cache = Cache(tmp_path / "cache")
    try:
        cache.memory_put("google", "ru", "en", [("абзац", "абзац", "para")])
        cache.memory_put("libre", "ru", "en", [("слово", "слово", "word")])
        cache._db.execute(
            f"UPDATE memory_pairs SET {column} = ? WHERE engine = 'libre'", (b"\xff",)
        )
        assert export_tmx(cache, tmp_path / "m.tmx") == 1
    finally:
        cache.close()


def test_text_utf8_cannot_hold_is_stored_replaced_or_not_remembered(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    try:
        cache.set_article("https://a/1", state="fetched", title="Заголовок \ud800")
        assert cache.get_article("https://a/1")["title"] == "Заголовок \ufffd"  # type: ignore[index]
        cache.memory_put("google", "ru", "en", [("а", "а", "a \udfff"), ("б", "б", "b")])
        assert cache.memory_get("google", "ru", "en", ["а", "б"]) == {"б": "b"}
    finally:
        cache.close()


def test_a_dry_run_on_an_older_cache_upgrades_nothing(site, tmp_path: Path) -> None:
    """An older translator must still read the cache after a newer one's dry run."""
    news, config = site
    unversioned_cache(tmp_path / "cache")
    before = database_digest(tmp_path / "cache")
    planned = run(config, "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    assert sorted(planned.stdout.split()) == sorted(
        ["new", f"{news.url}/a/0", "new", f"{news.url}/a/1"]
    )
    assert version_of(tmp_path / "cache") == 0
    assert database_digest(tmp_path / "cache") == before
