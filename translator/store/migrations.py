"""The cache's schema as numbered steps; `PRAGMA user_version` says how many have run.

A cache made before versions existed (user_version 0, any of the layouts the tool ever wrote)
runs them all; a cache written by a newer translator (a version past the last step) is refused.
To change the schema, append a `Migration` with the next number: never edit a step that has
shipped, since caches out there already ran it. Each step runs in its own transaction together
with the version bump, so a process killed mid-upgrade leaves the cache at the step before.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from translator.errors import CacheTooNew

Step = Callable[[sqlite3.Connection], None]


def script(sql: str) -> Step:
    """A step that is plain SQL, statements separated by semicolons (run one by one, since
    `executescript` would commit the step's transaction first)."""

    def run(db: sqlite3.Connection) -> None:
        statement = ""
        for part in sql.split(";"):
            statement += part + ";"
            if sqlite3.complete_statement(statement):
                if statement.strip(" \n;"):
                    db.execute(statement)
                statement = ""

    return run


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    step: Step


BASELINE = """
CREATE TABLE IF NOT EXISTS pages (
    url            TEXT PRIMARY KEY,   -- the URL as requested; get_page, put_page, prune_page
    final_url      TEXT,               -- after redirects
    etag           TEXT,
    last_modified  TEXT,
    content_type   TEXT,
    body           BLOB,               -- raw bytes, for 304 Not Modified; NULL once published
    fetched_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memory (
    engine         TEXT NOT NULL,
    source_lang    TEXT NOT NULL,
    target_lang    TEXT NOT NULL,
    segment_key    TEXT NOT NULL,
    source_text    TEXT NOT NULL,
    target_text    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (engine, source_lang, target_lang, segment_key)
);
CREATE TABLE IF NOT EXISTS articles (
    url            TEXT PRIMARY KEY,   -- the URL as given or discovered; get/set_article
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
CREATE TABLE IF NOT EXISTS sources (
    name           TEXT PRIMARY KEY,   -- get_source, set_source; sources() in name order
    url            TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    last_polled_at TEXT,
    last_status    TEXT                -- "ok", "not modified" or the error line
)
"""

# Columns that caches written before versions existed may lack (`outlet`, `canonical_url` and
# `summary_en` came after the first release): added empty, as those versions would have left them.
BASELINE_COLUMNS = {
    "pages": ["final_url TEXT", "etag TEXT", "last_modified TEXT", "content_type TEXT"],
    "articles": [
        "canonical_url TEXT",
        "source TEXT",
        "title TEXT",
        "title_en TEXT",
        "outlet TEXT",
        "published TEXT",
        "attempts INTEGER NOT NULL DEFAULT 0",
        "last_error TEXT",
        "next_attempt_at TEXT",
        "content_hash TEXT",
        "outputs TEXT",
        "labels TEXT",
        "summary_en TEXT",
        "updated_count INTEGER NOT NULL DEFAULT 0",
        "published_at TEXT",
    ],
    "sources": ["etag TEXT", "last_modified TEXT", "last_polled_at TEXT", "last_status TEXT"],
}


def baseline(db: sqlite3.Connection) -> None:
    """The layout of the last unversioned release, whatever older layout the cache has."""
    script(BASELINE)(db)
    for table, columns in BASELINE_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


# Every index names the store methods it serves; a query no index serves is bounded by its LIMIT
# or by the size of the work in flight, never by the history.
INDEXES = """
DROP INDEX IF EXISTS articles_state;
-- published_twin: canonical_url = ? AND state = 'published'
CREATE INDEX articles_canonical ON articles(canonical_url, state);
-- pending_articles: state IN ('discovered', 'fetched', 'translated'), and state = 'failed' AND
-- attempts < max_attempts (articles that failed for good fall outside the range)
CREATE INDEX articles_pending ON articles(state, attempts);
-- published_articles (feeds, index.html): state = 'published' ORDER BY published_at DESC LIMIT
CREATE INDEX articles_published ON articles(state, published_at);
-- recent_articles (`status`): ORDER BY changed_at DESC LIMIT
CREATE INDEX articles_changed ON articles(changed_at)
"""

# state_counts (`status`): a count per state kept by triggers, so no query counts the history.
STATE_COUNTS = """
CREATE TABLE article_states (
    state TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
);
INSERT INTO article_states SELECT state, COUNT(*) FROM articles GROUP BY state;
CREATE TRIGGER article_states_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_states VALUES (NEW.state, 1)
        ON CONFLICT(state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER article_states_update AFTER UPDATE OF state ON articles
WHEN OLD.state IS NOT NEW.state BEGIN
    UPDATE article_states SET n = n - 1 WHERE state = OLD.state;
    INSERT INTO article_states VALUES (NEW.state, 1)
        ON CONFLICT(state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER article_states_delete AFTER DELETE ON articles BEGIN
    UPDATE article_states SET n = n - 1 WHERE state = OLD.state;
END
"""

# The memory keeps each text once: the lookup goes through a 64-bit hash of the key (checked
# against the stored key on every hit, so a collision reads as a miss, never as another
# segment's translation), engine and languages are a small integer, the time is Unix seconds.
COMPACT_MEMORY = """
CREATE TABLE memory_pairs (
    id          INTEGER PRIMARY KEY,
    engine      TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    UNIQUE (engine, source_lang, target_lang)  -- memory_get, memory_put: the pair's id
);
CREATE TABLE memory_segments (
    id          INTEGER PRIMARY KEY,  -- insertion order: memory_entries streams oldest first
    key_hash    INTEGER NOT NULL,     -- memory_key(engine, languages, segment key)
    pair        INTEGER NOT NULL REFERENCES memory_pairs(id),
    segment_key TEXT,                 -- NULL when it equals source_text, as it nearly always does
    source_text TEXT NOT NULL,
    target_text TEXT NOT NULL,
    created_at  INTEGER NOT NULL      -- Unix seconds
);
INSERT INTO memory_pairs (engine, source_lang, target_lang)
    SELECT DISTINCT engine, source_lang, target_lang FROM memory;
INSERT INTO memory_segments (key_hash, pair, segment_key, source_text, target_text, created_at)
    SELECT memory_key(m.engine, m.source_lang, m.target_lang, m.segment_key), p.id,
           NULLIF(m.segment_key, m.source_text), m.source_text, m.target_text,
           unix_seconds(m.created_at)
    FROM memory AS m JOIN memory_pairs AS p USING (engine, source_lang, target_lang)
    ORDER BY m.created_at, m.segment_key;
DROP TABLE memory;
-- memory_get, memory_put: one segment by its key
CREATE UNIQUE INDEX memory_segments_key ON memory_segments(key_hash)
"""


# What a run needs to re-check only what changed: the digest of each article's feed item and
# when its page was last fetched; per source, a digest of the items offered (standing in for
# validators a server does not send) and how many links its last good poll offered.
RUN_COLUMNS = """
ALTER TABLE articles ADD COLUMN item_key TEXT;
ALTER TABLE articles ADD COLUMN checked_at TEXT;
ALTER TABLE sources ADD COLUMN body_hash TEXT;
ALTER TABLE sources ADD COLUMN last_items INTEGER;
"""


# Learned site templates (translator/extract/templates.py): per host, how many different pages
# showed each block fingerprint, and which pages were counted; Cache.template_* below.
SITE_TEMPLATES = """
CREATE TABLE site_blocks (
    host       TEXT NOT NULL,      -- lower case, no leading www.
    key        INTEGER NOT NULL,   -- a block's fingerprint (place in the page + masked text)
    pages      INTEGER NOT NULL,   -- how many different pages of the host showed it
    last_seen  INTEGER NOT NULL,   -- Unix time
    PRIMARY KEY (host, key)
) WITHOUT ROWID;
CREATE TABLE site_pages (
    host        TEXT NOT NULL,
    url         TEXT NOT NULL,     -- a page counted once, however often it is fetched
    learned_at  INTEGER NOT NULL,
    PRIMARY KEY (host, url)
) WITHOUT ROWID
"""


def memory_key(engine: str, source_lang: str, target_lang: str, segment_key: str) -> int:
    """The signed 64-bit lookup hash of one memory entry."""
    text = f"{engine}\x1f{source_lang}\x1f{target_lang}\x1f{segment_key}".encode("utf-8", "replace")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


def unix_seconds(iso: object) -> int:
    """An ISO 8601 stamp as Unix seconds; 0 for anything that is not one."""
    try:
        return int(datetime.fromisoformat(str(iso)).timestamp())
    except (ValueError, OverflowError, OSError):
        return 0


def compact_memory(db: sqlite3.Connection) -> None:
    db.create_function("memory_key", 4, memory_key, deterministic=True)
    db.create_function("unix_seconds", 1, unix_seconds, deterministic=True)
    script(COMPACT_MEMORY)(db)


# Bodies are kept only until their article is out (prune_page does it from then on).
PRUNE_PAGES = """
UPDATE pages SET body = NULL WHERE body IS NOT NULL AND url IN
    (SELECT url FROM articles WHERE state IN ('published', 'held'))
"""

MIGRATIONS = [
    Migration(1, "the tables of the last unversioned release, columns it lacks added", baseline),
    Migration(2, "an index for every query a run, status or the feeds make", script(INDEXES)),
    Migration(3, "article counts by state, kept by triggers", script(STATE_COUNTS)),
    Migration(4, "the translation memory without the copies of its keys", compact_memory),
    Migration(
        5,
        "feed item keys and re-check stamps; sources' item digest and link count",
        script(RUN_COLUMNS),
    ),
    Migration(6, "page bodies of published articles dropped", script(PRUNE_PAGES)),
    Migration(
        7,
        "learned site templates: block fingerprints and pages counted per host",
        script(SITE_TEMPLATES),
    ),
]
RECLAIM_SHARE = 0.25  # free pages past this share of the file after an upgrade: VACUUM it

LATEST = MIGRATIONS[-1].version


def upgrade(db: sqlite3.Connection, where: str) -> None:
    """Run the steps this cache has not run yet, each in its own transaction; refuse a cache
    from a newer translator. `where` names the cache in the message. Inside a transaction the
    caller holds (a dry run's, rolled back at the end) the steps are savepoints of it, so the
    upgrade is undone with everything else and an older translator can still read the cache."""
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1)), "steps out of order"
    if _version(db) == LATEST:
        return
    kept = not db.in_transaction
    begin, end = ("BEGIN IMMEDIATE", "COMMIT") if kept else ("SAVEPOINT step", "RELEASE step")
    undo = ["ROLLBACK"] if kept else ["ROLLBACK TO step", "RELEASE step"]
    for migration in MIGRATIONS:
        db.execute(begin)
        try:
            current = _version(db)  # read under the write lock: another process may have run it
            if current > LATEST:
                raise CacheTooNew(
                    f"{where} was written by a newer translator (schema {current}, this one "
                    f"knows up to {LATEST}); upgrade translator or use another --cache"
                )
            if current < migration.version:
                migration.step(db)
                db.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back already (a full disk)
                for statement in undo:
                    db.execute(statement)
            raise
        db.execute(end)
    if kept:
        _reclaim(db)


def _reclaim(db: sqlite3.Connection) -> None:
    """Give the file back the space an upgrade freed (an old memory, pruned bodies); skipped
    while another process has the cache open, since the free pages are reused anyway."""
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    total = int(db.execute("PRAGMA page_count").fetchone()[0])
    if free > total * RECLAIM_SHARE:
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute("VACUUM")


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])
