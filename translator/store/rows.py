"""What a cache row may hold, checked as it is read: a value written by hand, by a bug or by a
disk that lost a page must not reach the code as if it were one the store wrote.

`check_article` raises CorruptRow naming the row and the column; the store then repairs the
row (see `Cache._repair`). Pages, sources and memory entries are only caches of what the
network or an engine said, so a bad one reads as absent and is fetched or translated again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from translator.errors import CorruptRow

STATES = (
    "discovered",
    "fetched",
    "translated",
    "published",
    "held",  # waiting in out/review/ for `translator approve` or `reject`
    "rejected",  # an editor dropped the held copy
    "skipped",  # not in [translate] source_lang
    "duplicate",
    "failed",
)
ARTICLE_TEXT = (
    "canonical_url",
    "source",
    "title",
    "title_en",
    "outlet",
    "published",
    "last_error",
    "content_hash",
    "summary_en",
)
ARTICLE_STAMPS = ("next_attempt_at", "published_at", "discovered_at", "changed_at")
ARTICLE_COUNTS = ("attempts", "updated_count")
ARTICLE_LISTS = ("outputs", "labels")


def _is_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_stamp(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_count(value: object) -> bool:
    return isinstance(value, int) and value >= 0


def _is_list_of_text(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        items = json.loads(value)
    except (ValueError, RecursionError):  # nested past Python's recursion limit
        return False
    return isinstance(items, list) and all(isinstance(item, str) for item in items)


CHECKS: list[tuple[tuple[str, ...], Callable[[object], bool], str]] = [
    (ARTICLE_TEXT, _is_text, "not text"),
    (ARTICLE_STAMPS, _is_stamp, "not an ISO 8601 date"),
    (ARTICLE_COUNTS, _is_count, "not a count"),
    (ARTICLE_LISTS, _is_list_of_text, "not a JSON list of text"),
]


def check_article(row: dict[str, Any]) -> None:
    """Raise CorruptRow for the first column of an `articles` row that holds what it cannot."""
    if row.get("state") not in STATES:
        raise CorruptRow(_message(row, "state", "not a known state"))
    for columns, valid, what in CHECKS:
        for column in columns:
            if column in row and not valid(row[column]):
                raise CorruptRow(_message(row, column, what))


def corrupt_columns(row: dict[str, Any]) -> list[str]:
    """Every column of an `articles` row that fails its check (state excepted)."""
    return [
        column
        for columns, valid, _ in CHECKS
        for column in columns
        if column in row and not valid(row[column])
    ]


def _message(row: dict[str, Any], column: str, what: str) -> str:
    value = repr(row.get(column))
    if len(value) > 40:
        value = value[:37] + "..."
    return f"cache row for {row.get('url')}: {column} is {what} ({value})"


def page_is_sound(row: dict[str, Any]) -> bool:
    """A `pages` row the fetcher may revalidate against."""
    texts = ("final_url", "etag", "last_modified", "content_type", "fetched_at")
    body = row.get("body")
    return all(_is_text(row.get(name)) for name in texts) and (
        body is None or isinstance(body, bytes)
    )


# The `sources` columns that hold a count, not text.
SOURCE_COUNTS = frozenset({"last_items"})


def source_row(row: dict[str, Any]) -> dict[str, Any]:
    """A `sources` row with anything that is not text (or, for a count, a count) read as
    absent."""
    return {
        key: value if (_is_count(value) if key in SOURCE_COUNTS else _is_text(value)) else None
        for key, value in row.items()
    }
