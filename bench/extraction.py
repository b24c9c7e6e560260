"""Score our extraction on every extraction benchmark present, beside readability-lxml and trafilatura.

The shared one (whole) and those bench/get_datasets.py brings in (a tuning part and a held-out
part each, split by a stable hash of the page id and never looked at while tuning).

Method (as in /work/shared/bench/extraction/README.md): `\\w+` tokens, 4-token shingles compared as
multisets, precision and recall averaged over pages (a page with empty output is left out of the
precision average), F1 the harmonic mean of the two averages. Prints P, R, F1, median ms/page,
empty results, lost articles (empty where the reference has 30 words or more) and pages with an
extra line (one of 5+ words not in the reference: chrome, or text the annotators left out).
Under each table: the ceiling of choosing, page by page and knowing the reference, the better of
ours and each baseline (what no second-opinion rule can exceed), and the pages whose recall is
under a half, with the recall they cost the set.

Each extractor is asked for what the dataset's references hold (REFERENCE_HOLDS): the body, and
where the annotators kept them the headline (each extractor's own headline finder) and captions.

    python bench/extraction.py [--only ours|readability|trafilatura|trafilatura-precision] [--worst N]
        [--dataset NAME] [--split tune|held-out|both] [--save] [--big-page] [--templates N]

Without --only it runs ours, readability and trafilatura (defaults). With --templates N, ours is
also scored with a site template learned from up to N other pages of the page's own site in the
same part (as `translator run` learns a host from its pages), on the sites with several pages.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "bench" / "extraction"
BENCH_DATA = Path(os.environ.get("TRANSLATOR_BENCH_DATA", ROOT / "bench" / ".data"))
FIGURES = ROOT / "bench" / "figures.json"

_TOKEN = re.compile(r"\w+", re.UNICODE)
# An empty result is a lost article when the reference holds at least this many words; under it
# (a page with no article, a gallery with a caption) empty is the right answer.
SHORT_REFERENCE_WORDS = 30
# A line of the output is extra (chrome, or text the annotators left out) when it has this many
# words and under EXTRA_SHARE of its shingles are in the reference: `extra` counts the pages
# with one, the nearest these references come to "chrome leaked on a page".
EXTRA_LINE_WORDS = 5
EXTRA_SHARE = 0.2


def has_extra_line(predicted: str, truth: str) -> bool:
    """`predicted` holds a line of EXTRA_LINE_WORDS words or more that is not in `truth`."""
    true = shingles(truth)
    for line in predicted.splitlines():
        if len(_TOKEN.findall(line)) < EXTRA_LINE_WORDS:
            continue
        mine = shingles(line)
        if sum((mine & true).values()) < EXTRA_SHARE * sum(mine.values()):
            return True
    return False


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


def run_readability(html: str, url: str, holds: frozenset[str] = frozenset()) -> str:
    from lxml import html as lxml_html
    from readability import Document

    document = Document(html, url=url)
    summary = document.summary(html_partial=True)
    # Text nodes joined by newlines: text_content() would glue words across elements.
    text = "\n".join(lxml_html.fromstring(summary).itertext())
    return _with_headline(document.short_title(), text, holds)


def run_trafilatura(
    html: str, url: str, holds: frozenset[str] = frozenset(), favor_precision: bool = False
) -> str:
    import trafilatura

    text = trafilatura.extract(html, url=url, favor_precision=favor_precision) or ""
    return _with_headline(_trafilatura_title(html, url, holds), text, holds)


def run_trafilatura_precision(html: str, url: str, holds: frozenset[str] = frozenset()) -> str:
    return run_trafilatura(html, url, holds, favor_precision=True)


def _trafilatura_title(html: str, url: str, holds: frozenset[str]) -> str:
    if "headline" not in holds:
        return ""
    from trafilatura import extract_metadata

    return extract_metadata(html, default_url=url).title or ""


def run_ours(
    html: str, url: str, holds: frozenset[str] = frozenset(), options: object = None
) -> str:
    """Ours' body as plain text; with the headline and captions where the reference holds them."""
    from translator.article import Article
    from translator.errors import ExtractError
    from translator.extract import extract, extract_text

    try:
        if not holds:
            return extract_text(html, url, options)  # type: ignore[arg-type]
        article = extract(Article(url=url, html=html), options)  # type: ignore[arg-type]
    except ExtractError:
        return ""
    text = "\n\n".join(
        block.text for block in article.blocks if block.type != "caption" or "captions" in holds
    )
    return _with_headline(article.title, text, holds)


