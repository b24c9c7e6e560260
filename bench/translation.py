"""Translation-stage figures on the shared Russian news pages, with loopback engines only.

Corpus mode (default), per engine stand-in (Google mobile page, LibreTranslate, DeepL, and on
request MyMemory, Microsoft, Yandex):
  - requests and characters per article against the least the engine's limit allows with
    packing: the bin-packing lower bound, over each of the engine's limits, ceil((total size +
    n x marker) / (limit + marker)) for n segments (r requests carry n - r boundary markers;
    Google: URL-encoded bytes of the query against 16,000 bytes less the rest of the URL, and
    4,999 characters; list APIs: characters and items per request, no markers), next to the
    greedy in-order packing of the same segments (the stage itself packs first-fit over its
    latest requests, so it may beat that); target: requests <= 1.25x the bound;
  - characters re-sent on an unchanged re-run (target 0) and after editing one paragraph
    (target: that paragraph's length, nothing else);
  - merges (target 0): a segment the engine received that is not exactly one unit of the
    article, or a headline/lead/caption/block whose English is not exactly the stand-in's
    translation of its own source (the stand-in transliterates, so it is predictable);
  - throughput with a stand-in adding 200 ms per request, at the default config
    (concurrency 4, 5 requests/s).

    python bench/translation.py [--engines google,libre,deepl,mymemory,microsoft,yandex]
        [--latency 0.2]

MT mode scores an engine on a parallel set with sacrebleu (BLEU, chrF), next to the stored
outputs of other systems in the set's anchors/ folder:

    python bench/translation.py --mt-set ../shared/bench/mt/newstest2020-ruen --engine libre \\
        --engine-url http://127.0.0.1:5000 [--limit 200]
    python bench/translation.py --mt-set ... --engine google --loopback   # stand-in, no network
    python bench/translation.py --mt-set ... --engine openai \\
        --engine-url http://localhost:11434/v1 --model qwen2.5:7b          # a local Ollama

LLM mode runs the openai and anthropic stand-ins over the corpus, each misbehaviour of
tests/engine_servers.py (and a 429 with retry-after-ms) injected on the first request of
every article: requests, tokens in and out, answers refused by verification, articles that
completed and copies exactly the stand-in's translation:

    python bench/translation.py --llm [--limit N]
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
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", ROOT.parent / "shared"))

from tests.engine_servers import (
    LLM_FAULTS,
    AnthropicServer,
    DeeplServer,
    Fault,
    GoogleMobileServer,
    LibreServer,
    MicrosoftServer,
    MyMemoryServer,
    OpenAIServer,
    YandexServer,
    fake_translate,
    unpack,
)
from translator.article import Article, Block
from translator.config import Config, EngineSettings
from translator.errors import TranslatorError
from translator.labels.glossary import Glossary
from translator.store import Cache
from translator.translate import translate_article
from translator.translate.engines import Engine, get_engine
from translator.translate.engines.deep import DeepTranslatorEngine
from translator.translate.engines.google import GOOGLE_MAX_URL_BYTES
from translator.translate.packing import marker
from translator.translate.segment import (
    mask,
    needs_translation,
    normalise,
    split_to_fit,
    unmask,
)

STAND_INS = {
    "google": (GoogleMobileServer, "/m"),
    "libre": (LibreServer, ""),
    "deepl": (DeeplServer, ""),
    "mymemory": (MyMemoryServer, ""),
    "microsoft": (MicrosoftServer, ""),
    "yandex": (YandexServer, ""),
    "openai": (OpenAIServer, "/v1"),
    "anthropic": (AnthropicServer, ""),
}
KEYED = {
    "deepl": "bench:fx",
    "microsoft": "bench",
    "yandex": "bench",
    "openai": "bench",
    "anthropic": "bench",
}
MODEL_ENGINES = ("openai", "anthropic")


def load_articles() -> list[Article]:
    """The ru-news pages, extracted by translator.extract (or a bs4 fallback on body_selector)."""
    manifest = SHARED / "corpus" / "ru-news" / "manifest.json"
    if not manifest.exists():
        sys.exit(f"no corpus at {manifest} (set TRANSLATOR_SHARED)")
    articles = []
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        html = (manifest.parent / "pages" / f"{entry['id']}.html").read_text(
            encoding="utf-8", errors="replace"
        )
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
    article.blocks = [
        Block("paragraph", p.get_text(" ", strip=True))
        for p in (body.find_all("p") if body else [])
        if p.get_text(strip=True)
    ]
    return article


def units_of(article: Article) -> list[str]:
    """The distinct lines translate_article must get from an engine (before cutting)."""
    texts = [
        article.title,
        article.lead or "",
        article.image.caption if article.image and article.image.caption else "",
    ]
    for block in article.blocks:
        texts.append(mask(block.text, block.fixed).text)
        texts += [link.text for link in block.links if link.text.strip() != block.text.strip()]
    # sent as written (a no-break space costs 6 URL bytes, a space 1)
    return distinct(
        [line.strip() for text in texts for line in text.split("\n") if needs_translation(line)]
    )


def distinct(texts: list[str]) -> list[str]:
    """The first of each set of texts with the same memory key, in order."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(normalise(text), text)
    return list(seen.values())


