"""The store: every SQL statement the tool runs, behind `Cache`'s named methods (cache.py), the
schema as numbered migrations (migrations.py) and the checks rows pass when read (rows.py)."""

from translator.store.cache import DB_NAME, Cache, CachedPage, MemoryEntry, now_iso

__all__ = ["DB_NAME", "Cache", "CachedPage", "MemoryEntry", "now_iso"]