def _with_headline(headline: str | None, text: str, holds: frozenset[str]) -> str:
    """`text` opened by `headline` where the reference holds it; an empty result stays empty."""
    if "headline" not in holds or not text.strip() or not headline:
        return text
    return f"{headline}\n\n{text}"


def templates_by_page(pages: list[tuple[str, str, str, str]], siblings: int) -> dict[str, object]:
    """For each page of a site with other pages here: a template from up to `siblings` of them."""
    from translator.extract.templates import Template, page_keys

    by_site: dict[str, list[tuple[str, set[int]]]] = {}
    for page_id, html, url, _ in pages:
        site = urlsplit(url).hostname or ""
        by_site.setdefault(site, []).append((page_id, page_keys(html, url)))
    found: dict[str, object] = {}
    for site, group in by_site.items():
        for i, (page_id, _) in enumerate(group):
            others = (group[i + 1 :] + group[:i])[:siblings]
            if not others:
                continue
            template = Template(host=site, pages=len(others))
            for _, keys in others:
                for key in keys:
                    template.counts[key] = template.counts.get(key, 0) + 1
            found[page_id] = template
    return found


def aggregate(scores: list[tuple[float | None, float]]) -> tuple[float, float, float, int]:
    """(P, R, F1, empty pages) of per-page (precision or None, recall) pairs."""
    precisions = [precision for precision, _ in scores if precision is not None]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recall for _, recall in scores) if scores else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(scores) - len(precisions)


def page_f1(precision: float | None, recall: float) -> float:
    """One page's F1 (0 for an empty output)."""
    precision = precision or 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ceiling(ours: list[tuple], other: list[tuple]) -> float:
    """F1 of the better of two extractors' outputs taken page by page, knowing the reference:
    the most any rule that chooses between the two (a second opinion) could score. `ours` and
    `other` are `score`'s per-page rows, page for page."""
    best = [
        max((a[1], a[2]), (b[1], b[2]), key=lambda scores: page_f1(*scores))
        for a, b in zip(ours, other, strict=True)
    ]
    return aggregate(best)[2]


# A page whose recall is under this lost most of its article: such pages are counted on their own,
# since a few of them can outweigh the small losses of all the rest.
MOSTLY_LOST_RECALL = 0.5


def mostly_lost(per_page: list[tuple]) -> tuple[int, float]:
    """(pages with recall under MOSTLY_LOST_RECALL, the recall they lose per page of the set)."""
    lost = [1 - recall for _, _, recall, _ in per_page if recall < MOSTLY_LOST_RECALL]
    return len(lost), sum(lost) / len(per_page) if per_page else 0.0


def score_with_templates(
    pages: list[tuple[str, str, str, str]], siblings: int, holds: frozenset[str] = frozenset()
) -> dict:
    """F1 of ours without and with a learned template, on the pages of sites with several pages."""
    from translator.extract import Options

    templates = templates_by_page(pages, siblings)
    plain, templated = [], []
    for page_id, html, url, reference in pages:
        if page_id not in templates:
            continue
        plain.append(page_scores(run_ours(html, url, holds), reference))
        options = Options(template=templates[page_id])  # type: ignore[arg-type]
        templated.append(page_scores(run_ours(html, url, holds, options), reference))
    return {"pages": len(plain), "without": aggregate(plain), "with": aggregate(templated)}


EXTRACTORS: dict[str, Callable[[str, str, frozenset[str]], str]] = {
    "ours": run_ours,
    "readability": run_readability,
    "trafilatura": run_trafilatura,
    "trafilatura-precision": run_trafilatura_precision,
}


