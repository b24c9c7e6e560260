"""Progress and messages on stderr: rich on a terminal, nothing chatty when cron runs us.

Everything that came from a page (headlines, URLs, error text) is printed as rich `Text`,
never parsed as markup: a headline with `[/b]` or `[video]` shows as written.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

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
    with console.status(Text(message)):
        yield


class RunProgress:
    """A run's progress: one bar per source (n/N articles, engine characters, elapsed) and a
    line per finished or failed article. Silent unless `live` (a terminal)."""

    def __init__(self, *, live: bool, out: Console | None = None):
        self.live = live
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskID] = {}
        self._progress = Progress(
            TextColumn("{task.fields[name]}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[characters]:,} chars", markup=False),
            TimeElapsedColumn(),
            console=out or console,
            transient=False,
        )

    def __enter__(self) -> Self:
        if self.live:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live:
            self._progress.stop()

    def plan(self, counts: dict[str, int]) -> None:
        """The articles this run will process, per source name."""
        if not self.live:
            return
        for name, total in counts.items():
            self._tasks[name] = self._progress.add_task(
                "", total=total, name=Text(name).plain, characters=0
            )

    def done(self, source: str, line: str, characters: int = 0) -> None:
        """One article finished (published, failed, skipped): `line` says how."""
        if not self.live:
            return
        with self._lock:
            task = self._tasks.get(source)
            if task is not None:
                fields: Any = self._progress.tasks[self._task_index(task)].fields
                self._progress.update(task, advance=1, characters=fields["characters"] + characters)
            self._progress.console.print(Text(line))

    def note(self, line: str) -> None:
        if self.live:
            self._progress.console.print(Text(line))

    def _task_index(self, task: TaskID) -> int:
        return next(i for i, t in enumerate(self._progress.tasks) if t.id == task)
