"""Start-up cost of the command line: median wall time of `translator --help` (and of
`translator run --help`, `translator status --help`) against `python -c pass` in the same run,
and the modules a help text loads that it should not need.

    python bench/startup.py [--runs 15]

The goal (issue 13) is 0.3 s median for `translator --help` on the project's 2-core machines;
the ratio against a bare interpreter is the figure that travels between machines.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("lxml", "httpx", "feedparser", "rich", "nh3", "pymorphy3", "dateparser", "razdel")


def median_seconds(command: list[str], runs: int) -> float:
    """The median wall time of `command` over `runs` runs (after one warm-up run)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy libraries imported while `translator ARGS` runs."""
    code = (
        "import sys; from translator.cli import main; sys.argv = ['translator', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    return done.stderr.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    script = shutil.which("translator") or str(Path(sys.executable).parent / "translator")
    bare = median_seconds([sys.executable, "-c", "pass"], options.runs)
    print(f"python -c pass                 median {bare:.3f} s")
    for args in (["--help"], ["run", "--help"], ["status", "--help"]):
        seconds = median_seconds([script, *args], options.runs)
        label = "translator " + " ".join(args)
        loaded = heavy_imports(args)
        print(
            f"{label:<30} median {seconds:.3f} s  ({seconds / bare:.1f}x python -c pass)"
            f"  heavy imports: {', '.join(loaded) or 'none'}"
        )


if __name__ == "__main__":
    main()
