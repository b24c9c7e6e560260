"""One retry policy for every request we make (pages, feeds, robots.txt, engines), on tenacity.

    call(lambda: fetch_once(url), RetryPolicy(retries=2))

retries an error whose `retryable` is true (our errors say so themselves: 429, 5xx, resets,
timeouts) up to `retries` more times. The wait is what the server asked in Retry-After when it
sent one (the error's `retry_after`, already clamped by translator.timestamps), else
exponential backoff from `base` doubling up to `cap` seconds, with full jitter when `jitter`.
A server asking for longer than `max_retry_after` is not waited for here: the error is raised
at once and the article's own schedule in `translator run` (run/runner.py) takes it from there.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import tenacity

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; see the module docstring."""

    retries: int = 2
    base: float = 0.5
    cap: float = 10.0
    max_retry_after: float = 30.0
    jitter: bool = False


def retry_after(exc: BaseException | None) -> float | None:
    """The wait a failed request's server asked for, if any (seconds, finite, not negative)."""
    asked = getattr(exc, "retry_after", None)
    if not isinstance(asked, int | float) or math.isnan(asked):
        return None
    return max(0.0, float(asked))


def is_retryable(exc: BaseException) -> bool:
    """Whether `exc` says a later attempt may succeed."""
    return bool(getattr(exc, "retryable", False))


def call(
    attempt: Callable[[], T],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    retryable: Callable[[BaseException], bool] = is_retryable,
) -> T:
    """`attempt()`, retried under `policy`; the last error is raised as it was."""

    def worth_it(exc: BaseException) -> bool:
        asked = retry_after(exc)
        return retryable(exc) and (asked is None or asked <= policy.max_retry_after)

    if policy.jitter:
        backoff: tenacity.wait.wait_base = tenacity.wait_random_exponential(
            multiplier=policy.base, max=policy.cap
        )
    else:
        backoff = tenacity.wait_exponential(multiplier=policy.base, max=policy.cap)

    def wait(state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after(failure)
        return asked if asked is not None else backoff(state)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(0, policy.retries) + 1),
        retry=tenacity.retry_if_exception(worth_it),
        wait=wait,
        sleep=sleep,
        reraise=True,
    )
    return retrying(attempt)
