"""Calling an engine politely and stubbornly: rate limit, bounded concurrency, retries, budget.

Retries go through the one policy of translator/retry.py (tenacity), as fetches do. `Controls` belong to one engine for one run
(get_engine attaches them), so every article of a run shares the same rate limit,
concurrency slots and error budget. The budget's unit is one failed engine request (a retry
that fails counts again); past it the engine is not asked again this run, and `run` leaves
the articles not yet started for the next one.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from translator import retry
from translator.config import TranslateConfig
from translator.errors import BadTranslation, EngineError, EngineUnavailable
from translator.retry import RetryPolicy, is_retryable


class RateLimiter:
    """At most `per_second` request starts per second (0 or less: no limit)."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class MinuteLimiter:
    """At most `requests` request starts and `tokens` tokens in any 60 seconds (0: no limit
    on that count); `wait(tokens)` sleeps until one more request of that size fits."""

    window = 60.0

    def __init__(
        self,
        requests: float = 0,
        tokens: float = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.requests = requests
        self.tokens = tokens
        self._sent: deque[tuple[float, int]] = deque()
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def _delay(self, now: float, tokens: int) -> float:
        while self._sent and self._sent[0][0] <= now - self.window:
            self._sent.popleft()
        used = sum(t for _, t in self._sent)
        over_requests = self.requests > 0 and len(self._sent) + 1 > self.requests
        # A request larger than the whole allowance goes once the window is empty.
        over_tokens = self.tokens > 0 and self._sent and used + tokens > self.tokens
        if not (over_requests or over_tokens):
            return 0.0
        return self._sent[0][0] + self.window - now

    def wait(self, tokens: int) -> None:
        if self.requests <= 0 and self.tokens <= 0:
            return
        while True:
            with self._lock:
                now = self._clock()
                delay = self._delay(now, tokens)
                if delay <= 0:
                    self._sent.append((now, tokens))
                    return
            self._sleep(delay)


# Engines: four retries, waits from 0.5 s doubling up to 30 s with full jitter, and a
# Retry-After of up to two minutes waited for within the article (longer: the run's schedule).
ENGINE_RETRIES = 4
ENGINE_BACKOFF_CAP = 30.0
ENGINE_MAX_RETRY_AFTER = 120.0


def engine_policy(retries: int = ENGINE_RETRIES) -> RetryPolicy:
    """The shared retry policy (translator/retry.py) as engines use it."""
    return RetryPolicy(
        retries=retries,
        base=0.5,
        cap=ENGINE_BACKOFF_CAP,
        max_retry_after=ENGINE_MAX_RETRY_AFTER,
        jitter=True,
    )


@dataclass
class Controls:
    """Per-engine, per-run limits: rate, concurrency, retries and the error budget (in failed
    requests); `sleep` is how retries wait."""

    policy: RetryPolicy = field(default_factory=engine_policy)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(0))
    concurrency: int = 4
    error_budget: int = 20
    errors: int = 0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(max(1, self.concurrency))
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: TranslateConfig) -> Controls:
        return cls(
            policy=engine_policy(config.retries),
            limiter=RateLimiter(config.requests_per_second),
            concurrency=config.concurrency,
            error_budget=config.error_budget,
        )

    @property
    def exhausted(self) -> bool:
        """Whether this run's error budget (in failed requests) is used up."""
        with self._lock:
            return self.errors > self.error_budget

    def spend(self, name: str, exc: EngineError) -> None:
        """Count one failed attempt; past the budget the run stops asking this engine."""
        with self._lock:
            self.errors += 1
            over = self.errors > self.error_budget
        if over:
            raise EngineUnavailable(
                f"{name}: error budget of {self.error_budget} failed requests used up "
                f"(last: {exc})",
                retry_after=getattr(exc, "retry_after", None),
            ) from exc


class _BudgetUsedUp(EngineUnavailable):
    """The error budget ran out on this failure: not worth another attempt."""


def call(
    send: Callable[[list[str]], list[str]],
    items: list[str],
    name: str,
    controls: Controls,
    on_attempt: Callable[[list[str]], None],
) -> list[str]:
    """One logical request, retried under the shared policy (translator/retry.py); each
    attempt waits for the rate limit and a concurrency slot, and `on_attempt` sees every
    request actually sent. Each failed attempt is spent from the error budget.

    A misaligned answer from a multi-item request is not retried here (nor counted against
    the error budget): the caller falls back to smaller requests, which a retry of the same
    request would not fix.
    """

    def attempt() -> list[str]:
        controls.limiter.wait()
        with controls.slots:
            on_attempt(items)
            try:
                return send(items)
            except EngineError as exc:
                if not is_retryable(exc) or (isinstance(exc, BadTranslation) and len(items) > 1):
                    raise
                try:
                    controls.spend(name, exc)
                except EngineUnavailable as over:
                    raise _BudgetUsedUp(str(over), retry_after=over.retry_after) from exc
                raise

    def worth_another(exc: BaseException) -> bool:
        if isinstance(exc, _BudgetUsedUp):
            return False
        return is_retryable(exc) and not (isinstance(exc, BadTranslation) and len(items) > 1)

    return retry.call(attempt, controls.policy, sleep=controls.sleep, retryable=worth_another)