# What a dataset's references hold beside the article's body, as its annotation guidelines
# say; every extractor is asked for the same (its own headline finder, ours' captions too).
# The shared bench's references are schema.org articleBody, Readability's its content: body only.
REFERENCE_HOLDS: dict[str, frozenset[str]] = {
    # DAnIEL's reference files open with the article's headline, then its text
    "daniel-ru": frozenset({"headline"}),
    "daniel": frozenset({"headline"}),
    # CleanEval's guidelines keep all text that is not boilerplate: headings, captions too
    "cleanportaleval": frozenset({"headline", "captions"}),
    # L3S-GN1's annotators marked the headline, full text and supplemental text (captions)
    "l3s-gn1": frozenset({"headline", "captions"}),
    # ... and their headline and full text alone (no supplemental text: no captions either)
    "l3s-gn1-fulltext": frozenset({"headline"}),
}
# Sets whose references are one extractor's output rather than a person's: they measure
# agreement with that extractor, which no other can beat by design, so no margin is asked there.
AGREEMENT_SETS: dict[str, str] = {
    "readability": "references are Readability.js's output: agreement with it, not a target",
}
HELD_OUT_SHARE = 3  # of every 10 pages (or sites) of an added dataset, by a stable hash
# Datasets of many sites are split by site, so the held-out part is sites never seen at all.
SPLIT_BY_SITE = frozenset({"daniel-ru", "daniel", "l3s-gn1", "l3s-gn1-fulltext", "newspaper4k"})


def dataset_dirs() -> dict[str, Path]:
    """Every benchmark present: the shared one, then those bench/get_datasets.py brought in."""
    found = {"shared": DATA}
    if BENCH_DATA.is_dir():
        for folder in sorted(BENCH_DATA.iterdir()):
            if (folder / "ground-truth.json").exists():
                found[folder.name] = folder
    return found


def held_out(key: str) -> bool:
    """Pages (or sites) set aside before any tuning: never looked at, reported on their own."""
    return hashlib.sha1(key.encode()).digest()[0] % 10 < HELD_OUT_SHARE


def split_key(folder: Path, page_id: str, url: str) -> str:
    """What the split hashes: the page's site where the dataset is split by site, else its id."""
    return urlsplit(url).hostname or page_id if folder.name in SPLIT_BY_SITE else page_id


def load_pages(folder: Path = DATA, split: str = "all") -> list[tuple[str, str, str, str]]:
    """(id, html, url, reference text) for the benchmark pages of `folder` in `split`.

    `split` is "all", "tune" (not held out) or "held-out"; the shared bench has no held-out part
    (it was tuned on before this split existed), so it is always whole.
    """
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        key = split_key(folder, page_id, entry["url"])
        if folder != DATA and split != "all" and held_out(key) != (split == "held-out"):
            continue
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        )
        pages.append((page_id, html, entry["url"], entry["articleBody"]))
    return pages


def holds(folder: Path) -> frozenset[str]:
    """What the references of the dataset in `folder` hold beside the body (REFERENCE_HOLDS)."""
    return REFERENCE_HOLDS.get(folder.name, frozenset()) if folder != DATA else frozenset()


def score(
    name: str,
    pages: list[tuple[str, str, str, str]],
    worst: int = 0,
    reference_holds: frozenset[str] = frozenset(),
) -> dict:
    run = EXTRACTORS[name]
    times, per_page = [], []
    lost = extra = 0
    for page_id, html, url, reference in pages:
        started = time.perf_counter()
        try:
            text = run(html, url, reference_holds)
        except Exception:  # noqa: BLE001 -- a baseline crashing on a page counts as empty output
            text = ""
        times.append((time.perf_counter() - started) * 1000)
        precision, recall = page_scores(text, reference)
        per_page.append((page_id, precision, recall, url))
        if precision is None and len(_TOKEN.findall(reference)) >= SHORT_REFERENCE_WORDS:
            lost += 1
        extra += has_extra_line(text, reference)
    p, r, f1, empty = aggregate([(precision, recall) for _, precision, recall, _ in per_page])
    result = {
        "name": name,
        "P": p,
        "R": r,
        "F1": f1,
        "ms": statistics.median(times) if times else 0.0,
        "empty": empty,
        "lost": lost,
        "extra": extra,
        "per_page": per_page,
    }
    if worst:
        ranked = sorted(per_page, key=lambda row: min(row[1] if row[1] is not None else 0, row[2]))
        for page_id, precision, recall, url in ranked[:worst]:
            shown = precision if precision is not None else float("nan")
            print(f"   {name:12s} P={shown:.3f} R={recall:.3f} {page_id[:24]} {url}")
    return result


