"""Translation-stage figures on the shared Russian news pages, with loopback engines only.

Corpus mode (default), per engine stand-in (Google mobile page, LibreTranslate, DeepL):
  - requests and characters per article against the least the engine allows: for one-string
    engines one request per segment (two paragraphs never share a string), for batching
    engines ceil(characters / limit) and ceil(segments / items per request);
  - characters re-sent on an unchanged re-run (target 0) and after editing one paragraph
    (target: that paragraph's length);
  - merges: a string sent that holds more than one unit, or a block whose translation is not
    exactly its own (target 0);
  - throughput with a stand-in adding 200 ms per request, at the default config
    (concurrency 4, 5 requests/s).

    python bench/translation.py [--engines google,libre,deepl] [--latency 0.2]

MT mode scores an engine on a parallel set with sacrebleu (BLEU, chrF), next to the stored
outputs of other systems in the set's anchors/ folder:

    python bench/translation.py --mt-set ../shared/bench/mt/newstest2020-ruen --engine libre \\
        --engine-url http://127.0.0.1:5000 [--limit 200]
    python bench/translation.py --mt-set ... --engine google --loopback   # stand-in, no network
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))

from tests.engine_servers import (  # noqa: E402
    DeeplServer,
    GoogleMobileServer,
    LibreServer,
    fake_translate,
)
from translator.article import Article, Block  # noqa: E402
from translator.cache import Cache  # noqa: E402
from translator.config import Config, EngineSettings  # noqa: E402
from translator.translate import get_engine, translate_article  # noqa: E402
from translator.translate.segment import mask, needs_translation, split_to_fit  # noqa: E402

STAND_INS = {"google": (GoogleMobileServer, "/m"), "libre": (LibreServer, ""),
             "deepl": (DeeplServer, "")}


def load_articles() -> list[Article]:
    """The ru-news pages, extracted by translator.extract (or a bs4 fallback on body_selector)."""
    manifest = SHARED / "corpus" / "ru-news" / "manifest.json"
    if not manifest.exists():
        sys.exit(f"no corpus at {manifest} (set TRANSLATOR_SHARED)")
    articles = []
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        html = (manifest.parent / "pages" / f"{entry['id']}.html").read_text(encoding="utf-8",
                                                                           errors="replace")
        article = Article(url=entry["url"], html=html)
        try:
            from translator.extract import extract

            article = extract(article)
        except ImportError:
            article = _bs4_extract(article, entry["body_selector"])
        article.html = ""
        article.outlet = entry["id"]
        articles.append(article)
    return articles


def _bs4_extract(article: Article, selector: str) -> Article:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(article.html, "lxml")
    body = soup.select_one(selector)
    article.title = soup.title.get_text(" ", strip=True) if soup.title else ""
    article.blocks = [Block("paragraph", p.get_text(" ", strip=True))
                      for p in (body.find_all("p") if body else []) if p.get_text(strip=True)]
    return article


def units_of(article: Article) -> list[str]:
    """The distinct pieces translate_article must get from an engine."""
    texts = [article.title, article.lead or "", article.image.caption if article.image and
             article.image.caption else ""]
    for block in article.blocks:
        texts.append(mask(block.text, block.fixed).text)
        texts += [link.text for link in block.links if link.text.strip() != block.text.strip()]
    units = []
    for text in texts:
        for line in text.split("\n"):
            if needs_translation(line):
                units.append(line.strip())
    return list(dict.fromkeys(units))


def make_engine(name: str, url: str, config: Config):
    if name == "deepl":
        config.engines["deepl"] = EngineSettings(api_key="bench:fx")
    engine = get_engine(name, config, engine_url=url)
    return engine


def corpus_bench(names: list[str], latency: float) -> None:
    pristine = load_articles()
    print(f"{len(pristine)} articles from {SHARED / 'corpus' / 'ru-news'}, "
          f"{sum(len(a.blocks) for a in pristine)} blocks")
    for name in names:
        articles = copy.deepcopy(pristine)
        server_cls, suffix = STAND_INS[name]
        rows = []
        url_bytes = 0
        with server_cls() as server, tempfile.TemporaryDirectory() as tmp:
            config = Config()
            engine = make_engine(name, server.url + suffix, config)
            engine.controls.limiter.interval = 0.0
            for article in articles:
                cache = Cache(Path(tmp) / article.outlet)
                units = units_of(article)
                pieces = [p for u in units for p in split_to_fit(u, lambda t: engine.fits([t]))]
                chars_min = sum(len(p) for p in pieces)
                url_bytes += sum(len(quote_plus(p)) for p in pieces)
                if engine.max_items == 1:
                    req_min = len(pieces)
                else:
                    req_min = max(math.ceil(len(pieces) / engine.max_items),
                                  math.ceil(chars_min / engine.max_chars)) if pieces else 0
                first = len(server.texts)
                stats = translate_article(article, engine, cache)
                sent = [t for batch in server.texts[first:] for t in batch]
                merged = sum(1 for t in sent if t not in pieces)
                merged += sum(1 for b in article.blocks
                              if b.text_en != fake_translate(b.text) and not b.fixed)
                again = translate_article(article, engine, cache).characters_sent
                longest = max((b for b in article.blocks if needs_translation(b.text)),
                              key=lambda b: len(b.text), default=None)
                edit_sent = edit_len = 0
                if longest is not None:
                    longest.text = longest.text + " Текст изменён."
                    longest.links = []
                    edit_sent = translate_article(article, engine, cache).characters_sent
                    edit_len = len(longest.text)
                rows.append((article.outlet, stats.requests, req_min, stats.characters_sent,
                             chars_min, again, edit_sent, edit_len, merged))
                cache.close()
        _print_rows(name, rows)
        if name == "google":
            print(f"(if paragraphs could share a request: at least {math.ceil(url_bytes / 16000)} "
                  "requests of 16,000 URL bytes; we never mix paragraphs in one string)")
        throughput(name, copy.deepcopy(pristine), latency)


def _print_rows(name: str, rows: list[tuple]) -> None:
    print(f"\n== {name} (loopback stand-in) ==")
    print(f"{'article':<14}{'req':>5}{'min':>5}{'chars':>8}{'min':>8}{'rerun':>7}"
          f"{'edit':>7}{'para':>7}{'merges':>7}")
    for row in rows:
        print(f"{row[0]:<14}{row[1]:>5}{row[2]:>5}{row[3]:>8}{row[4]:>8}{row[5]:>7}"
              f"{row[6]:>7}{row[7]:>7}{row[8]:>7}")
    req, req_min = sum(r[1] for r in rows), sum(r[2] for r in rows)
    chars, chars_min = sum(r[3] for r in rows), sum(r[4] for r in rows)
    print(f"total: {req} requests vs {req_min} minimum ({req / max(req_min, 1):.2f}x), "
          f"{chars} characters vs {chars_min} ({chars / max(chars_min, 1):.2f}x); "
          f"unchanged re-run re-sent {sum(r[5] for r in rows)} characters; one-paragraph edit "
          f"re-sent {sum(r[6] for r in rows)} for {sum(r[7] for r in rows)} edited; "
          f"merges {sum(r[8] for r in rows)}")


def throughput(name: str, articles: list[Article], latency: float) -> None:
    server_cls, suffix = STAND_INS[name]
    with server_cls(latency=latency) as server, tempfile.TemporaryDirectory() as tmp:
        config = Config()
        engine = make_engine(name, server.url + suffix, config)
        cache = Cache(tmp)
        fresh = articles
        started = time.monotonic()
        for article in fresh:
            translate_article(article, engine, cache)
        elapsed = time.monotonic() - started
    print(f"throughput, {latency * 1000:.0f} ms per request, concurrency "
          f"{config.translate.concurrency}, {config.translate.requests_per_second:g} req/s: "
          f"{len(fresh)} articles, {server.requests_count} requests in {elapsed:.1f} s = "
          f"{elapsed / len(fresh):.2f} s/article, {server.requests_count / elapsed:.1f} req/s")


def mt_bench(folder: Path, name: str, url: str | None, loopback: bool, limit: int | None) -> None:
    import sacrebleu

    src = (folder / "src.ru").read_text(encoding="utf-8").splitlines()
    ref = (folder / "ref.en").read_text(encoding="utf-8").splitlines()
    if limit:
        src, ref = src[:limit], ref[:limit]
    server = None
    if loopback:
        server_cls, suffix = STAND_INS[name]
        server = server_cls().__enter__()
        url = server.url + suffix
    try:
        engine = make_engine(name, url, Config()) if name in STAND_INS else \
            get_engine(name, Config(), engine_url=url)
        if loopback:
            engine.controls.limiter.interval = 0.0  # the 5 req/s default is for real services
        article = Article(url="mt-set", title="", blocks=[Block("paragraph", s) for s in src])
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            stats = translate_article(article, engine, Cache(tmp))
            elapsed = time.monotonic() - started
    finally:
        if server:
            server.__exit__(None, None, None)
    hyp = [b.text_en or "" for b in article.blocks]
    print(f"{folder.name}: {len(src)} segments, {stats.requests} requests, "
          f"{stats.characters_sent} characters, {elapsed:.1f} s")
    rows = [(f"{name}{' (loopback stand-in)' if loopback else ''}", hyp)]
    for anchor in sorted((folder / "anchors").glob("*.en")):
        lines = anchor.read_text(encoding="utf-8").splitlines()[: len(src)]
        rows.append((f"anchor: {anchor.stem}", lines))
    for label, lines in rows:
        bleu = sacrebleu.corpus_bleu(lines, [ref])
        chrf = sacrebleu.corpus_chrf(lines, [ref])
        print(f"{label:<36} BLEU {bleu.score:6.2f}  chrF {chrf.score:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="google,libre,deepl")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--mt-set", type=Path)
    parser.add_argument("--engine", default="google")
    parser.add_argument("--engine-url")
    parser.add_argument("--loopback", action="store_true",
                        help="start a stand-in for --engine (google, libre, deepl) on 127.0.0.1")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if args.mt_set:
        mt_bench(args.mt_set, args.engine, args.engine_url, args.loopback, args.limit)
    else:
        corpus_bench(args.engines.split(","), args.latency)


if __name__ == "__main__":
    main()
