"""Labels, inline marks and footnotes of every shared corpus page against its manifest.

For each page: the page label (found, with the manifest's party, gone from the body, English by
template), each inline mark of `inline_marks_ru` (masked by template where it is an aside, or
left in its sentence for the engine and checked by the publish gate), the footnotes (a
banned-in-Russia note kept exactly where `footnote_expected` says) and stray asterisks (a name
marked * in the copy with no note left to explain it). Prints one line per page and the totals:

    python bench/labels.py [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from bs4 import UnicodeDammit

from translator.article import Article
from translator.config import Config
from translator.extract import extract
from translator.labels.apply import apply_labels
from translator.labels.glossary import Glossary
from translator.labels.patterns import ASTERISKED

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", HERE.parent.parent / "shared"))


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub('["«»“”„]', "", text)).strip()


def load(entry: dict, folder: Path, glossary: Glossary) -> Article:
    raw = (folder / "pages" / f"{entry['id']}.html").read_bytes()
    html = UnicodeDammit(raw, is_html=True).unicode_markup
    return apply_labels(extract(Article(url=entry["url"], html=html)), glossary)


def label_check(entry: dict, article: Article) -> tuple[bool, str]:
    page = [l for l in article.labels if l.placement == "page"]
    if not entry.get("has_foreign_agent_label"):
        return not page, f"unexpected {[(l.kind, l.party) for l in page]}"
    party = entry.get("label_party_ru")
    party_ok = not party or any(norm(l.party or "") == norm(party) for l in page)
    texts = [b.text for b in article.blocks] + [article.title or "", article.lead or ""]
    gone = not any(norm(entry["label_text_ru"]) in norm(t) for t in texts)
    ok = bool(page) and party_ok and gone and all(l.text.isascii() for l in page)
    return ok, f"labels={[(l.kind, l.party) for l in page]} gone={gone}"


def mark_checks(entry: dict, article: Article) -> list[tuple[bool, str]]:
    results = []
    for mark in entry.get("inline_marks_ru") or []:
        masked = any(mark in b.text[f.start : f.end] for b in article.blocks for f in b.fixed)
        in_sentence = any(l.in_sentence and mark in l.source_text for l in article.labels)
        noted = any(mark in n.source_text for n in article.notes)
        how = "masked" if masked else "in its sentence" if in_sentence else "note" if noted else ""
        results.append((bool(how), f"{mark!r}: {how or 'missed'}"))
    return results


def footnote_check(entry: dict, article: Article) -> tuple[bool, str] | None:
    if "footnote_expected" not in entry and not entry.get("banned_note_ru"):
        return None
    expected = entry.get("footnote_expected", False)
    banned = any("banned in Russia" in n.text for n in article.notes) or any(
        "banned in Russia" in f.en for b in article.blocks for f in b.fixed
    )
    return banned == expected, f"expected={expected} notes={[n.text for n in article.notes]}"


def stray_asterisks(article: Article) -> list[str]:
    """Names marked * in the copy that no kept note explains."""
    body = "\n".join(b.text for b in article.blocks)
    starred = [n.split()[-1].strip('«»"“”') for n in ASTERISKED.findall(body)]
    explained = " ".join(f"{n.source_text} {n.referent or ''}" for n in article.notes)
    return [name for name in starred if name not in explained]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="detail of every check")
    args = parser.parse_args()
    glossary = Glossary.load(Config())
    totals = {"label": [0, 0], "marks": [0, 0], "footnote": [0, 0], "no stray *": [0, 0]}
    for corpus in ("ru-news", "ru-synthetic"):
        folder = SHARED / "corpus" / corpus
        if not (folder / "manifest.json").exists():
            print(f"corpus not found: {folder} (set TRANSLATOR_SHARED)")
            continue
        for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            article = load(entry, folder, glossary)
            checks: dict[str, list[tuple[bool, str]]] = {"marks": mark_checks(entry, article)}
            for name, result in (
                ("label", label_check(entry, article)),
                ("footnote", footnote_check(entry, article)),
            ):
                checks[name] = [result] if result else []
            stray = stray_asterisks(article)
            checks["no stray *"] = [(not stray, f"stray: {stray}")]
            failed = []
            for name, results in checks.items():
                for ok, detail in results:
                    totals[name][0] += ok
                    totals[name][1] += 1
                    if not ok or args.verbose:
                        failed.append(f"{name}: {detail}")
            bad = any(not ok for results in checks.values() for ok, _ in results)
            print(f"{entry['id']:16s} {'FAIL' if bad else 'ok'}")
            for line in failed:
                print(f"    {line}")
    print()
    for name, (ok, n) in totals.items():
        share = f"{100 * ok / n:5.1f}%" if n else "   n/a"
        print(f"  {name:11s} {ok:3d}/{n:<3d} {share}")
    return 0 if all(ok == n for ok, n in totals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
