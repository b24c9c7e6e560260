"""Score `extract_text` on the shared article-extraction benchmark, beside readability-lxml and trafilatura.

Method (as in /work/shared/bench/extraction/README.md): `\\w+` tokens, 4-token shingles compared as
multisets, precision and recall averaged over pages (a page with empty output is left out of the
precision average), F1 the harmonic mean of the two averages. Prints P, R, F1 and median ms/page.

    python bench/extraction.py [--only ours|readability|trafilatura|trafilatura-precision] [--worst N]

Without --only it runs ours, readability and trafilatura (defaults).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "bench" / "extraction"

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 4) -> Counter:
    """The multiset of `size`-token shingles of `text` (shorter texts give one shingle)."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float]:
    """(precision or None for empty output, recall) of one page."""
    pred, true = shingles(predicted), shingles(truth)
    overlap = sum((pred & true).values())
    precision = overlap / sum(pred.values()) if pred else None
    recall = overlap / sum(true.values()) if true else 1.0
    return precision, recall


def run_readability(html: str, url: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    # Text nodes joined by newlines: text_content() would glue words across elements.
    return "\n".join(lxml_html.fromstring(summary).itertext())


def run_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_trafilatura_precision(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def run_ours(html: str, url: str) -> str:
    from translator.errors import ExtractError
    from translator.extract import extract_text

    try:
        return extract_text(html, url)
    except ExtractError:
        return ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "ours": run_ours,
    "readability": run_readability,
    "trafilatura": run_trafilatura,
    "trafilatura-precision": run_trafilatura_precision,
}


def load_pages() -> list[tuple[str, str, str, str]]:
    """(id, html, url, reference text) for every benchmark page."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        html = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        )
        pages.append((page_id, html, entry["url"], entry["articleBody"]))
    return pages


def score(name: str, pages: list[tuple[str, str, str, str]], worst: int = 0) -> dict:
    run = EXTRACTORS[name]
    precisions, recalls, times, per_page = [], [], [], []
    for page_id, html, url, reference in pages:
        started = time.perf_counter()
        try:
            text = run(html, url)
        except Exception:  # noqa: BLE001 -- a baseline crashing on a page counts as empty output
            text = ""
        times.append((time.perf_counter() - started) * 1000)
        precision, recall = page_scores(text, reference)
        if precision is not None:
            precisions.append(precision)
        recalls.append(recall)
        per_page.append((page_id, precision, recall, url))
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    result = {
        "name": name,
        "P": p,
        "R": r,
        "F1": f1,
        "ms": statistics.median(times),
        "empty": len(pages) - len(precisions),
    }
    if worst:
        ranked = sorted(per_page, key=lambda row: min(row[1] if row[1] is not None else 0, row[2]))
        for page_id, precision, recall, url in ranked[:worst]:
            print(
                f"   {name:12s} P={precision if precision is not None else float('nan'):.3f} R={recall:.3f} {page_id[:12]} {url}"
            )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N worst pages of each extractor"
    )
    args = parser.parse_args()
    if not (DATA / "ground-truth.json").exists():
        print(f"benchmark data not found under {DATA} (set TRANSLATOR_SHARED)")
        return 1
    pages = load_pages()
    names = args.only or ["ours", "readability", "trafilatura"]
    results = [score(name, pages, args.worst) for name in names]
    print(f"{len(pages)} pages")
    print(f"{'extractor':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'ms/page':>8s} {'empty':>5s}")
    for res in results:
        print(
            f"{res['name']:12s} {res['P']:6.4f} {res['R']:6.4f} {res['F1']:6.4f} {res['ms']:8.1f} {res['empty']:5d}"
        )
    by_name = {res["name"]: res for res in results}
    if "ours" in by_name and "readability" in by_name:
        print(
            f"ours/readability median time ratio: {by_name['ours']['ms'] / by_name['readability']['ms']:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
