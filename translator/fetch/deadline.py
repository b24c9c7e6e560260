"""One wall-clock deadline per request, enforced by the clock rather than per read.

A read timeout alone cannot stop a server that drips its status line a byte a second or sends
`100 Continue` forever: every read succeeds in time. So the whole request (name resolution,
connect, TLS, 1xx answers, headers, body, decompression) runs inside a `Deadline`, and every
blocking step asks `limit()` how long it may still wait.

    with within(20.0):            # every request made in here must end by then
        client.get(url)            # through a BoundedTransport (translator.fetch.transport)

Deadlines nest (the inner one never extends the outer) and belong to the thread (a contextvar),
so concurrent workers do not share them. Engines reuse this through `bounded_client()` in
translator.fetch.transport, which opens one deadline per request.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# No request waits longer than a day, whatever a caller passes (inf, nan, 1e300).
MAX_DEADLINE = 86_400.0


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock (`at`), or no deadline at all (`at is None`)."""

    at: float | None = None

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None without a deadline."""
        if self.at is None:
            return None
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def sooner(self, seconds: float | None) -> Deadline:
        """This deadline or `seconds` from now, whichever comes first (seconds clamped)."""
        if seconds is None:
            return self
        at = time.monotonic() + clamp_budget(seconds)
        return Deadline(at if self.at is None else min(at, self.at))


NO_DEADLINE = Deadline()
_current: contextvars.ContextVar[Deadline] = contextvars.ContextVar(
    "translator_deadline", default=NO_DEADLINE
)


def clamp_budget(seconds: float) -> float:
    """A time budget made safe: nan, infinities and huge values become MAX_DEADLINE, negatives 0."""
    if not math.isfinite(seconds) or seconds > MAX_DEADLINE:
        return MAX_DEADLINE
    return max(0.0, seconds)


def current() -> Deadline:
    """The deadline that applies to this thread now."""
    return _current.get()


@contextmanager
def entered(deadline: Deadline) -> Iterator[Deadline]:
    """Run the block under `deadline` exactly (used to resume a request's deadline for its body)."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


@contextmanager
def within(seconds: float | None) -> Iterator[Deadline]:
    """Run the block under a deadline `seconds` from now, or the enclosing one if sooner."""
    with entered(current().sooner(seconds)) as deadline:
        yield deadline


def limit(timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout a blocking step may use: `timeout` cut to what the deadline leaves.

    Raises `expired` (e.g. httpcore.ReadTimeout) when nothing is left, so a loop of short reads
    ends at the deadline, not after it.
    """
    left = current().remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise expired("the request's deadline passed")
    return left if timeout is None else min(timeout, left)
