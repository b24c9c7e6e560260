"""bench/extraction.py's own arithmetic: the page-by-page ceiling and the pages mostly lost."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import extraction  # bench/ is a folder of scripts, not a package


def _rows(*scores: tuple[float | None, float]) -> list[tuple]:
    return [(f"page-{i}", p, r, f"https://example.test/{i}") for i, (p, r) in enumerate(scores)]


def test_the_ceiling_takes_the_better_output_of_each_page() -> None:
    ours = _rows((1.0, 0.2), (1.0, 1.0))
    other = _rows((1.0, 1.0), (0.5, 1.0))
    assert extraction.ceiling(ours, other) == pytest.approx(1.0)
    # ... above either extractor alone
    assert extraction.ceiling(ours, other) > extraction.aggregate([(1.0, 0.2), (1.0, 1.0)])[2]
    assert extraction.ceiling(ours, other) > extraction.aggregate([(1.0, 1.0), (0.5, 1.0)])[2]


def test_the_ceiling_counts_an_empty_output_as_nothing_found() -> None:
    ours = _rows((None, 0.0), (1.0, 1.0))
    other = _rows((0.8, 0.9), (1.0, 1.0))
    expected = extraction.aggregate([(0.8, 0.9), (1.0, 1.0)])[2]
    assert extraction.ceiling(ours, other) == pytest.approx(expected)
    assert extraction.ceiling(ours, ours) == pytest.approx(
        extraction.aggregate([(None, 0.0), (1.0, 1.0)])[2]
    )


def test_the_ceiling_refuses_rows_of_different_pages_counts() -> None:
    with pytest.raises(ValueError):
        extraction.ceiling(_rows((1.0, 1.0)), _rows((1.0, 1.0), (1.0, 1.0)))


def test_pages_mostly_lost_are_counted_with_the_recall_they_lose() -> None:
    count, share = extraction.mostly_lost(_rows((1.0, 0.1), (1.0, 0.49), (1.0, 0.5), (1.0, 1.0)))
    assert count == 2
    assert share == pytest.approx((0.9 + 0.51) / 4)
    assert extraction.mostly_lost([]) == (0, 0.0)