def limits(engine: Engine) -> list[tuple[Callable[[str], int], int, int]]:
    """(size of one segment, capacity of one request, least size of one boundary marker) for
    each limit the engine has; list APIs need no markers."""
    if isinstance(engine, DeepTranslatorEngine):
        chars = (len, engine.max_chars, len(marker(1)))
        if engine.name == "google":
            rest = (
                len(engine.base_url)
                + 1
                + len(urlencode({"tl": engine.target, "sl": engine.source, "q": ""}))
            )
        elif engine.name == "libre":
            rest = (
                len(engine.url)
                + 10
                + len(
                    urlencode(
                        {
                            "q": "",
                            "source": engine.source,
                            "target": engine.target,
                            "format": "text",
                            "api_key": engine.api_key,
                        }
                    )
                )
            )
        else:
            return [chars]
        url_bytes = (
            lambda t: len(urlencode({"q": t})) - 2,
            GOOGLE_MAX_URL_BYTES - rest,
            len(urlencode({"q": marker(1)})) - 2,
        )
        return [chars, url_bytes]
    if engine.name == "deepl":
        return [(lambda t: 2 * len(t), 120_000, 0), (lambda t: 1, engine.max_items, 0)]
    return [(len, engine.max_chars, 0), (lambda t: 1, engine.max_items, 0)]


def lower_bound(pieces: list[str], engine: Engine) -> int:
    """Fewest requests any packing could use. With r requests for n segments there are n - r
    markers, so r * capacity >= total + (n - r) * marker, i.e. r >= (total + n * marker) /
    (capacity + marker), for every limit."""
    if not pieces:
        return 0
    n = len(pieces)
    return max(
        math.ceil((sum(size(p) for p in pieces) + n * mark) / (cap + mark))
        for size, cap, mark in limits(engine)
    )


def greedy(pieces: list[str], engine: Engine) -> int:
    """Requests of the in-order packing that fills each request before starting the next."""
    count, current = 0, []
    for piece in pieces:
        if current and engine.fits(current + [piece]):
            current.append(piece)
            continue
        count += 1
        current = [piece]
    return count


def expected_english(text: str, fixed: list) -> str:
    masked = mask(text, fixed)
    lines = [fake_translate(line) for line in masked.text.split("\n")]
    return unmask("\n".join(lines), masked.values)


def merges_in(article: Article, received: list[str], pieces: set[str]) -> int:
    """Segments received that are not one unit, plus fields not exactly their own English."""
    keys = {normalise(p) for p in pieces}
    bad = sum(1 for seg in received if normalise(seg) not in keys)
    pairs = [(article.title, article.title_en), (article.lead, article.lead_en)]
    if article.image and article.image.caption:
        pairs.append((article.image.caption, article.image.caption_en))
    bad += sum(
        1
        for src, en in pairs
        if src and " ".join(en.split()) != " ".join(fake_translate(src).split())
    )
    for block in article.blocks:
        if " ".join((block.text_en or "").split()) != " ".join(
            expected_english(block.text, block.fixed).split()
        ):
            bad += 1
    return bad


def segments_received(server, engine: Engine, first: int) -> list[str]:
    """Segments the stand-in received since its `first` request, packed strings cut apart."""
    packed = isinstance(engine, DeepTranslatorEngine)
    return [
        seg
        for batch in server.texts[first:]
        for text in batch
        for seg in (unpack(text) if packed else [text])
    ]


def make_engine(name: str, url: str, config: Config) -> Engine:
    if name in KEYED:
        config.engines[name] = EngineSettings(api_key=KEYED[name], model="stand-in")
    return get_engine(name, config, engine_url=url)


