"""Bring in the public extraction benchmarks bench/extraction.py scores beside the shared one.

Nothing it writes is committed: the data goes to `bench/.data/` (gitignored) or to the folder
named by TRANSLATOR_BENCH_DATA, in the shared bench's layout (`ground-truth.json` with
`{"articleBody", "url"}` per id, `html/<id>.html.gz`), so one loader and one scorer read all.

Datasets:
- `daniel-ru` and `daniel`: the DAnIEL corpus v2.1 as packaged by github.com/rundimeco/waddle
  (Lejeune & Barbaresi's multilingual evaluation of text extractors; GPL-3.0): news pages of
  2011-2012 with a hand-made reference of the article text. `daniel-ru` holds its 266 Russian
  pages (121 sites), `daniel` the 1,423 others (English, Chinese, Greek, Polish). Pages are
  decoded to UTF-8 as the fetch stage decodes them (BOM, declared charset, detection).
- `cleanportaleval`: CleanPortalEval (github.com/ppke-nlpg/CleanPortalEval; Endrédy & Novák
  2013): 70 English pages of five portal sections, several pages per site, with a
  CleanEval-style hand-made gold standard.
- `readability`: Mozilla Readability's test pages (github.com/mozilla/readability,
  test/test-pages/*/source.html; Apache-2.0). The reference body is the text of expected.html,
  which is Readability.js's own output, checked by hand: the set measures agreement with
  readability's idea of the article, so readability-lxml is favoured on it.
- `l3s-gn1`: L3S-GN1 (Kohlschuetter, Fankhauser & Nejdl, WSDM 2010; research use), as kept in
  github.com/geodrome/page-signal: 621 English news pages of 2008 from 408 sites, annotated by
  hand block by block. The reference is the headline, full text and supplemental text
  (captions) -- classes x-nc-sel1..3, as the Web Content Extraction Benchmark reads it.
- `l3s-gn1-fulltext`: the same pages, the reference their headline and full text only
  (x-nc-sel1..2). The supplemental class also holds the bylines, datelines and wire copyright
  lines that a copy made for republishing leaves out of its body, so this view shows how much
  of a difference on `l3s-gn1` is that text.
- `newspaper4k`: the article extraction dataset of newspaper4k
  (github.com/AndyTheFactory/article-extraction-dataset; Apache-2.0): 424 news pages of 2023
  from 212 sites, two per site, each article's text cleaned of boilerplate by hand. The
  reference is that text alone (no headline), as on the shared bench.

    python bench/get_datasets.py [--from-daniel GIT_DIR] [--from-cleanportaleval GIT_DIR]
        [--from-readability GIT_DIR] [--from-l3s-gn1 GIT_DIR] [--from-newspaper4k GIT_DIR]

With --from-..., the pages are read from a local git directory of that repository (a clone or
a mirror); without it, the repository is cloned shallowly into a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_entities
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_ROOT = Path(os.environ.get("TRANSLATOR_BENCH_DATA", ROOT / "bench" / ".data"))
READABILITY_REPO = "https://github.com/mozilla/readability"
DANIEL_REPO = "https://github.com/rundimeco/waddle"
CLEANPORTALEVAL_REPO = "https://github.com/ppke-nlpg/CleanPortalEval"
L3S_GN1_REPO = "https://github.com/geodrome/page-signal"
NEWSPAPER4K_REPO = "https://github.com/AndyTheFactory/article-extraction-dataset"
PAGES = "test/test-pages"
L3S_GN1 = "L3S-GN1-20100130203947-00001"
# headline, full text, supplemental; sel4 (related content), sel5 (comments), sel0 are not article
_L3S_ARTICLE = ("x-nc-sel1", "x-nc-sel2", "x-nc-sel3")
_L3S_FULL_TEXT = ("x-nc-sel1", "x-nc-sel2")
_NOT_PAGE_TEXT = frozenset({"script", "style", "noscript", "iframe", "object", "title", "head"})
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "br",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "form",
    ]
)
DANIEL = "corpora/Corpus_daniel_v2.1"
_CLEANEVAL_MARK = re.compile(r"^\s*<(?:p|h|l)>\s*", re.MULTILINE)
_CLEANEVAL_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # "this page contains no article"
_CLEANEVAL_URL = re.compile(r"^\s*URL:\s*(\S+)\s*$", re.MULTILINE)
_TEXT_ID = re.compile(rb'^\s*<text id="([^"]+)">', re.IGNORECASE)


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True
    ).stdout


def _file(git_dir: Path, path: str) -> bytes | None:
    """The file at `path` in the repository's HEAD, or None where it has none (a page
    without its reference)."""
    try:
        return _git(git_dir, "show", f"HEAD:{path}")
    except subprocess.CalledProcessError:
        return None


def readability_pages(git_dir: Path, out: Path) -> int:
    """Write the Readability test pages under `out`; return how many."""
    names = _git(git_dir, "ls-tree", "--name-only", "HEAD", f"{PAGES}/").decode().split()
    pages: dict[str, tuple[str, str, str]] = {}
    for folder in names:
        page_id = folder.rsplit("/", 1)[-1]
        source = _file(git_dir, f"{folder}/source.html")
        expected = _file(git_dir, f"{folder}/expected.html")
        if source is None or expected is None:
            continue
        pages[page_id] = (
            f"http://fakehost/test/{page_id}/",
            source.decode("utf-8", "replace"),
            _markup_text(expected.decode("utf-8", "replace")),
        )
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    return _write(out, pages, f"{READABILITY_REPO} {commit}")


def _write(out: Path, pages: dict[str, tuple[str, str, str]], source: str) -> int:
    """Write (url, html, reference) per id in the shared bench's layout; return how many."""
    (out / "html").mkdir(parents=True, exist_ok=True)
    truth = {}
    for page_id, (url, page, reference) in sorted(pages.items()):
        truth[page_id] = {"articleBody": reference, "url": url}
        (out / "html" / f"{page_id}.html.gz").write_bytes(
            gzip.compress(page.encode("utf-8"), mtime=0)
        )
    (out / "ground-truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    (out / "SOURCE").write_text(source + "\n", encoding="utf-8")
    return len(truth)


def _decoded(body: bytes) -> str:
    from translator.fetch.charset import decode_html

    return decode_html(body, None)[0]


def _markup_text(reference: str) -> str:
    """A reference written as HTML paragraphs, as text: one line per text node."""
    tree = lxml_html.fromstring(reference)
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def daniel_pages(git_dir: Path, out_ru: Path, out_other: Path) -> tuple[int, int]:
    """Write the DAnIEL pages: Russian under `out_ru`, the other languages under `out_other`."""
    languages = json.loads(_git(git_dir, "show", f"HEAD:{DANIEL}/doc_lg.json"))
    names = _git(git_dir, "ls-tree", "--name-only", "HEAD", f"{DANIEL}/html/").decode().split()
    russian: dict[str, tuple[str, str, str]] = {}
    other: dict[str, tuple[str, str, str]] = {}
    for path in names:
        page_id = path.rsplit("/", 1)[-1]
        reference = _file(git_dir, f"{DANIEL}/reference/{page_id}")
        if reference is None:
            continue
        host = page_id.split("_")[1]
        entry = (
            f"http://{host}/{page_id}",
            _decoded(_git(git_dir, "show", f"HEAD:{path}")),
            _markup_text(reference.decode("utf-8", "replace")),
        )
        (russian if languages.get(page_id) == "Russian" else other)[page_id] = entry
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    source = f"{DANIEL_REPO} {commit} {DANIEL}"
    return _write(out_ru, russian, source), _write(out_other, other, source)


def _cleaneval_text(gold: str) -> tuple[str | None, str]:
    """(URL, text) of a CleanEval-style gold standard: its <p>/<h>/<l> marks taken off."""
    found = _CLEANEVAL_URL.search(gold)
    body = _CLEANEVAL_COMMENT.sub("", _CLEANEVAL_URL.sub("", gold))
    lines = (
        html_entities.unescape(line).strip() for line in _CLEANEVAL_MARK.sub("", body).split("\n")
    )
    return (found.group(1) if found else None), "\n".join(line for line in lines if line)


def cleanportaleval_pages(git_dir: Path, out: Path) -> int:
    """Write the CleanPortalEval pages under `out`; return how many."""
    names = _git(git_dir, "ls-tree", "--name-only", "HEAD", "input/").decode().split()
    pages: dict[str, tuple[str, str, str]] = {}
    for path in names:
        page_id = path.rsplit("/", 1)[-1].removesuffix(".html")
        gold = _file(git_dir, f"GoldStandard/{page_id}.txt")
        if gold is None:
            continue
        body = _git(git_dir, "show", f"HEAD:{path}")
        # Each input is wrapped in CleanEval's <text id="URL"> line, which is not part of the page.
        wrapped = _TEXT_ID.match(body)
        if wrapped:
            body = body[wrapped.end() :]
        url, reference = _cleaneval_text(gold.decode("utf-8", "replace"))
        url = url or (wrapped.group(1).decode() if wrapped else f"http://{page_id}/")
        pages[page_id] = (url, _decoded(body), reference)
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    return _write(out, pages, f"{CLEANPORTALEVAL_REPO} {commit}")


def _annotated_text(annotated: str, kept: tuple[str, ...] = _L3S_ARTICLE) -> str:
    """The article text of an L3S-GN1 annotated page: the text under the spans of `kept`
    (headline, full text and supplemental) in page order, one line per annotated block.

    The annotator's spans nest (a sel2 block inside another), so each piece of text takes the
    class of its innermost annotated span and is read once; scripts, styles, noscript markup and
    iframe fallbacks and what the annotator marked x-nc-invisible are not page text.
    """
    lines: list[str] = []
    current: list[str] = []

    def add(label: str | None, text: str | None) -> None:
        if text and label in kept:
            current.append(text)

    def cut() -> None:
        line = " ".join(" ".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    labels: list[str | None] = []
    for event, el in etree.iterwalk(lxml_html.fromstring(annotated), events=("start", "end")):
        if event == "start":
            above = labels[-1] if labels else None
            label = above
            if not isinstance(el.tag, str):
                label = "skip"
            else:
                classes = (el.get("class") or "").split()
                if el.tag in _NOT_PAGE_TEXT or "x-nc-invisible" in classes or above == "skip":
                    label = "skip"
                else:
                    label = next((c for c in classes if c.startswith("x-nc-sel")), above)
                if label != above or el.tag in _BLOCK_TAGS:
                    cut()
            labels.append(label)
            if label != "skip" or isinstance(el.tag, str):
                add(label, el.text)
        else:
            label = labels.pop()
            if isinstance(el.tag, str) and (
                el.tag in _BLOCK_TAGS or label != (labels[-1] if labels else None)
            ):
                cut()
            add(labels[-1] if labels else None, el.tail)
    cut()
    return "\n".join(lines)


def l3s_gn1_pages(git_dir: Path, out: Path, classes: tuple[str, ...] = _L3S_ARTICLE) -> int:
    """Write the L3S-GN1 pages under `out`, their references the text of `classes`; return
    how many."""
    mapping = _git(git_dir, "show", f"HEAD:{L3S_GN1}/url-mapping.txt").decode("utf-8", "replace")
    urls = {}
    for line in mapping.splitlines():
        uuid, _, url = line.partition("\t")
        urls[uuid.strip().removeprefix("<urn:uuid:").removesuffix(">")] = url.strip()
    names = (
        _git(git_dir, "ls-tree", "--name-only", "HEAD", f"{L3S_GN1}/annotated/").decode().split()
    )
    pages: dict[str, tuple[str, str, str]] = {}
    for path in names:
        page_id = path.rsplit("/", 1)[-1].removesuffix(".html")
        original = _file(git_dir, f"{L3S_GN1}/original/{page_id}.html")
        if original is None:
            continue
        original_text = _decoded(original)
        reference = _annotated_text(_decoded(_git(git_dir, "show", f"HEAD:{path}")), classes)
        pages[page_id] = (urls.get(page_id, f"http://{page_id}/"), original_text, reference)
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    return _write(out, pages, f"{L3S_GN1_REPO} {commit} {L3S_GN1}")


def newspaper4k_pages(git_dir: Path, out: Path) -> int:
    """Write the newspaper4k dataset's pages under `out`; return how many."""
    articles = json.loads(_git(git_dir, "show", "HEAD:articles.json"))
    pages: dict[str, tuple[str, str, str]] = {}
    for page_id, entry in articles.items():
        page = _file(git_dir, f"html/{page_id}.html")
        if page is None:
            continue
        pages[page_id] = (entry["url"], _decoded(page), entry["articleBody"])
    commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
    return _write(out, pages, f"{NEWSPAPER4K_REPO} {commit}")


def _git_dir(given: Path | None, repo: str, scratch: Path) -> Path:
    if given is not None:
        return given
    clone = scratch / repo.rsplit("/", 1)[-1]
    subprocess.run(["git", "clone", "--depth", "1", "--bare", repo, str(clone)], check=True)
    return clone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-daniel", type=Path, help="a local git dir of rundimeco/waddle")
    parser.add_argument(
        "--from-cleanportaleval", type=Path, help="a local git dir of ppke-nlpg/CleanPortalEval"
    )
    parser.add_argument(
        "--from-readability", type=Path, help="a local git dir of mozilla/readability"
    )
    parser.add_argument(
        "--from-l3s-gn1", type=Path, help="a local git dir of geodrome/page-signal (L3S-GN1)"
    )
    parser.add_argument(
        "--from-newspaper4k",
        type=Path,
        help="a local git dir of AndyTheFactory/article-extraction-dataset",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        russian, other = daniel_pages(
            _git_dir(args.from_daniel, DANIEL_REPO, scratch),
            DATA_ROOT / "daniel-ru",
            DATA_ROOT / "daniel",
        )
        print(f"daniel-ru: {russian} pages, daniel: {other} pages")
        portal = cleanportaleval_pages(
            _git_dir(args.from_cleanportaleval, CLEANPORTALEVAL_REPO, scratch),
            DATA_ROOT / "cleanportaleval",
        )
        print(f"cleanportaleval: {portal} pages")
        tests = readability_pages(
            _git_dir(args.from_readability, READABILITY_REPO, scratch), DATA_ROOT / "readability"
        )
        print(f"readability: {tests} pages")
        l3s = _git_dir(args.from_l3s_gn1, L3S_GN1_REPO, scratch)
        news = l3s_gn1_pages(l3s, DATA_ROOT / "l3s-gn1")
        full_text = l3s_gn1_pages(l3s, DATA_ROOT / "l3s-gn1-fulltext", _L3S_FULL_TEXT)
        print(f"l3s-gn1: {news} pages, l3s-gn1-fulltext: {full_text} pages")
        recent = newspaper4k_pages(
            _git_dir(args.from_newspaper4k, NEWSPAPER4K_REPO, scratch), DATA_ROOT / "newspaper4k"
        )
        print(f"newspaper4k: {recent} pages")
    print(f"written under {DATA_ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