def report(
    label: str,
    pages: list,
    names: list[str],
    worst: int,
    reference_holds: frozenset[str],
    agreement: str = "",
) -> dict[str, dict]:
    """Score every extractor on `pages`, print one table, return the results by name."""
    from translator.extract.sites import GENERIC, rule_for

    results = {name: score(name, pages, worst, reference_holds) for name in names}
    ruled = sum(1 for _, _, url, _ in pages if rule_for(url) is not GENERIC)
    also = (
        f"; references hold the {' and '.join(sorted(reference_holds))}" if reference_holds else ""
    )
    print(f"\n{label}: {len(pages)} pages, {ruled} of them with a site rule{also}")
    print(
        f"{'extractor':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'ms/page':>8s} {'empty':>5s} {'lost':>4s} {'extra':>5s}"
    )
    for res in results.values():
        print(
            f"{res['name']:12s} {res['P']:6.4f} {res['R']:6.4f} {res['F1']:6.4f} "
            f"{res['ms']:8.1f} {res['empty']:5d} {res['lost']:4d} {res['extra']:5d}"
        )
    if "ours" in results and "readability" in results and results["readability"]["ms"]:
        ratio = results["ours"]["ms"] / results["readability"]["ms"]
        print(f"ours/readability median time ratio: {ratio:.2f}")
    others = [results[n]["F1"] for n in ("readability", "trafilatura") if n in results]
    if "ours" in results and others:
        margin = results["ours"]["F1"] - max(others)
        print(f"ours - best other F1: {margin:+.4f}" + (f" ({agreement})" if agreement else ""))
        for name in ("readability", "trafilatura"):
            if name in results:
                best = ceiling(results["ours"]["per_page"], results[name]["per_page"])
                print(f"ceiling, the better of ours and {name} page by page: {best:.4f}")
    counts = {name: mostly_lost(res["per_page"]) for name, res in results.items()}
    shown = ", ".join(f"{name} {n} ({share:.4f})" for name, (n, share) in counts.items())
    print(f"pages with recall under {MOSTLY_LOST_RECALL} (recall they lose per page): {shown}")
    return results


# A headline is found when it is, token for token, one of the reference's first lines.
HEADLINE_LINES = 4


def _ours_title(html: str, url: str) -> str:
    from translator.article import Article
    from translator.errors import ExtractError
    from translator.extract import extract

    try:
        return extract(Article(url=url, html=html)).title or ""
    except ExtractError:
        return ""


def _readability_title(html: str, url: str) -> str:
    from readability import Document

    return Document(html, url=url).short_title()


TITLES = {
    "ours": _ours_title,
    "readability": _readability_title,
    "trafilatura": lambda html, url: _trafilatura_title(html, url, frozenset({"headline"})),
}


def headlines_found(name: str, pages: list[tuple[str, str, str, str]]) -> tuple[int, int]:
    """(pages whose headline `name` found, pages whose reference opens with lines): the
    headline is right when it is one of the reference's first HEADLINE_LINES lines."""
    found = counted = 0
    for _, html, url, reference in pages:
        lines = [_TOKEN.findall(line) for line in reference.strip().splitlines()[:HEADLINE_LINES]]
        lines = [line for line in lines if line]
        if not lines:
            continue
        counted += 1
        try:
            title = TITLES[name](html, url)
        except Exception:  # noqa: BLE001 -- a baseline crashing on a page finds no headline
            title = ""
        tokens = _TOKEN.findall(title or "")
        found += bool(tokens) and tokens in lines
    return found, counted


def print_headlines(label: str, pages: list, names: list[str]) -> None:
    shown = []
    for name in names:
        found, counted = headlines_found(name, pages)
        shown.append(f"{name} {found}/{counted} = {found / counted if counted else 0:.3f}")
    print(f"{label}: headline is one of the reference's first lines: " + ", ".join(shown))


