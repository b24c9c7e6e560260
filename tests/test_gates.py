"""The code gates, run with the suite so that `python -m pytest` (the README's test command, and
CI's) fails on them: lint and format (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_ruff_finds_nothing() -> None:
    done = _run(sys.executable, "-m", "ruff", "check", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted() -> None:
    done = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_imports_without_cycles() -> None:
    # Each stage package imported first, on its own, in a fresh interpreter: an import cycle
    # shows up as an ImportError for whichever module starts it.
    packages = ["fetch", "extract", "labels", "translate", "translate.engines", "output", "run"]
    for name in ["store", "pipeline", "cli", *packages]:
        done = _run(sys.executable, "-c", f"import translator.{name}")
        assert done.returncode == 0, f"translator.{name}: {done.stderr}"
