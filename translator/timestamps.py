"""Reading the times that come from outside: ISO 8601 from pages and feeds, Retry-After."""

from __future__ import annotations

import email.utils
from datetime import UTC, date, datetime


def parse_iso(text: str | None) -> datetime | None:
    """An ISO date or date-time as an aware datetime (naive ones taken as UTC); None if unreadable."""
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
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header as seconds to wait: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:  # RFC 9110 says whole seconds; some servers send fractions, which we take too
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
