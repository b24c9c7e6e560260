"""The embedded state: one SQLite database in the cache folder, created on first use.

Tables (see migrations.py, each index beside the methods it serves): `pages` (fetched bodies
with their HTTP validators), `memory_pairs` and `memory_segments` (the translation memory),
`articles` (each article's status) with `article_states` (their counts), `sources` (each
source's last poll). Every SQL statement the tool runs is a method here. Every write is its
own short transaction, so a process killed at any point leaves the database consistent; WAL
mode lets overlapping readers and one writer share it. SQLite's errors come out as StoreError
(one table, `_ERRORS`); a full disk as CacheFull, after the write was rolled back whole.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from translator.errors import CacheFull, CorruptRow, StoreError
from translator.store import migrations, rows
from translator.store.migrations import memory_key

T = TypeVar("T")
DB_NAME = "translator.sqlite3"
LOOKUP_CHUNK = 500  # keys per memory lookup; SQLite's variable limit is far above
EXPORT_PAGE = 1000  # memory entries read per query while streaming
PENDING_STATES = ("discovered", "fetched", "translated")
_SURROGATE = re.compile("[\ud800-\udfff]")

# SQLite's primary result codes -> what the user is told went wrong with the cache
_ERRORS: dict[str, tuple[type[StoreError], str]] = {
    "SQLITE_FULL": (CacheFull, "the cache is full (database or disk is full)"),
    "SQLITE_CORRUPT": (StoreError, "the cache database is damaged"),
    "SQLITE_NOTADB": (StoreError, "the cache file is not an SQLite database"),
    "SQLITE_BUSY": (StoreError, "the cache is locked by another process"),
    "SQLITE_READONLY": (StoreError, "the cache is read-only"),
    "SQLITE_CANTOPEN": (StoreError, "the cache database cannot be opened"),
    "SQLITE_IOERR": (StoreError, "the cache could not be read or written (I/O error)"),
    "SQLITE_PERM": (StoreError, "the cache may not be written"),
}


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


@dataclass(frozen=True)
class MemoryEntry:
    """One translation-memory entry, as `memory export` writes it."""

    engine: str
    source_lang: str
    target_lang: str
    source_text: str
    target_text: str
    created_at: str  # ISO 8601, UTC


def storable(value: object) -> object:
    """`value` as SQLite can hold it: text with lone surrogates (from a page's JSON escapes, say),
    which UTF-8 cannot encode, gets U+FFFD in their place."""
    if isinstance(value, str) and not _encodes(value):
        return _SURROGATE.sub("\ufffd", value)
    return value


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def store_error(exc: sqlite3.Error, where: Path | str) -> StoreError:
    """The one-line StoreError for an error SQLite raised on the cache at `where`."""
    code = (getattr(exc, "sqlite_errorname", "") or "").split("_", 2)
    known = _ERRORS.get("_".join(code[:2]))
    if known is None:
        return StoreError(f"the cache failed: {where}: {exc}")
    kind, text = known
    return kind(f"{text}: {where}")


class Cache:
    """A handle on the cache database; safe to share between threads of one process.

    Opening upgrades an older cache through `migrations.MIGRATIONS` and refuses (CacheTooNew)
    one written by a newer translator. With `discard_writes` (`run --dry-run`) nothing this
    handle writes is kept, the upgrade included: everything goes into one open transaction,
    rolled back at `close()`, so reads see the writes exactly as a real run would while the
    file is left as it was and no copy of it is made.
    """

    def __init__(self, folder: str | Path, *, discard_writes: bool = False):
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self._lock = threading.RLock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
        except OSError as exc:
            raise StoreError(
                f"cannot open the cache in {self.folder}: {exc.strerror or exc}"
            ) from None
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if discard_writes:
                self._db.execute("BEGIN IMMEDIATE")
            migrations.upgrade(self._db, str(self.path))
        except sqlite3.Error as exc:
            self._db.close()
            raise store_error(exc, self.path) from None
        except BaseException:
            self._db.close()
            raise
        self._pair_ids: dict[tuple[str, str, str], int] = {}

    def close(self) -> None:
        """Close the database; with `discard_writes`, everything written is dropped here."""
        with self._lock:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._db.close()

    # the two doors every statement goes through -------------------------------------------

    def _call(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(db)` under the lock, SQLite's errors mapped to StoreError."""
        with self._lock:
            try:
                return work(self._db)
            except sqlite3.Error as exc:
                raise store_error(exc, self.path) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: committed on success, rolled back whole on any exception (inside
        `discard_writes`, a savepoint of the transaction that is never committed)."""
        with self._lock:
            nested = self._db.in_transaction
            begin, commit = (
                ("SAVEPOINT w", "RELEASE w") if nested else ("BEGIN IMMEDIATE", "COMMIT")
            )
            try:
                self._db.execute(begin)
                try:
                    yield self._db
                    self._db.execute(commit)
                except BaseException:
                    self._rollback(nested)
                    raise
            except sqlite3.Error as exc:
                raise store_error(exc, self.path) from None

    def _rollback(self, nested: bool) -> None:
        if not self._db.in_transaction:  # SQLite may have rolled back already (a full disk)
            return
        if nested:
            self._db.execute("ROLLBACK TO w")
            self._db.execute("RELEASE w")
        else:
            self._db.execute("ROLLBACK")

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        def run(db: sqlite3.Connection) -> list[dict[str, Any]]:
            cursor = db.execute(sql, tuple(params))
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

        return self._call(run)

    # pages ---------------------------------------------------------------------------------

    def get_page(self, url: str) -> CachedPage | None:
        """The stored copy of `url`; None if there is none or the row is unsound."""
        found = self._rows("SELECT * FROM pages WHERE url = ?", [url])
        if not found or not rows.page_is_sound(found[0]):
            return None
        return CachedPage(**found[0])

    def put_page(self, page: CachedPage) -> None:
        with self._transaction() as db:
            values = (
                page.url,
                page.final_url,
                page.etag,
                page.last_modified,
                page.content_type,
                page.body,
                page.fetched_at,
            )
            db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                tuple(map(storable, values)),
            )

    def prune_page(self, url: str) -> None:
        """Drop the stored body of an article's page once it is published; its validators
        stay, and the article's content hash tells an edit from the same text later."""
        with self._transaction() as db:
            db.execute("UPDATE pages SET body = NULL WHERE url = ? AND body IS NOT NULL", (url,))

    # translation memory --------------------------------------------------------------------

    def _pair(self, engine: str, source_lang: str, target_lang: str, *, create: bool) -> int | None:
        key = (engine, source_lang, target_lang)
        if key not in self._pair_ids:
            sql = "SELECT id FROM memory_pairs WHERE engine = ? AND source_lang = ? AND target_lang = ?"
            found = self._rows(sql, key)
            if not found and not create:
                return None
            if not found:
                with self._transaction() as db:
                    db.execute(
                        "INSERT OR IGNORE INTO memory_pairs (engine, source_lang, target_lang) "
                        "VALUES (?, ?, ?)",
                        key,
                    )
                found = self._rows(sql, key)
            self._pair_ids[key] = int(found[0]["id"])
        return self._pair_ids[key]

    def memory_get(
        self, engine: str, source_lang: str, target_lang: str, keys: Iterable[str]
    ) -> dict[str, str]:
        """The stored translations of those segment keys that are in memory."""
        pair = self._pair(engine, source_lang, target_lang, create=False)
        if pair is None:
            return {}
        wanted = {memory_key(engine, source_lang, target_lang, k): k for k in dict.fromkeys(keys)}
        hashes = list(wanted)
        found: dict[str, str] = {}
        for i in range(0, len(hashes), LOOKUP_CHUNK):
            chunk = hashes[i : i + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT key_hash, pair, segment_key, source_text, target_text "
                f"FROM memory_segments WHERE key_hash IN ({marks})",
                chunk,
            ):
                key = wanted[row["key_hash"]]
                stored = (
                    row["segment_key"] if row["segment_key"] is not None else row["source_text"]
                )
                if row["pair"] == pair and stored == key and isinstance(row["target_text"], str):
                    found[key] = row["target_text"]
        return found

    def memory_put(
        self,
        engine: str,
        source_lang: str,
        target_lang: str,
        entries: Iterable[tuple[str, str, str]],
    ) -> None:
        """Store (segment_key, source_text, target_text) triples in one transaction."""
        pair = self._pair(engine, source_lang, target_lang, create=True)
        stamp = int(datetime.now(UTC).timestamp())
        values = [
            (
                memory_key(engine, source_lang, target_lang, key),
                pair,
                None if key == src else key,
                src,
                tgt,
                stamp,
            )
            for key, src, tgt in entries
            if _encodes(key + src + tgt)  # a translation that cannot be stored is not remembered
        ]
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO memory_segments "
                "(key_hash, pair, segment_key, source_text, target_text, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def memory_entries(self) -> Iterator[MemoryEntry]:
        """Every memory entry, oldest first, read a page at a time: memory stays flat however
        many there are (`memory export`)."""
        pairs = {
            row["id"]: (row["engine"], row["source_lang"], row["target_lang"])
            for row in self._rows("SELECT * FROM memory_pairs")
        }
        after = 0
        while True:
            page = self._rows(
                "SELECT id, pair, source_text, target_text, created_at FROM memory_segments "
                "WHERE id > ? ORDER BY id LIMIT ?",
                [after, EXPORT_PAGE],
            )
            for row in page:
                names = pairs.get(row["pair"])
                texts = (row["source_text"], row["target_text"])
                if names is None or not all(isinstance(t, str) for t in (*names, *texts)):
                    continue  # an unsound row is not exported, as it is never served
                stamp = row["created_at"] if isinstance(row["created_at"], int) else 0
                yield MemoryEntry(*names, *texts, datetime.fromtimestamp(stamp, UTC).isoformat())
            if len(page) < EXPORT_PAGE:
                return
            after = page[-1]["id"]

    def memory_purge(self, engine: str, since: str | None = None) -> int:
        """Remove what `engine` stored (since the ISO date `since`, if given); return how many."""
        start = migrations.unix_seconds(since) if since else 0
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM memory_segments WHERE created_at >= ? AND pair IN "
                "(SELECT id FROM memory_pairs WHERE engine = ?)",
                (start, engine),
            )
            return cursor.rowcount

    # articles ------------------------------------------------------------------------------

    def get_article(self, url: str) -> dict[str, Any] | None:
        """One article's row (outputs and labels as their JSON text); None if there is none.

        A row holding what its columns cannot hold comes back repaired: failed, with the
        reason, to be done again by the next run (see `_repair`)."""
        found = self._rows("SELECT * FROM articles WHERE url = ?", [url])
        return self._checked(found[0]) if found else None

    def _checked(self, row: dict[str, Any]) -> dict[str, Any]:
        try:
            rows.check_article(row)
        except CorruptRow as exc:
            return self._repair(row, str(exc))
        return row

    def _repair(self, row: dict[str, Any], reason: str) -> dict[str, Any]:
        """Mark a corrupt row failed, due now, with the unsound columns emptied; the article is
        then fetched and translated again like any failed one. A failed repair (a full disk) is
        tried again on the next read."""
        fixes: dict[str, Any] = {column: None for column in rows.corrupt_columns(row)}
        for column in rows.ARTICLE_COUNTS:
            if column in fixes:
                fixes[column] = 0
        for column in ("discovered_at", "changed_at"):
            if column in fixes:
                fixes[column] = now_iso()
        fixes |= {"state": "failed", "last_error": reason, "next_attempt_at": None}
        try:
            self.set_article(row["url"], **fixes)
        except StoreError:
            pass
        return row | fixes

    def set_article(self, url: str, **fields: object) -> None:
        """Create or update one article's row with the given columns."""
        stamp = now_iso()
        for key in rows.ARTICLE_LISTS:
            if key in fields and not isinstance(fields[key], (str, type(None))):
                fields[key] = json.dumps(fields[key], ensure_ascii=False)
        with self._transaction() as db:
            db.execute(
                "INSERT INTO articles (url, state, discovered_at, changed_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO NOTHING",
                (url, fields.get("state", "discovered"), stamp, stamp),
            )
            if fields:
                columns = ", ".join(f"{name} = ?" for name in fields)
                db.execute(
                    f"UPDATE articles SET {columns}, changed_at = ? WHERE url = ?",
                    (*map(storable, fields.values()), stamp, url),
                )

    def count_update(self, url: str) -> None:
        """One more revision of a published article (its copy says "Updated")."""
        with self._transaction() as db:
            db.execute(
                "UPDATE articles SET updated_count = updated_count + 1 WHERE url = ?", (url,)
            )

    def published_twin(self, canonical_url: str, url: str) -> str | None:
        """Another article than `url` already published under `canonical_url`, if any."""
        found = self._rows(
            "SELECT url FROM articles WHERE canonical_url = ? AND state = 'published' "
            "AND url != ? LIMIT 1",
            [canonical_url, url],
        )
        return found[0]["url"] if found else None

    def pending_articles(
        self, sources: Sequence[str], max_attempts: int, now: str
    ) -> list[dict[str, Any]]:
        """url, state, source of the articles of `sources` a killed run left half-done, and of
        the failed ones with attempts left whose retry is due at `now`; oldest found first."""
        names = list(sources)
        marks = ",".join("?" * len(names))
        states = ",".join("?" * len(PENDING_STATES))
        found = self._rows(
            f"SELECT url, state, source, discovered_at FROM articles "
            f"WHERE state IN ({states}) AND source IN ({marks}) "
            "UNION ALL "
            "SELECT url, state, source, discovered_at FROM articles "
            f"WHERE state = 'failed' AND attempts < ? AND source IN ({marks}) "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
            "ORDER BY discovered_at",
            [*PENDING_STATES, *names, max_attempts, *names, now],
        )
        return [{k: row[k] for k in ("url", "state", "source")} for row in found]

    def published_articles(self, limit: int) -> list[dict[str, Any]]:
        """The `limit` most recently published articles with copies, newest first (feeds and
        index.html); a corrupt row is repaired (see `get_article`) and left out."""
        found = self._rows(
            "SELECT * FROM articles WHERE state = 'published' AND outputs IS NOT NULL "
            "ORDER BY published_at DESC LIMIT ?",
            [limit],
        )
        return [row for row in found if self._checked(row)["state"] == "published"]

    def held_articles(self) -> list[dict[str, Any]]:
        """Every article held for review, most recently changed first (`approve`, `reject`)."""
        found = self._rows(
            "SELECT * FROM articles WHERE state = 'held' ORDER BY changed_at DESC", []
        )
        return [row for row in map(self._checked, found) if row["state"] == "held"]

    def recent_articles(self, limit: int) -> list[dict[str, Any]]:
        """url, source, state, attempts, last_error, next_attempt_at, changed_at, title_en,
        title of the `limit` articles changed last (`status`)."""
        found = self._rows(
            "SELECT * FROM articles ORDER BY changed_at DESC LIMIT ?",
            [limit],
        )
        keep = (
            "url",
            "source",
            "state",
            "attempts",
            "last_error",
            "next_attempt_at",
            "changed_at",
            "title_en",
            "title",
        )
        return [{k: row[k] for k in keep} for row in map(self._checked, found)]

    def waiting_articles(self, sources: Sequence[str], max_attempts: int, now: str) -> int:
        """How many failed articles of `sources` wait for a retry that is not due at `now`."""
        names = list(sources)
        marks = ",".join("?" * len(names))
        found = self._rows(
            f"SELECT COUNT(*) AS n FROM articles WHERE source IN ({marks}) AND state = 'failed'"
            " AND attempts < ? AND next_attempt_at > ?",
            [*names, max_attempts, now],
        )
        return int(found[0]["n"])

    def make_due(self, *, url: str | None = None, source: str | None = None) -> int:
        """Failed articles (one URL, one source's, or all) due at the next run, their attempts
        given back; returns how many (`translator retry`)."""
        where, params = "state = 'failed'", []
        if url is not None:
            where, params = where + " AND url = ?", [url]
        elif source is not None:
            where, params = where + " AND source = ?", [source]
        with self._transaction() as db:
            cursor = db.execute(
                f"UPDATE articles SET next_attempt_at = NULL, attempts = 0 WHERE {where}", params
            )
            return int(cursor.rowcount)

    def state_counts(self) -> dict[str, int]:
        """How many articles are in each state, states with none left out."""
        found = self._rows("SELECT state, n FROM article_states WHERE n > 0 ORDER BY state")
        return {row["state"]: row["n"] for row in found}

    # sources -------------------------------------------------------------------------------

    def get_source(self, name: str) -> dict[str, Any] | None:
        found = self._rows("SELECT * FROM sources WHERE name = ?", [name])
        return rows.source_row(found[0]) if found else None

    def sources(self) -> list[dict[str, Any]]:
        """Every source's row, by name (`status`)."""
        return [rows.source_row(row) for row in self._rows("SELECT * FROM sources ORDER BY name")]

    def set_source(self, name: str, url: str, **fields: object) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sources (name, url) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET url = excluded.url",
                (name, url),
            )
            if fields:
                columns = ", ".join(f"{name} = ?" for name in fields)
                values = map(storable, fields.values())
                db.execute(f"UPDATE sources SET {columns} WHERE name = ?", (*values, name))

    # ---- site templates (translator/extract/templates.py) ---------------------------------
    # Everything below, and TEMPLATE_SCHEMA, belongs to the learned site templates: per host,
    # how many different pages showed each block fingerprint, bounded and expiring.

    def template_pages(self, host: str, url: str | None = None) -> TemplatePages:
        """How many pages of `host` are learned (not yet expired), and whether `url` is one."""
        cutoff = _epoch() - TEMPLATE_TTL_DAYS * 86400

        def read(db: sqlite3.Connection) -> TemplatePages:
            pages, mine = db.execute(
                "SELECT COUNT(*), SUM(url = ?) FROM site_pages WHERE host = ? AND learned_at >= ?",
                (url or "", host, cutoff),
            ).fetchone()
            return TemplatePages(pages=pages or 0, includes_page=bool(mine))

        return self._call(read)

    def template_counts(self, host: str, keys: Iterable[int]) -> dict[int, int]:
        """Pages seen per key, for those of `keys` that `host` learned (not yet expired).

        Only the keys one page has are read: a host holds up to TEMPLATE_MAX_KEYS of them, and
        reading them all for every page extracted cost more than the extraction.
        """
        cutoff = _epoch() - TEMPLATE_TTL_DAYS * 86400
        wanted = list(dict.fromkeys(keys))

        def read(db: sqlite3.Connection) -> dict[int, int]:
            counts: dict[int, int] = {}
            for start in range(0, len(wanted), _KEYS_PER_QUERY):
                chunk = wanted[start : start + _KEYS_PER_QUERY]
                marks = ", ".join("?" * len(chunk))
                counts.update(
                    db.execute(
                        "SELECT key, pages FROM site_blocks "
                        f"WHERE host = ? AND last_seen >= ? AND key IN ({marks})",
                        (host, cutoff, *chunk),
                    ).fetchall()
                )
            return counts

        return self._call(read) if wanted else {}

    def template_learn(self, host: str, url: str, keys: Iterable[int]) -> bool:
        """Count one page's fingerprints for `host`; False (nothing counted) if it was counted.

        A redesign is relearned: keys and pages unseen for TEMPLATE_TTL_DAYS go, and a host keeps
        at most TEMPLATE_MAX_KEYS keys (the fewest-pages, least recently seen go first) and
        TEMPLATE_MAX_PAGES pages.
        """
        stamp = _epoch()
        with self._transaction() as db:
            if db.execute(
                "SELECT 1 FROM site_pages WHERE host = ? AND url = ?", (host, url)
            ).fetchone():
                return False
            self._template_expire(db, host, stamp)
            db.execute("INSERT INTO site_pages VALUES (?, ?, ?)", (host, url, stamp))
            db.executemany(
                "INSERT INTO site_blocks VALUES (?, ?, 1, ?) ON CONFLICT(host, key) "
                "DO UPDATE SET pages = pages + 1, last_seen = excluded.last_seen",
                [(host, key, stamp) for key in set(keys)],
            )
            self._template_prune(db, host)
        return True

    @staticmethod
    def _template_expire(db: sqlite3.Connection, host: str, stamp: int) -> None:
        cutoff = stamp - TEMPLATE_TTL_DAYS * 86400
        db.execute("DELETE FROM site_blocks WHERE host = ? AND last_seen < ?", (host, cutoff))
        db.execute("DELETE FROM site_pages WHERE host = ? AND learned_at < ?", (host, cutoff))

    @staticmethod
    def _template_prune(db: sqlite3.Connection, host: str) -> None:
        db.execute(
            "DELETE FROM site_blocks WHERE host = ? AND key IN (SELECT key FROM site_blocks "
            "WHERE host = ? ORDER BY pages DESC, last_seen DESC LIMIT -1 OFFSET ?)",
            (host, host, TEMPLATE_MAX_KEYS),
        )
        db.execute(
            "DELETE FROM site_pages WHERE host = ? AND url IN (SELECT url FROM site_pages "
            "WHERE host = ? ORDER BY learned_at DESC LIMIT -1 OFFSET ?)",
            (host, host, TEMPLATE_MAX_PAGES),
        )

    def template_forget(self, host: str | None = None) -> None:
        """Drop what was learned for `host` (every host when None)."""
        with self._transaction() as db:
            for table in ("site_blocks", "site_pages"):
                if host is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE host = ?", (host,))

    # ---- end of site templates -------------------------------------------------------------


# ---- site templates: bounds (schema: migrations.SITE_TEMPLATES) ----------------------------
TEMPLATE_TTL_DAYS = 45
TEMPLATE_MAX_KEYS = 3000
TEMPLATE_MAX_PAGES = 200


# Keys bound in one query: under SQLite's oldest limit of 999 variables, with room for the rest.
_KEYS_PER_QUERY = 900


@dataclass
class TemplatePages:
    """How much of a host is learned: its pages, and whether the page asked about is one."""

    pages: int
    includes_page: bool


def _epoch() -> int:
    return int(datetime.now(UTC).timestamp())


# ---- end of site templates: schema ---------------------------------------------------------
