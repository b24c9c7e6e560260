"""Copies the publish gate held: found by URL or slug, approved into the feeds, or rejected.

A held copy lives in `<out>/review/` (its formats and its review page) with the article's state
"held" and the gate's reasons as its last error. `approve` moves its files up into `<out>/`,
marks it published and rewrites the feeds and index.html there; `reject` deletes its files and
marks it rejected, so no run translates it again until its source changes it.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

from translator.config import Config
from translator.errors import PublishError, UnknownArticle
from translator.output.publish import slug_for
from translator.run.runner import publish_feeds
from translator.store import Cache, now_iso

HELD = "held"
REJECTED = "rejected"


def _outputs(row: dict) -> list[Path]:
    """The held copy's files as its row names them; none where the row is corrupt."""
    try:
        paths = json.loads(row["outputs"] or "[]")
    except (ValueError, RecursionError, TypeError):
        return []
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return []
    return [Path(p) for p in paths]


def _own_files(config: Config, row: dict) -> list[Path]:
    """The held copy's files, each checked to be one the gate wrote: a file of the article's
    own name (`<slug>.…`) directly in this config's `<out>/review/`, reached through no link.
    A cache row is outside input, never trusted to name what approve moves or reject deletes."""
    review = (Path(config.output.dir) / "review").resolve()
    slug = slug_for(row["url"])
    paths = _outputs(row)
    for path in paths:
        if (
            path.is_symlink()
            or path.parent.resolve() != review
            or path.name.split(".", 1)[0] != slug
            or (path.exists() and not path.is_file())
        ):
            raise PublishError(
                f"{row['url']}: its cache row names {str(path)!r}, not a held copy's file in "
                f"{review}; run it again"
            )
    return paths


def _matches(row: dict, wanted: str) -> bool:
    if wanted in (row["url"], row["canonical_url"]):
        return True
    slug = wanted.removesuffix("/").rsplit("/", 1)[-1]
    slug = slug.split(".", 1)[0]  # a file name works too: <slug>.md, <slug>.review.html
    return slug in (slug_for(row["url"]), *(p.name.split(".", 1)[0] for p in _outputs(row)))


def find_held(cache: Cache, wanted: str) -> dict:
    """The held article named by its URL, canonical URL, slug or one of its file names."""
    for row in cache.held_articles():
        if _matches(row, wanted):
            return row
    raise UnknownArticle(
        f"no copy held for review matches {wanted!r} (`translator status` lists them)"
    )


def approve(config: Config, cache: Cache, wanted: str) -> list[Path]:
    """Publish a held copy: move its files into the output folder, rewrite feeds and index.

    Returns the files now published (copies, review page, feeds, index.html)."""
    row = find_held(cache, wanted)
    outputs = _own_files(config, row)
    missing = [p for p in outputs if not p.exists()]
    if not outputs or missing:
        shown = missing[0] if missing else "its files"
        raise PublishError(f"{row['url']}: the held copy is gone ({shown}); run it again")
    out_dir = Path(config.output.dir)
    moved = []
    for path in outputs:
        target = out_dir / path.name
        try:
            os.replace(path, target)
        except OSError as exc:
            raise PublishError(f"{target}: cannot publish ({exc.strerror or exc})") from None
        moved.append(target)
    cache.set_article(
        row["url"],
        state="published",
        outputs=[str(p) for p in moved],
        last_error=None,
        published_at=now_iso(),
    )
    return moved + publish_feeds(config, cache, out_dir)


def reject(config: Config, cache: Cache, wanted: str) -> list[Path]:
    """Drop a held copy: delete its files and mark it rejected. Returns the files deleted."""
    row = find_held(cache, wanted)
    removed = []
    for path in _own_files(config, row):
        with suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    cache.set_article(row["url"], state=REJECTED, outputs=None, last_error="rejected by an editor")
    return removed