def llm_bench(limit: int | None) -> None:
    """Both language-model stand-ins, each misbehaviour injected on the first request of
    every article: requests, tokens, verification failures caught, copies right."""
    pristine = load_articles()[:limit] if limit else load_articles()
    print(f"{len(pristine)} articles from {SHARED / 'corpus' / 'ru-news'}, one fault an article")
    header = (
        f"{'engine':<10} {'misbehaviour':<13} {'requests':>8} {'tokens in':>10} "
        f"{'tokens out':>10} {'answers refused':>15} {'segments refused':>16} "
        f"{'complete':>9} {'exact':>7}"
    )
    print(header)
    print("-" * len(header))
    for name in MODEL_ENGINES:
        for fault in ("none", *LLM_FAULTS, "429"):
            row = _llm_row(name, fault, copy.deepcopy(pristine))
            print(f"{name:<10} {fault:<13} " + " ".join(row))


def _llm_row(name: str, fault: str, articles: list[Article]) -> list[str]:
    server_cls, suffix = STAND_INS[name]
    requests = tokens_in = tokens_out = refused = answers = complete = exact = 0
    glossary = Glossary.load(Config())
    with server_cls() as server, tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(name, server.url + suffix, Config())
        engine.controls.limiter.interval = 0.0
        engine.controls.sleep = lambda s: None
        cache = Cache(tmp)
        for article in articles:
            if fault == "429":
                server.inject(Fault(status=429, headers={"retry-after-ms": "10"}))
            elif fault != "none":
                server.inject(Fault(kind=fault))
            try:
                stats = translate_article(article, engine, cache, glossary)
            except Exception:  # noqa: BLE001 -- counted as an article that did not complete
                server.faults.clear()
                continue
            server.faults.clear()
            requests += stats.requests
            tokens_in += stats.tokens_in
            tokens_out += stats.tokens_out
            refused += stats.refused
            answers += stats.answers_refused
            complete += 1
            exact += all(
                b.text_en == expected_english(b.text, glossary.find(b.text)) for b in article.blocks
            )
        engine.close()
        cache.close()
    n = len(articles)
    return [
        f"{requests:>8}",
        f"{tokens_in:>10}",
        f"{tokens_out:>10}",
        f"{answers:>15}",
        f"{refused:>16}",
        f"{complete:>4}/{n:<4}",
        f"{exact:>3}/{n:<3}",
    ]


def corpus_bench(names: list[str], latency: float) -> None:
    pristine = load_articles()
    print(
        f"{len(pristine)} articles from {SHARED / 'corpus' / 'ru-news'}, "
        f"{sum(len(a.blocks) for a in pristine)} blocks"
    )
    for name in names:
        articles = copy.deepcopy(pristine)
        server_cls, suffix = STAND_INS[name]
        rows = []
        with server_cls() as server, tempfile.TemporaryDirectory() as tmp:
            config = Config()
            engine = make_engine(name, server.url + suffix, config)
            engine.controls.limiter.interval = 0.0
            for article in articles:
                cache = Cache(Path(tmp) / article.outlet)
                fits_one = lambda t, engine=engine: engine.fits([t])
                pieces = [p for u in units_of(article) for p in split_to_fit(u, fits_one)]
                pieces = distinct(pieces)
                first = len(server.texts)
                stats = translate_article(article, engine, cache)
                received = segments_received(server, engine, first)
                merged = merges_in(article, received, set(pieces))
                again = translate_article(article, engine, cache).characters_sent
                longest = max(
                    (b for b in article.blocks if needs_translation(b.text)),
                    key=lambda b: len(b.text),
                    default=None,
                )
                edit_sent = edit_len = others = 0
                if longest is not None:
                    longest.text = longest.text + " Текст изменён."
                    longest.links = []
                    first = len(server.texts)
                    edit_sent = translate_article(article, engine, cache).characters_sent
                    edit_len = len(longest.text)
                    merged += merges_in(article, [], set(pieces))
                    # everything re-sent must come from the edited paragraph
                    edited = " ".join(longest.text.split())
                    others = sum(
                        len(seg)
                        for seg in segments_received(server, engine, first)
                        if normalise(seg) not in edited
                    )
                rows.append(
                    (
                        article.outlet,
                        stats.requests,
                        lower_bound(pieces, engine),
                        greedy(pieces, engine),
                        stats.characters_sent,
                        sum(len(p) for p in pieces),
                        again,
                        edit_sent,
                        edit_len,
                        merged,
                        len(pieces),
                        others,
                    )
                )
                cache.close()
        _print_rows(name, rows)
        throughput(name, copy.deepcopy(pristine), latency)