def print_templates(label: str, result: dict, siblings: int) -> None:
    print(f"{label}: {result['pages']} pages of sites with several, template from <= {siblings}")
    for mode in ("without", "with"):
        p, r, f1, empty = result[mode]
        print(f"  ours {mode:7s} template  P={p:.4f} R={r:.4f} F1={f1:.4f} empty={empty}")


BIG_PAGE_BYTES = 10_000_000


def big_page(size: int = BIG_PAGE_BYTES) -> str:
    """A page of `size` characters: half a navigation of 12-link rows, half article paragraphs."""
    row = "<div class='item'><a href='/news/{i}'>Новость номер {i} о событиях в регионе</a></div>"
    para = (
        "<p>Жители поселка Северный третий день не могут выехать из-за разлива реки, "
        "сообщили в администрации района {i}.</p>"
    )
    parts, length, i = ["<html><head><title>t</title></head><body><nav>"], 0, 0
    for template, until in ((row, size // 2), ("", 0), (para, size)):
        if not template:
            parts.append("</nav><article><h1>Заголовок</h1>")
            continue
        while length < until:
            piece = template.format(i=i)
            parts.append(piece)
            length, i = length + len(piece), i + 1
    return "".join(parts) + "</article></body></html>"


def time_big_page() -> None:
    """The whole extract stage on one 10 MB page: seconds and peak memory of this process."""
    import resource

    from translator.article import Article
    from translator.extract import extract

    html = big_page()
    started = time.perf_counter()
    article = extract(Article(url="https://news.example/big", html=html))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(html) / 1e6:.1f} MB page: {seconds:.1f} s, {len(article.blocks)} blocks, "
        f"peak RSS {peak:.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    parser.add_argument("--dataset", action="append", help="limit to these datasets")
    parser.add_argument(
        "--split",
        choices=("tune", "held-out", "both"),
        default="both",
        help="which part of an added dataset (the shared one is always whole)",
    )
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N worst pages of each extractor"
    )
    parser.add_argument(
        "--save", action="store_true", help="write ours' figures to bench/figures.json (ratchet)"
    )
    parser.add_argument(
        "--big-page", action="store_true", help="only time extraction of one 10 MB page"
    )
    parser.add_argument(
        "--templates",
        type=int,
        default=0,
        metavar="N",
        help="also score ours with templates learned from up to N pages of the same site",
    )
    parser.add_argument(
        "--headlines",
        action="store_true",
        help="also count the pages whose headline each extractor found (references holding it)",
    )
    args = parser.parse_args()
    if args.big_page:
        time_big_page()
        return 0
    datasets = dataset_dirs()
    if not (DATA / "ground-truth.json").exists():
        print(f"shared benchmark data not found under {DATA} (set TRANSLATOR_SHARED)")
        datasets.pop("shared")
    if args.dataset:
        datasets = {k: v for k, v in datasets.items() if k in args.dataset}
    if not datasets:
        print("no benchmark data (run bench/get_datasets.py)")
        return 1
    names = args.only or ["ours", "readability", "trafilatura"]
    saved: dict = {}
    for name, folder in datasets.items():
        splits = (
            [None]
            if folder == DATA
            else (["tune", "held-out"] if args.split == "both" else [args.split])
        )
        for split in splits:
            pages = load_pages(folder, split or "all")
            label = name if split is None else f"{name} ({split})"
            results = report(
                label, pages, names, args.worst, holds(folder), AGREEMENT_SETS.get(name, "")
            )
            if args.headlines and "headline" in holds(folder):
                print_headlines(label, pages, names)
            if args.templates:
                found = score_with_templates(pages, args.templates, holds(folder))
                print_templates(label, found, args.templates)
            if args.save and "ours" in results:
                key = name if split is None else f"{name}/{split}"
                ours = results["ours"]
                saved[key] = {
                    "F1": round(ours["F1"], 4),
                    "lost": ours["lost"],
                    "pages": len(pages),
                }
    if args.save:
        kept = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
        FIGURES.write_text(
            json.dumps(kept | saved, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"figures written to {FIGURES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
