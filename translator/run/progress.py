"""Progress and messages on stderr: rich on a terminal, nothing chatty when cron runs us."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

console = Console(stderr=True, highlight=False)


def interactive() -> bool:
    """True when a person is watching stderr, so spinners and tables are welcome."""
    return sys.stderr.isatty()


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with `message` while the block runs, on a terminal only."""
    if not interactive():
        yield
        return
    with console.status(message):
        yield
