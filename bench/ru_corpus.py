"""Check extract + labels on every page of the shared Russian corpora against their manifests.

Prints, per page and in total: chrome strings leaked (target 0), first/last body sentences kept,
page labels found with the right party, inline marks rendered, footnotes kept exactly where
expected, captions each with its picture, metadata filled (title, published, outlet), and block/link counts against the manifest.

    python bench/ru_corpus.py [-v] [--no-rules]

--no-rules serves every page as if from an unknown host: the generic path alone.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))

from bs4 import UnicodeDammit

from translator.article import Article
from translator.extract import extract, sites
from translator.labels.apply import apply_labels

COUNTED = ("paragraph", "heading", "list_item", "quote", "caption")


def norm(text: str) -> str:
    """Quotes, NBSP, zero-width spaces and ё folded, for comparing party names and titles."""
    text = (
        re.sub("[\"«»“”„']", '"', text)
        .replace("\u00a0", " ")
        .replace("\u200b", "")
        .replace("ё", "е")
    )
    return re.sub(r"\s+", " ", text).strip().lower()


def same_instant(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:
        x, y = datetime.fromisoformat(a), datetime.fromisoformat(b)
    except ValueError:
        return a[:10] == b[:10] or b in a
    if x.tzinfo is None or y.tzinfo is None:
        return x.replace(tzinfo=None) == y.replace(tzinfo=None) or a[:10] == b[:10]
    return x == y


def load(entry: dict, folder: Path) -> Article:
    raw = (folder / "pages" / f"{entry['id']}.html").read_bytes()
    html = UnicodeDammit(raw, is_html=True).unicode_markup
    return apply_labels(extract(Article(url=entry["url"], html=html)))


def check(entry: dict, article: Article) -> tuple[dict, list[str]]:
    """One page's results (each value is (passed, detail)) and the chrome strings it leaked."""
    texts = [b.text for b in article.blocks]
    everything = texts + [article.title or "", article.lead or ""]
    res: dict[str, tuple[bool, str]] = {}
    leaked = [s for s in entry["chrome_samples_ru"] if any(s in t for t in everything)]
    res["chrome"] = (not leaked, f"leaked {leaked}" if leaked else "")
    res["first"] = (any(entry["body_first_sentence_ru"] in t for t in texts), "")
    res["last"] = (any(entry["body_last_sentence_ru"] in t for t in texts), "")
    if entry.get("has_foreign_agent_label"):
        page = [l for l in article.labels if l.placement == "page"]
        party_ok = not entry.get("label_party_ru") or any(
            norm(l.party or "") == norm(entry["label_party_ru"]) for l in page
        )
        label_key = norm(entry["label_text_ru"])
        absent = not any(label_key in norm(t) for t in everything)
        res["label"] = (
            bool(page) and party_ok and absent and all(l.text.isascii() for l in page),
            f"labels={[(l.kind, l.party) for l in page]} absent={absent}",
        )
    marks = entry.get("inline_marks_ru") or []
    if marks:
        covered = []
        for mark in marks:
            fixed = any(mark in b.text[f.start : f.end] for b in article.blocks for f in b.fixed)
            noted = any(mark in n.source_text for n in article.notes)
            covered.append(fixed or noted)
        res["inline"] = (all(covered), f"{sum(covered)}/{len(marks)}")
    if "footnote_expected" in entry:
        banned = any("banned in Russia" in n.text for n in article.notes) or any(
            "banned in Russia" in f.en for b in article.blocks for f in b.fixed
        )
        res["footnote"] = (
            banned == entry["footnote_expected"],
            f"notes={[n.text for n in article.notes]}",
        )
    res["title"] = (norm(article.title) == norm(entry["title"]), f"{article.title!r}")
    if re.match(r"\d{4}-\d{2}-\d{2}", entry.get("published") or ""):
        res["published"] = (
            same_instant(article.published, entry["published"]),
            f"{article.published} vs {entry['published']}",
        )
    else:
        res["published"] = (
            bool(article.published),
            f"{article.published} vs {entry.get('published')}",
        )
    res["outlet"] = (bool(article.outlet), article.outlet or "")
    if "paragraph_count" in entry:
        count = sum(b.type in COUNTED for b in article.blocks)
        res["paragraphs"] = (
            count == entry["paragraph_count"],
            f"{count} vs {entry['paragraph_count']}",
        )
    captions = [b for b in article.blocks if b.type == "caption"]
    if captions:  # a caption never floats: each names the picture it describes
        with_picture = sum(bool(b.image) for b in captions)
        res["captions"] = (with_picture == len(captions), f"{with_picture}/{len(captions)}")
    if "links_in_body" in entry:
        links = sum(len(b.links) for b in article.blocks)
        res["links"] = (links == entry["links_in_body"], f"{links} vs {entry['links_in_body']}")
    return res, leaked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print the detail of every failed check"
    )
    parser.add_argument(
        "--no-rules", action="store_true", help="ignore the per-site rules (generic path only)"
    )
    args = parser.parse_args()
    if args.no_rules:
        sites.RULES = ()
    totals: dict[str, list[int]] = {}
    leaked_total = 0
    pages = 0
    for corpus in ("ru-news", "ru-synthetic"):
        folder = SHARED / "corpus" / corpus
        if not (folder / "manifest.json").exists():
            print(f"corpus not found: {folder}")
            continue
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            pages += 1
            try:
                article = load(entry, folder)
            except Exception as exc:  # noqa: BLE001 -- a crash is a failed page, reported, not a stopped run
                print(f"{entry['id']:16s} CRASH {type(exc).__name__}: {exc}")
                totals.setdefault("crash", [0, 0])[1] += 1
                continue
            res, leaked = check(entry, article)
            leaked_total += len(leaked)
            failed = [k for k, (ok, _) in res.items() if not ok]
            for key, (ok, _) in res.items():
                totals.setdefault(key, [0, 0])
                totals[key][0] += ok
                totals[key][1] += 1
            print(f"{entry['id']:16s} {'ok' if not failed else 'FAIL ' + ','.join(failed)}")
            if args.verbose:
                for key in failed:
                    print(f"    {key}: {res[key][1]}")
    print(f"\n{pages} pages")
    for key, (ok, n) in totals.items():
        print(f"  {key:11s} {ok:3d}/{n:<3d} {100 * ok / n:5.1f}%")
    print(f"  chrome strings leaked: {leaked_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
