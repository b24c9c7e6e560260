"""Learned site templates: chrome leaked and first/last sentences kept, with and without them.

For every site with several pages (the shared Russian corpora by manifest `site`, and the
synthetic multi-page sites of tests/synthetic_sites.py), each page is extracted with no site
rule (as a site no rule names) and, for chrome leaked, first/last sentences and subheadings kept:
- without a template (the generic passes only),
- with a template learned from 1, 2 and 5 other pages of the same site (as many as it has).
Then the size of the template store at 100 sites, each filled to its bound, and the median
extraction time with a template read from the store against readability-lxml's.

    python bench/templates.py [--sites-only]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))

from bs4 import UnicodeDammit

from tests.synthetic_sites import SITES, site_pages
from translator.article import Article
from translator.errors import ExtractError
from translator.extract import Options, extract, extract_text, sites
from translator.extract.templates import learn, template_for
from translator.labels.apply import apply_labels
from translator.store import Cache
from translator.store import cache as store_cache

SIBLINGS = (1, 2, 5)
SYNTHETIC_PAGES = 8
STORE_SITES = 100


# The subheadings of the shared corpus pages, as their manifest notes and NOTES.md describe them
# (tass-01: the background subhead; aif-01: the h2 subheads; ku-421037: the h3; theins-syn-01:
# the h2). Boxes headed inside the body ("Контекст", "Смотрите также") are chrome, not these.
SUBHEADINGS = {
    "tass-01": ["О ЦКАД"],
    "aif-01": [
        "«Я — Самуэль»",
        "«Я казнил одного из ваших адских псов»",
        "Родился в Москве, вырос во Франции",
        "Аресты и высылки",
        "Доморощенные убийцы",
        "Пение «Марсельезы» проблемы не решает",
    ],
    "ku-421037": ["Что говорят в лесничестве"],
    "theins-syn-01": ["Новые посредники"],
}


class Page:
    """One page of a site: where it is, its HTML, and what must and must not come through."""

    def __init__(
        self,
        site: str,
        url: str,
        html: str,
        first: str,
        last: str,
        chrome: list[str],
        subheadings: list[str] | None = None,
    ):
        self.site, self.url, self.html = site, url, html
        self.first, self.last, self.chrome = first, last, chrome
        self.subheadings = subheadings or []


def corpus_pages() -> list[Page]:
    found = []
    for corpus in ("ru-news", "ru-synthetic"):
        folder = SHARED / "corpus" / corpus
        if not (folder / "manifest.json").exists():
            continue
        for entry in json.loads((folder / "manifest.json").read_text("utf-8")):
            raw = (folder / "pages" / f"{entry['id']}.html").read_bytes()
            html = UnicodeDammit(raw, [entry.get("encoding") or "utf-8"]).unicode_markup
            found.append(
                Page(
                    entry["site"],
                    entry["url"],
                    html,
                    entry["body_first_sentence_ru"],
                    entry["body_last_sentence_ru"],
                    entry["chrome_samples_ru"],
                    SUBHEADINGS.get(entry["id"]),
                )
            )
    return found


def synthetic_pages() -> list[Page]:
    return [
        Page(host, p.url, p.html, p.first, p.last, p.chrome, [p.subheading] if p.subheading else [])
        for host in SITES
        for p in site_pages(host, SYNTHETIC_PAGES)
    ]


Score = tuple[int, bool, bool, bool]


def score(page: Page, others: list[Page], count: int, folder: Path) -> Score:
    """(chrome strings leaked, first kept, last kept, every subheading kept as a heading) with a
    template from `count` others."""
    options = Options()
    cache = Cache(folder) if count else None
    try:
        if cache is not None:
            for other in others[:count]:
                learn(cache, other.url, other.html)
            options.template = template_for(cache, page.url)  # read while extracting
        article = apply_labels(extract(Article(url=page.url, html=page.html), options))
    except ExtractError:
        return len(page.chrome), False, False, not page.subheadings
    finally:
        if cache is not None:
            cache.close()
    headings = {_squashed(b.text) for b in article.blocks if b.type == "heading"}
    subheadings = all(_squashed(h) in headings for h in page.subheadings)
    text = "\n".join(
        [b.text for b in article.blocks] + [label.source_text for label in article.labels]
    )
    squashed = _squashed(text)
    leaked = sum(1 for c in page.chrome if c in text or _squashed(c) in squashed)
    return leaked, _squashed(page.first) in squashed, _squashed(page.last) in squashed, subheadings


def _squashed(text: str) -> str:
    """`text` with every run of whitespace (NBSP too) one space: how strings are compared here."""
    return " ".join(text.split())


def by_site(pages: list[Page]) -> dict[str, list[Page]]:
    grouped: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        grouped[page.site].append(page)
    return {site: group for site, group in grouped.items() if len(group) >= 2}


@dataclass
class Tally:
    """What a run of `score` found: pages with a leak, with first and last sentences kept,
    with their subheadings kept (of those that have any), and pages."""

    leaked: int = 0
    kept: int = 0
    headed: int = 0
    with_headings: int = 0
    pages: int = 0

    def add(self, page: Page, found: Score) -> None:
        leaked, first, last, subheadings = found
        self.leaked += leaked > 0
        self.kept += first and last
        self.headed += bool(page.subheadings) and subheadings
        self.with_headings += bool(page.subheadings)
        self.pages += 1

    def subheadings(self) -> str:
        return f"subheadings kept on {self.headed}/{self.with_headings}"


def leak_table(groups: dict[str, list[Page]]) -> None:
    modes = [0, *SIBLINGS]
    print(f"{'site':34s} pages " + " ".join(f"{'leak/keep@' + str(m):>15s}" for m in modes))
    totals = {m: Tally() for m in modes}
    with tempfile.TemporaryDirectory() as scratch:
        for site, group in sorted(groups.items()):
            cells = []
            for mode in modes:
                site_tally = Tally()
                for i, page in enumerate(group):
                    others = group[i + 1 :] + group[:i]
                    folder = Path(scratch) / f"{abs(hash((site, mode, i)))}"
                    found = score(page, others, mode, folder)
                    site_tally.add(page, found)
                    totals[mode].add(page, found)
                cells.append(f"{site_tally.leaked:>6d}/{site_tally.kept:<3d}")
            print(f"{site[:34]:34s} {len(group):5d} " + " ".join(f"{c:>15s}" for c in cells))
    for mode in modes:
        total = totals[mode]
        label = "no template" if mode == 0 else f"template from {mode} sibling(s)"
        print(
            f"{label:32s}: chrome leaked on {total.leaked}/{total.pages} pages "
            f"({total.leaked / total.pages:.1%}), first+last kept on {total.kept}/{total.pages}, "
            f"{total.subheadings()}"
        )


def single_pages(pages: list[Page]) -> None:
    """Every page with no template, sites of one page too: the generic passes alone."""
    total = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        for page in pages:
            total.add(page, score(page, [], 0, Path(scratch)))
    print(
        f"every page, no template         : chrome leaked on {total.leaked}/{total.pages} pages, "
        f"first+last kept on {total.kept}/{total.pages}, {total.subheadings()}"
    )


# Blocks of a page, as its template lookup reads them (half of them learned before).
PAGE_KEYS = 120


def store_size() -> None:
    """The store's size at STORE_SITES sites, each filled to its key and page bounds."""
    rng = random.Random(7)
    keys_per_page = 600
    pages = store_cache.TEMPLATE_MAX_KEYS // keys_per_page + 2
    learned: list[int] = []
    with tempfile.TemporaryDirectory() as scratch:
        cache = Cache(scratch)
        empty = cache.path.stat().st_size
        for site in range(STORE_SITES):
            host = f"site-{site}.example"
            for page in range(pages):
                keys = [rng.getrandbits(63) for _ in range(keys_per_page)]
                learned.extend(keys if site == 0 else ())
                cache.template_learn(host, f"https://{host}/news/{page:06d}", keys)
            for page in range(pages, store_cache.TEMPLATE_MAX_PAGES):
                cache.template_learn(host, f"https://{host}/news/{page:06d}", [])
        read = _template_read_ms(cache, "site-0.example", learned, rng)
        cache.close()
        size = sum(p.stat().st_size for p in Path(scratch).iterdir())
    print(
        f"template store at {STORE_SITES} sites (each {store_cache.TEMPLATE_MAX_KEYS} keys, "
        f"{store_cache.TEMPLATE_MAX_PAGES} pages): {(size - empty) / 1e6:.1f} MB added"
    )
    print(f"template read for one page ({PAGE_KEYS} keys) at a full host: median {read:.2f} ms")


