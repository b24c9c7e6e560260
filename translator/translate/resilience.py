"""Calling an engine politely and stubbornly: rate limit, bounded concurrency, retries, budget.

`Controls` belong to one engine for one run (get_engine attaches them), so every article of a
run shares the same rate limit, concurrency slots and error budget.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from translator.config import TranslateConfig
from translator.errors import BadTranslation, EngineError, EngineUnavailable


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter; Retry-After wins when the engine sends one."""

    retries: int = 4
    base: float = 0.5
    cap: float = 30.0
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        ceiling = min(self.cap, self.base * (2**attempt))
        return ceiling / 2 + ceiling / 2 * self.jitter()


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


@dataclass
class Controls:
    """Per-engine, per-run limits: rate, concurrency, retries and the error budget."""

    policy: RetryPolicy = field(default_factory=RetryPolicy)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(0))
    concurrency: int = 4
    error_budget: int = 20
    errors: int = 0

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(max(1, self.concurrency))
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: TranslateConfig) -> Controls:
        return cls(
            policy=RetryPolicy(retries=config.retries),
            limiter=RateLimiter(config.requests_per_second),
            concurrency=config.concurrency,
            error_budget=config.error_budget,
        )

    @property
    def exhausted(self) -> bool:
        """The budget is used up: articles not yet started wait for the next run."""
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


def is_retryable(exc: EngineError) -> bool:
    return bool(getattr(exc, "retryable", False))


def call(
    send: Callable[[list[str]], list[str]],
    items: list[str],
    name: str,
    controls: Controls,
    on_attempt: Callable[[list[str]], None],
) -> list[str]:
    """One logical request with retries; `on_attempt` sees every request actually sent.

    A misaligned answer from a multi-item request is not retried here (nor counted against
    the error budget): the caller falls back to smaller requests, which a retry of the same
    request would not fix.
    """
    policy = controls.policy
    attempt = 0
    while True:
        controls.limiter.wait()
        with controls.slots:
            on_attempt(items)
            try:
                return send(items)
            except EngineError as exc:
                error = exc
        if not is_retryable(error):
            raise error
        if isinstance(error, BadTranslation) and len(items) > 1:
            # Not a failure of the engine's service: smaller requests will do, so it costs
            # nothing from the budget (an engine that always mangles boundaries would
            # otherwise use it up on the halving alone).
            raise error
        controls.spend(name, error)
        if attempt >= policy.retries:
            raise error
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None and retry_after > policy.max_retry_after:
            raise EngineUnavailable(
                f"{name}: asked to wait {retry_after:g} s", retry_after=retry_after
            ) from error
        policy.sleep(policy.delay(attempt, retry_after))
        attempt += 1
