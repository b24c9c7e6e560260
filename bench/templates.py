"""Learned site templates: chrome leaked and first/last sentences kept, with and without them.

For every site with several pages (the shared Russian corpora by manifest `site`, and the
synthetic multi-page sites of tests/synthetic_sites.py), each page is extracted with no site
rule (as a site no rule names) and:
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))

from bs4 import UnicodeDammit

from tests.synthetic_sites import SITES, site_pages
from translator.article import Article
from translator.errors import ExtractError
from translator.extract import Options, extract, sites
from translator.extract.templates import learn, template_for
from translator.labels.apply import apply_labels
from translator.store import Cache
from translator.store import cache as store_cache

SIBLINGS = (1, 2, 5)
SYNTHETIC_PAGES = 8
STORE_SITES = 100


class Page:
    """One page of a site: where it is, its HTML, and what must and must not come through."""

    def __init__(self, site: str, url: str, html: str, first: str, last: str, chrome: list[str]):
        self.site, self.url, self.html = site, url, html
        self.first, self.last, self.chrome = first, last, chrome


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
                )
            )
    return found


def synthetic_pages() -> list[Page]:
    return [
        Page(host, p.url, p.html, p.first, p.last, p.chrome)
        for host in SITES
        for p in site_pages(host, SYNTHETIC_PAGES)
    ]


def score(page: Page, others: list[Page], count: int, folder: Path) -> tuple[int, bool, bool]:
    """(chrome strings leaked, first kept, last kept) with a template from `count` others."""
    options = Options()
    if count:
        cache = Cache(folder)
        for other in others[:count]:
            learn(cache, other.url, other.html)
        options.template = template_for(cache, page.url)
        cache.close()
    try:
        article = apply_labels(extract(Article(url=page.url, html=page.html), options))
    except ExtractError:
        return len(page.chrome), False, False
    text = "\n".join(
        [b.text for b in article.blocks] + [label.source_text for label in article.labels]
    )
    squashed = " ".join(text.split())
    leaked = sum(1 for c in page.chrome if c in text or " ".join(c.split()) in squashed)
    return leaked, " ".join(page.first.split()) in squashed, " ".join(page.last.split()) in squashed


def by_site(pages: list[Page]) -> dict[str, list[Page]]:
    grouped: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        grouped[page.site].append(page)
    return {site: group for site, group in grouped.items() if len(group) >= 2}


def leak_table(groups: dict[str, list[Page]]) -> None:
    modes = [0, *SIBLINGS]
    print(f"{'site':34s} pages " + " ".join(f"{'leak/keep@' + str(m):>15s}" for m in modes))
    totals = {m: [0, 0, 0] for m in modes}  # pages with a leak, pages with both kept, pages
    with tempfile.TemporaryDirectory() as scratch:
        for site, group in sorted(groups.items()):
            cells = []
            for mode in modes:
                leaked_pages = kept = 0
                for i, page in enumerate(group):
                    others = group[i + 1 :] + group[:i]
                    folder = Path(scratch) / f"{abs(hash((site, mode, i)))}"
                    leaked, first, last = score(page, others, mode, folder)
                    leaked_pages += leaked > 0
                    kept += first and last
                totals[mode][0] += leaked_pages
                totals[mode][1] += kept
                totals[mode][2] += len(group)
                cells.append(f"{leaked_pages:>6d}/{kept:<3d}")
            print(f"{site[:34]:34s} {len(group):5d} " + " ".join(f"{c:>15s}" for c in cells))
    for mode in modes:
        leaked_pages, kept, pages = totals[mode]
        label = "no template" if mode == 0 else f"template from {mode} sibling(s)"
        print(
            f"{label:32s}: chrome leaked on {leaked_pages}/{pages} pages "
            f"({leaked_pages / pages:.1%}), first+last kept on {kept}/{pages}"
        )


def store_size() -> None:
    """The store's size at STORE_SITES sites, each filled to its key and page bounds."""
    rng = random.Random(7)
    keys_per_page = 600
    pages = store_cache.TEMPLATE_MAX_KEYS // keys_per_page + 2
    with tempfile.TemporaryDirectory() as scratch:
        cache = Cache(scratch)
        empty = cache.path.stat().st_size
        for site in range(STORE_SITES):
            host = f"site-{site}.example"
            for page in range(pages):
                keys = [rng.getrandbits(63) for _ in range(keys_per_page)]
                cache.template_learn(host, f"https://{host}/news/{page:06d}", keys)
            for page in range(pages, store_cache.TEMPLATE_MAX_PAGES):
                cache.template_learn(host, f"https://{host}/news/{page:06d}", [])
        cache.close()
        size = sum(p.stat().st_size for p in Path(scratch).iterdir())
    print(
        f"template store at {STORE_SITES} sites (each {store_cache.TEMPLATE_MAX_KEYS} keys, "
        f"{store_cache.TEMPLATE_MAX_PAGES} pages): {(size - empty) / 1e6:.1f} MB added"
    )


def timing(pages: list[Page]) -> None:
    """Median ms per page: ours with a stored template (learned beforehand) vs readability."""
    from readability import Document

    groups = by_site(pages)
    with tempfile.TemporaryDirectory() as scratch:
        cache = Cache(scratch)
        for group in groups.values():
            for page in group:
                learn(cache, page.url, page.html)
        ours, theirs = [], []
        for group in groups.values():
            for page in group:
                started = time.perf_counter()
                try:
                    options = Options(template=template_for(cache, page.url))
                    extract(Article(url=page.url, html=page.html), options)
                except ExtractError:
                    pass
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                Document(page.html).summary(html_partial=True)
                theirs.append(time.perf_counter() - started)
        cache.close()
    mine, other = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    print(
        f"median ms/page with a stored template: ours {mine:.1f}, readability {other:.1f}, "
        f"ratio {mine / other:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites-only", action="store_true", help="skip store size and timing")
    args = parser.parse_args()
    sites.RULES = ()  # every site is one no rule names
    pages = corpus_pages() + synthetic_pages()
    leak_table(by_site(pages))
    if not args.sites_only:
        store_size()
        timing(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
