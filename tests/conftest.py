"""Shared fixtures: the shared corpus (skipped with a reason where absent) and a clean environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))
CORPORA = {name: SHARED / "corpus" / name for name in ("ru-news", "ru-synthetic")}

# Property tests are derandomized unless asked otherwise, so a CI run is the same run every time:
# `HYPOTHESIS_PROFILE=explore pytest` searches with fresh random examples on a developer machine.
# No deadline: a test's speed is a benchmark's business, and a first call that loads a library
# (dateparser's language data) on a busy machine would fail a correct test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def corpus_pages(name: str) -> list[dict]:
    """The manifest entries of one shared corpus, each with its `path`; [] where absent."""
    folder = CORPORA[name]
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in entries:
        entry["path"] = folder / "pages" / f"{entry['id']}.html"
    return entries


def all_corpus_pages() -> list[dict]:
    return corpus_pages("ru-news") + corpus_pages("ru-synthetic")


def need_corpus(pages: list[dict]) -> None:
    if not pages:
        pytest.skip(f"shared corpus not found under {SHARED} (set TRANSLATOR_SHARED)")


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or engine key from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.upper() in {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"} or name.endswith(
            "_API_KEY"
        ):
            monkeypatch.delenv(name, raising=False)