def _template_read_ms(cache: Cache, host: str, learned: list[int], rng: random.Random) -> float:
    """What extraction reads of a host's template per page: its pages, its own keys' counts."""
    keys = set(rng.sample(learned, PAGE_KEYS // 2)) | {
        rng.getrandbits(63) for _ in range(PAGE_KEYS // 2)
    }
    times = []
    for _ in range(50):
        started = time.perf_counter()
        template_for(cache, f"https://{host}/news/new").look_up(keys)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def timing(pages: list[Page], rounds: int = 7) -> None:
    """Median ms per page with a template read from the store, against readability-lxml: the body
    alone (what readability does) and the whole extract stage (metadata and dates as well); over
    every page, then apart over the corpus's real pages and the pages written here (each under
    2 KB, where what both pay on any page, however small, is most of the time)."""
    from readability import Document

    groups = by_site(pages)
    chosen = [page for group in groups.values() for page in group]
    written = {page.url for page in synthetic_pages()}
    body: list[tuple[str, float]] = []
    whole: list[tuple[str, float]] = []
    theirs: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        cache = Cache(scratch)
        for page in chosen:
            learn(cache, page.url, page.html)
        for _ in range(rounds):
            for page in chosen:
                run_body = lambda p=page: extract_text(p.html, p.url, _options(cache, p))
                run_whole = lambda p=page: extract(
                    Article(url=p.url, html=p.html), _options(cache, p)
                )
                run_theirs = lambda p=page: Document(p.html).summary(html_partial=True)
                body.append((page.url, _timed(run_body)))
                whole.append((page.url, _timed(run_whole)))
                theirs.append((page.url, _timed(run_theirs)))
        cache.close()
    parts = (
        ("", lambda url: True),
        (" (real pages)", lambda url: url not in written),
        (" (written pages)", lambda url: url in written),
    )
    for part, wanted in parts:
        other = statistics.median(t for url, t in theirs if wanted(url))
        for label, times in (("body", body), ("whole extract stage", whole)):
            mine = statistics.median(t for url, t in times if wanted(url))
            print(
                f"median ms/page with a stored template{part}, {label}: ours {mine * 1000:.1f}, "
                f"readability {other * 1000:.1f}, ratio {mine / other:.2f}"
            )


def _options(cache: Cache, page: Page) -> Options:
    return Options(template=template_for(cache, page.url))


def _timed(work: Callable[..., object]) -> float:
    started = time.perf_counter()
    try:
        work()
    except ExtractError:
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites-only", action="store_true", help="skip store size and timing")
    args = parser.parse_args()
    sites.RULES = ()  # every site is one no rule names
    pages = corpus_pages() + synthetic_pages()
    leak_table(by_site(pages))
    single_pages(pages)
    if not args.sites_only:
        store_size()
        timing(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