def _print_rows(name: str, rows: list[tuple]) -> None:
    print(f"\n== {name} (loopback stand-in) ==")
    print(
        f"{'article':<14}{'segs':>5}{'req':>5}{'bound':>6}{'greedy':>7}{'chars':>8}{'min':>8}"
        f"{'rerun':>7}{'edit':>7}{'para':>7}{'other':>7}{'merges':>7}"
    )
    for r in rows:
        print(
            f"{r[0]:<14}{r[10]:>5}{r[1]:>5}{r[2]:>6}{r[3]:>7}{r[4]:>8}{r[5]:>8}{r[6]:>7}"
            f"{r[7]:>7}{r[8]:>7}{r[11]:>7}{r[9]:>7}"
        )
    req, bound, greedy_ = sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)
    chars, chars_min = sum(r[4] for r in rows), sum(r[5] for r in rows)
    worst = max(r[1] / max(r[2], 1) for r in rows)
    print(
        f"total: {req} requests vs lower bound {bound} ({req / max(bound, 1):.2f}x; worst "
        f"article {worst:.2f}x) and in-order greedy packing {greedy_}; {chars} characters vs "
        f"{chars_min} ({chars / max(chars_min, 1):.3f}x, the rest is boundary markers); "
        f"unchanged re-run re-sent {sum(r[6] for r in rows)} characters; one-paragraph edit "
        f"re-sent {sum(r[7] for r in rows)} for {sum(r[8] for r in rows)} edited, "
        f"{sum(r[11] for r in rows)} from other paragraphs; merges {sum(r[9] for r in rows)}"
    )


def throughput(name: str, articles: list[Article], latency: float) -> None:
    server_cls, suffix = STAND_INS[name]
    with server_cls(latency=latency) as server, tempfile.TemporaryDirectory() as tmp:
        config = Config()
        engine = make_engine(name, server.url + suffix, config)
        cache = Cache(tmp)
        started = time.monotonic()
        for article in articles:
            translate_article(article, engine, cache)
        elapsed = time.monotonic() - started
    print(
        f"throughput, {latency * 1000:.0f} ms per request, concurrency "
        f"{config.translate.concurrency}, {config.translate.requests_per_second:g} req/s: "
        f"{len(articles)} articles, {server.requests_count} requests in {elapsed:.1f} s = "
        f"{elapsed / len(articles):.2f} s/article, {server.requests_count / elapsed:.1f} req/s"
    )


def mt_bench(
    folder: Path,
    name: str,
    url: str | None,
    loopback: bool,
    limit: int | None,
    model: str | None = None,
) -> None:
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
        config = Config()
        if model:
            config.engines[name] = EngineSettings(model=model)
        engine = make_engine(name, url, config) if loopback else get_engine(name, config, url)
        if loopback:
            engine.controls.limiter.interval = 0.0  # the 5 req/s default is for real services
        article = Article(url="mt-set", title="", blocks=[Block("paragraph", s) for s in src])
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            try:
                stats = translate_article(article, engine, Cache(tmp))
            except TranslatorError as exc:
                sys.exit(f"{name}: {exc}")
            elapsed = time.monotonic() - started
        engine.close()
    finally:
        if server:
            server.__exit__(None, None, None)
    hyp = [b.text_en or "" for b in article.blocks]
    print(
        f"{folder.name}: {len(src)} segments, {stats.requests} requests, "
        f"{stats.characters_sent} characters, {stats.tokens_in} tokens in, "
        f"{stats.tokens_out} out, {stats.refused} answers refused, {elapsed:.1f} s"
    )
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
    parser.add_argument(
        "--loopback",
        action="store_true",
        help=f"start a stand-in for --engine (one of: {', '.join(STAND_INS)}) on 127.0.0.1",
    )
    parser.add_argument("--limit", type=int)
    parser.add_argument("--model", help="[engines.NAME] model for openai/anthropic")
    parser.add_argument(
        "--llm",
        action="store_true",
        help="run the openai and anthropic stand-ins through every misbehaviour",
    )
    args = parser.parse_args()
    if args.llm:
        llm_bench(args.limit)
    elif args.mt_set:
        mt_bench(args.mt_set, args.engine, args.engine_url, args.loopback, args.limit, args.model)
    else:
        corpus_bench(args.engines.split(","), args.latency)


if __name__ == "__main__":
    main()
