"""The code gates, run with the suite so that `python -m pytest` (the README's test command, and
CI's) fails on them: lint and format (ruff), types (mypy), both configured in pyproject.toml,
no function above radon's complexity grade C, and no import cycle between the stages."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from radon.complexity import cc_rank, cc_visit


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


def test_types_check() -> None:
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_function_is_more_complex_than_grade_c() -> None:
    too_complex = []
    for path in sorted((ROOT / "translator").rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if cc_rank(block.complexity) > "C":
                too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name}")
    assert too_complex == []
