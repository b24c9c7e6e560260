"""The translation memory as the stage sees it: per segment, per engine, verified both ways.

Only answers that passed every check are stored (`remember`), and what is read back is
checked again (`recall`), so an entry a bad day left (a service message, an echo) is never
served; `translator memory purge` deletes such entries.
"""

from __future__ import annotations

from datetime import UTC, datetime

from translator.errors import ConfigError
from translator.store import Cache
from translator.translate.checks import refusal
from translator.translate.segment import placeholders_kept


def recall(
    cache: Cache, engines: list[str], source: str, target: str, wanted: dict[str, str]
) -> dict[str, str]:
    """key -> stored translation for the keys of `wanted` (key -> text) found under any of
    `engines`, the first engine's entry first; entries that fail the checks are skipped."""
    done: dict[str, str] = {}
    for name in engines:
        missing = [k for k in wanted if k not in done]
        if not missing:
            break
        for key, english in cache.memory_get(name, source, target, missing).items():
            if placeholders_kept(key, english) and refusal(wanted[key], english, target) is None:
                done[key] = english
    return done


def remember(
    cache: Cache, engine: str, source: str, target: str, entries: list[tuple[str, str, str]]
) -> None:
    """Store verified (key, source text, translation) triples under `engine`."""
    if entries:
        cache.memory_put(engine, source, target, entries)


def parse_since(text: str) -> str:
    """`--since` (an ISO 8601 date or time; UTC unless it says) as the store's timestamps
    write it; ConfigError naming the value otherwise."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"--since: not a date or time: {text!r} (use e.g. 2026-03-01)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()
