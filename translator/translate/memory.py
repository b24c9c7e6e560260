"""The translation memory as the stage sees it: per segment, per engine, verified both ways.

Only answers that passed every check are stored (`remember`), and what is read back is
checked again (`recall`), so an entry a bad day left (a service message, an echo) is never
served; `translator memory purge` deletes such entries.
"""

from __future__ import annotations

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
