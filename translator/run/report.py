"""What a run did, and the one-line form of each failure it reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# An error line is meant to be read in cron mail: about this long at most.
MAX_ERROR_LINE = 300
MAX_URL = 120
# Of a message too long for its line, the head says what failed, the tail often why.
TAIL_KEPT = 80


def one_line(message: str, limit: int = MAX_ERROR_LINE) -> str:
    """`message` on one line of at most `limit` characters: whitespace collapsed, and a long
    middle (an echoed article, a percent-encoded query) cut out, so head and cause remain."""
    text = re.sub(r"\s+", " ", message).strip()
    if len(text) <= limit:
        return text
    head = limit - TAIL_KEPT - 3
    return f"{text[:head].rstrip()} … {text[-TAIL_KEPT:].lstrip()}"


def article_error(url: str, message: str) -> str:
    """The line for one failed article: its URL (shortened if need be), then why."""
    short = url if len(url) <= MAX_URL else f"{url[: MAX_URL - 1]}…"
    reason = message.removeprefix(f"{url}: ").removeprefix(f"{url} ")
    return one_line(f"{short}: {reason}")


@dataclass
class RunReport:
    """What a run did; `failed` or `source_errors` make the exit status 1, a signal 128+N."""

    sources: int = 0
    sources_unchanged: int = 0
    source_errors: list[str] = field(default_factory=list)
    source_warnings: list[str] = field(default_factory=list)
    published: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    dropped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)  # (url, the gate's reasons)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, "language: uk")
    deferred: int = 0
    left: int = 0
    waiting: int = 0
    characters: int = 0
    tokens_in: int = 0  # reported by language-model engines
    tokens_out: int = 0
    processed: int = 0
    paths: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    signal: int | None = None

    @property
    def ok(self) -> bool:
        """False when anything failed or a copy was held: someone has to look."""
        return not self.failed and not self.source_errors and not self.held

    @property
    def idle(self) -> bool:
        """Nothing happened worth a line in cron mail: nothing processed, written or wrong."""
        return (
            self.processed == self.deferred == self.dropped == 0
            and not self.paths
            and self.ok
            and not self.source_warnings
            and self.signal is None
        )

    def summary(self) -> str:
        parts = [
            f"{self.published} published",
            f"{self.updated} updated",
            f"{len(self.held)} held",
            f"{len(self.failed)} failed",
        ]
        optional = [
            (len(self.skipped), "skipped (language)"),
            (self.duplicates, "duplicates"),
            (self.deferred, "deferred"),
            (self.dropped, "dropped at the stop"),
            (self.left, "left for the next run"),
            (self.waiting, "waiting to retry"),
        ]
        parts += [f"{count} {what}" for count, what in optional if count]
        sources = f"{self.sources} sources, {self.sources_unchanged} unchanged"
        if self.source_errors:
            sources += f", {len(self.source_errors)} failed"
        if self.tokens_in or self.tokens_out:
            parts.append(f"{self.tokens_in} tokens in, {self.tokens_out} out")
        stopped = " (stopped by a signal)" if self.signal else ""
        return (
            f"translator run: {', '.join(parts)} ({sources}), {self.characters} characters "
            f"sent in {self.seconds:.1f}s{stopped}"
        )


@dataclass
class DryRunReport(RunReport):
    plan: list[str] = field(default_factory=list)
