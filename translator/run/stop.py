"""Stopping a run on SIGINT/SIGTERM without damage.

The first signal asks the run to stop: no new article is started, an article that has not yet
sent anything to the engine is dropped (its row stays as it was, so the next run takes it up),
articles already translating finish and are published whole, then the feeds are written and
the run exits 128 + the signal's number (130, 143). A second signal exits at once: every file
is written by rename and every cache write is one transaction, so nothing is left half-done.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(Exception):
    """Raised at a checkpoint once a stop was asked: drop this article, spend nothing more."""


class StopSignal:
    """The run's stop flag, set by the first signal (or by `request`)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum: int | None = None

    @property
    def stopping(self) -> bool:
        return self.event.is_set()

    def request(self, signum: int) -> None:
        self.signum = self.signum or signum
        self.event.set()

    def checkpoint(self) -> None:
        """Raise Stopped if a stop was asked; called before anything is paid for."""
        if self.event.is_set():
            raise Stopped

    @property
    def exit_code(self) -> int | None:
        return 128 + self.signum if self.signum else None

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Catch SIGINT/SIGTERM while the block runs (main thread only; elsewhere, no-op)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {signum: signal.signal(signum, self._handle) for signum in SIGNALS}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():
            os.write(sys.stderr.fileno(), b"translator: second signal, exiting now\n")
            os._exit(128 + signum)
        self.request(signum)
