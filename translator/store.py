"""The embedded state: one SQLite database in the cache folder, created on first use.

Tables (see SCHEMA): `pages` (fetched bodies with their HTTP validators), `memory` (the
translation memory), `articles` (each article's status), `sources` (each source's last poll).
Every write is its own short transaction, so a process killed at any point leaves the
database consistent; WAL mode lets overlapping readers and one writer share it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from translator.errors import ConfigError

DB_NAME = "translator.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url            TEXT PRIMARY KEY,   -- the URL as requested
    final_url      TEXT,               -- after redirects
    etag           TEXT,
    last_modified  TEXT,
    content_type   TEXT,
    body           BLOB,               -- raw bytes, for 304 Not Modified answers
    fetched_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memory (
    engine         TEXT NOT NULL,
    source_lang    TEXT NOT NULL,
    target_lang    TEXT NOT NULL,
    segment_key    TEXT NOT NULL,      -- the normalised source segment
    source_text    TEXT NOT NULL,
    target_text    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (engine, source_lang, target_lang, segment_key)
);
CREATE TABLE IF NOT EXISTS articles (
    url            TEXT PRIMARY KEY,   -- the URL as given or discovered
    canonical_url  TEXT,               -- as the page declares it, to do an article once
    source         TEXT,               -- the [[sources]] name that found it; NULL for one-offs
    title          TEXT,
    title_en       TEXT,
    outlet         TEXT,
    published      TEXT,
    state          TEXT NOT NULL,      -- discovered|fetched|translated|published|held|rejected|skipped|duplicate|failed
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    next_attempt_at TEXT,              -- failed articles wait until then
    content_hash   TEXT,               -- hash of the extracted source text, to detect edits
    outputs        TEXT,               -- JSON list of files written
    labels         TEXT,               -- JSON list of English labels, for feeds
    summary_en     TEXT,               -- the English lead or first paragraph, for feeds
    updated_count  INTEGER NOT NULL DEFAULT 0,
    discovered_at  TEXT NOT NULL,
    changed_at     TEXT NOT NULL,
    published_at   TEXT
);
CREATE INDEX IF NOT EXISTS articles_state ON articles(state, next_attempt_at);
CREATE TABLE IF NOT EXISTS sources (
    name           TEXT PRIMARY KEY,
    url            TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    last_polled_at TEXT,
    last_status    TEXT                -- "ok", "not modified" or the error line
);
"""


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds, e.g. 2026-02-15T01:58:00+00:00."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class CachedPage:
    url: str
    final_url: str | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    body: bytes | None
    fetched_at: str


class Cache:
    """A handle on the cache database; safe to share between threads of one process."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.path = self.folder / DB_NAME
            self._db = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the cache in {self.folder}: {exc}") from exc
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def scratch_copy(self) -> Cache:
        """An in-memory copy to try things on (`run --dry-run`); this cache is left closed."""
        copy = Cache.__new__(Cache)
        copy.folder, copy.path = self.folder, Path(":memory:")
        copy._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        with self._lock:
            self._db.backup(copy._db)
        copy._lock = threading.RLock()
        self.close()
        return copy

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: committed on success, rolled back on any exception."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, params: Iterable = ()) -> list[dict]:
        with self._lock:
            cursor = self._db.execute(sql, tuple(params))
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    # pages ---------------------------------------------------------------------------------

    def get_page(self, url: str) -> CachedPage | None:
        rows = self.query("SELECT * FROM pages WHERE url = ?", [url])
        return CachedPage(**rows[0]) if rows else None

    def put_page(self, page: CachedPage) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    page.url,
                    page.final_url,
                    page.etag,
                    page.last_modified,
                    page.content_type,
                    page.body,
                    page.fetched_at,
                ),
            )

    # translation memory --------------------------------------------------------------------

    def memory_get(
        self, engine: str, source_lang: str, target_lang: str, keys: Iterable[str]
    ) -> dict[str, str]:
        """The stored translations of those segment keys that are in memory."""
        found: dict[str, str] = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.query(
                f"SELECT segment_key, target_text FROM memory WHERE engine = ? AND "
                f"source_lang = ? AND target_lang = ? AND segment_key IN ({marks})",
                [engine, source_lang, target_lang, *chunk],
            ):
                found[row["segment_key"]] = row["target_text"]
        return found

    def memory_put(
        self,
        engine: str,
        source_lang: str,
        target_lang: str,
        entries: Iterable[tuple[str, str, str]],
    ) -> None:
        """Store (segment_key, source_text, target_text) triples in one transaction."""
        stamp = now_iso()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO memory VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (engine, source_lang, target_lang, key, src, tgt, stamp)
                    for key, src, tgt in entries
                ],
            )

    def memory_rows(self) -> Iterator[dict]:
        """Every memory entry, oldest first (for TMX export)."""
        yield from self.query("SELECT * FROM memory ORDER BY created_at, segment_key")

    # articles ------------------------------------------------------------------------------

    def get_article(self, url: str) -> dict | None:
        rows = self.query("SELECT * FROM articles WHERE url = ?", [url])
        return rows[0] if rows else None

    def set_article(self, url: str, **fields: object) -> None:
        """Create or update one article's row with the given columns."""
        stamp = now_iso()
        for key in ("outputs", "labels"):
            if key in fields and not isinstance(fields[key], (str, type(None))):
                fields[key] = json.dumps(fields[key], ensure_ascii=False)
        with self.transaction() as db:
            exists = db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
            if not exists:
                db.execute(
                    "INSERT INTO articles (url, state, discovered_at, changed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (url, fields.get("state", "discovered"), stamp, stamp),
                )
            if fields:
                columns = ", ".join(f"{name} = ?" for name in fields)
                db.execute(
                    f"UPDATE articles SET {columns}, changed_at = ? WHERE url = ?",
                    (*fields.values(), stamp, url),
                )

    def articles_in_state(self, state: str) -> list[dict]:
        """Every article in `state` (e.g. "held"), most recently changed first."""
        return self.query(
            "SELECT * FROM articles WHERE state = ? ORDER BY changed_at DESC", [state]
        )

    # sources -------------------------------------------------------------------------------

    def get_source(self, name: str) -> dict | None:
        rows = self.query("SELECT * FROM sources WHERE name = ?", [name])
        return rows[0] if rows else None

    def set_source(self, name: str, url: str, **fields: object) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sources (name, url) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET url = excluded.url",
                (name, url),
            )
            if fields:
                columns = ", ".join(f"{name} = ?" for name in fields)
                db.execute(f"UPDATE sources SET {columns} WHERE name = ?", (*fields.values(), name))
