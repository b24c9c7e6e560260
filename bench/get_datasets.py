"""Bring in the public extraction benchmarks bench/extraction.py scores beside the shared one.

Nothing it writes is committed: the data goes to `bench/.data/` (gitignored) or to the folder
named by TRANSLATOR_BENCH_DATA, in the shared bench's layout (`ground-truth.json` with
`{"articleBody", "url"}` per id, `html/<id>.html.gz`), so one loader and one scorer read all.

    python bench/get_datasets.py [--from GIT_DIR]

Datasets:
- `readability`: Mozilla Readability's test pages (github.com/mozilla/readability,
  test/test-pages/*/source.html with the hand-checked expected.html; Apache-2.0). The reference
  body is the text of expected.html. This is the "readability" set of the
  web-content-extraction-benchmark collection.

With --from, the pages are read from a local git directory of that repository (a clone or a
mirror); without it, the repository is cloned shallowly into a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT = Path(os.environ.get("TRANSLATOR_BENCH_DATA", ROOT / "bench" / ".data"))
READABILITY_REPO = "https://github.com/mozilla/readability"
PAGES = "test/test-pages"


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True
    ).stdout


def _reference_text(expected_html: bytes) -> str:
    """The text of Readability's expected output, one line per text node (as the scorer reads)."""
    tree = lxml_html.fromstring(expected_html.decode("utf-8", "replace"))
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def readability_pages(git_dir: Path, out: Path) -> int:
    """Write the Readability test pages under `out`; return how many."""
    names = _git(git_dir, "ls-tree", "--name-only", "HEAD", f"{PAGES}/").decode().split()
    (out / "html").mkdir(parents=True, exist_ok=True)
    truth = {}
    for folder in names:
        page_id = folder.rsplit("/", 1)[-1]
        try:
            source = _git(git_dir, "show", f"HEAD:{folder}/source.html")
            expected = _git(git_dir, "show", f"HEAD:{folder}/expected.html")
        except subprocess.CalledProcessError:
            continue
        url = f"http://fakehost/test/{page_id}/"
        truth[page_id] = {"articleBody": _reference_text(expected), "url": url}
        (out / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(source, mtime=0))
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    (out / "ground-truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    (out / "SOURCE").write_text(f"{READABILITY_REPO} {commit}\n", encoding="utf-8")
    return len(truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="git_dir", type=Path, help="a local git dir of the repo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        git_dir = args.git_dir
        if git_dir is None:
            clone = Path(scratch) / "readability"
            subprocess.run(
                ["git", "clone", "--depth", "1", "--bare", READABILITY_REPO, str(clone)],
                check=True,
            )
            git_dir = clone
        count = readability_pages(git_dir, DATA_ROOT / "readability")
    print(f"readability: {count} pages in {DATA_ROOT / 'readability'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
