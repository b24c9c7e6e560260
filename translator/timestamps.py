"""Reading the numbers and times that come from outside, each with a range it is clamped to.

A server or a page can write anything where a number or a date belongs (`Retry-After: inf`,
`1e14`, a 23-digit integer, `nan`, a negative delay, the year 99999). Every such value is read
here and comes out finite and in range, or as None when it is unreadable, so no caller ever
meets an OverflowError or an infinite wait.
"""

from __future__ import annotations

import email.utils
import math
from datetime import UTC, date, datetime

# The longest wait a server's Retry-After can impose on an article (longer asks are cut to it).
MAX_RETRY_AFTER = 7 * 86_400.0
# Dates outside these years are not dates a news page means: they are read as no date at all.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def clamp_seconds(value: float | None, *, upper: float, lower: float = 0.0) -> float | None:
    """`value` cut to [lower, upper]; None for None and nan (inf counts as upper)."""
    if value is None or math.isnan(value):
        return None
    return min(upper, max(lower, value))


def parse_seconds(text: str | None, *, upper: float) -> float | None:
    """A decimal number of seconds (fractions and exponents taken) clamped to [0, upper]."""
    if not text:
        return None
    try:
        value = float(text.strip())
    except (ValueError, OverflowError):
        return None
    return clamp_seconds(value, upper=upper)


def parse_length(text: str | None) -> int | None:
    """A Content-Length: ASCII digits only (no sign, no "²"); absurdly long ones read as 10**30."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    return int(text) if len(text) <= 30 else 10**30


def parse_iso(text: str | None) -> datetime | None:
    """An ISO date or date-time as an aware datetime (naive ones taken as UTC); None if unreadable
    or outside the years EARLIEST_YEAR..LATEST_YEAR."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        value = datetime(day.year, day.month, day.day)
    return in_range(value if value.tzinfo else value.replace(tzinfo=UTC))


def in_range(value: datetime | None) -> datetime | None:
    """`value` when its year is plausible for a news item (and it converts to UTC), else None."""
    if value is None or not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return value


def from_struct(value: object) -> datetime | None:
    """A time.struct_time-like tuple (feedparser's dates) as an aware UTC datetime, if in range."""
    try:
        year, month, day, hour, minute, second = (int(part) for part in value[:6])  # type: ignore[index]
        return in_range(datetime(year, month, day, hour, minute, second, tzinfo=UTC))
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def retry_after_seconds(value: str | None, *, upper: float = MAX_RETRY_AFTER) -> float | None:
    """A Retry-After header as seconds to wait, in [0, upper]: a number or an HTTP date.

    `inf`, `1e14` and 23-digit integers become `upper`; negatives 0; `nan` and garbage None.
    """
    if not value:
        return None
    value = value.strip()
    seconds = parse_seconds(value, upper=upper)
    if seconds is not None or _looks_numeric(value):
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        wait = (when - datetime.now(UTC)).total_seconds()
    except OverflowError:
        return upper
    return clamp_seconds(wait, upper=upper)


def _looks_numeric(value: str) -> bool:
    return value.lower().lstrip("+-") in ("nan", "inf", "infinity")
