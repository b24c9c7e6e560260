"""One article through the stages: fetch -> extract -> labels -> translate -> render -> publish.

`Pipeline` holds what the stages share (config, cache, fetcher, engine, glossary) so that a
scheduled run reuses them across articles; `Pipeline.process(url)` is the whole job for one URL.
The article's row in the cache follows it: fetched, translated, published, or failed with why.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from translator.article import Article
from translator.config import Config
from translator.errors import TranslatorError
from translator.extract import extract
from translator.fetch.client import Fetcher
from translator.labels.apply import apply_labels, party_english
from translator.labels.glossary import Glossary
from translator.output.publish import publish, slug_for, write_atomic
from translator.output.review import render_review
from translator.run.sources import NAV_SEGMENTS
from translator.store import Cache, now_iso
from translator.translate import TranslationStats, translate_article
from translator.translate.engines import get_engine

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList


@dataclass
class Outcome:
    """What processing one URL produced."""

    article: Article
    paths: list[Path]
    stats: TranslationStats
    updated: bool = False
    unchanged: bool = False
    duplicate_of: str | None = None


class Pipeline:
    """The stages wired together for one configuration; reusable across many articles."""

    def __init__(
        self,
        config: Config,
        cache: Cache,
        *,
        engine_name: str | None = None,
        engine_url: str | None = None,
        out_dir: str | Path | None = None,
        formats: list[str] | None = None,
    ):
        self.config = config
        self.cache = cache
        name = engine_name or config.translate.engine
        # config.toml's engine_url belongs to config.toml's engine, not to one picked with --engine
        configured_url = config.translate.engine_url if name == config.translate.engine else ""
        self.engine = get_engine(name, config, engine_url or configured_url or None)
        self.glossary = Glossary.load(config)
        self.fetcher = Fetcher(config.fetch, cache)
        self.out_dir = Path(out_dir or config.output.dir)
        self.formats = formats or config.output.formats

    def close(self) -> None:
        self.fetcher.close()
        self.engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prepare(self, url: str, *, trusted: bool = True, conditional: bool = False) -> Article:
        """fetch -> extract -> labels: the source side of the article, nothing sent anywhere."""
        page = self.fetcher.fetch(url, trusted=trusted, accept="html", conditional=conditional)
        article = Article(url=url, html=page.text, final_url=page.final_url, fetched_at=now_iso())
        extract(article)
        article.canonical_url = trusted_canonical(article)
        apply_labels(article, self.glossary)
        return article

    def process(
        self,
        url: str,
        *,
        trusted: bool = True,
        source: str | None = None,
        out_dir: Path | None = None,
        known_hash: str | None = None,
        credit: str | None = None,
        review: bool = False,
        done: str = "published",
        checkpoint: Callable[[], None] = lambda: None,
    ) -> Outcome:
        """The whole job for one URL; the article's cache row records how far it got.

        With `known_hash` (the hash of the text last published), an unchanged article is not
        re-translated or re-written and the outcome says `unchanged`. `review` adds the
        bilingual review page beside the copy; `done` is the state once everything is written
        ("held" for a source that translates for review only). A one-off (`source` None) on an
        article a source already tracks leaves that source's record alone. `checkpoint` is
        called once the page is read and before anything is sent to the engine: whatever it
        raises (a stop) leaves the row as it was, with nothing paid for.
        """
        key = url  # recorded under the URL asked for: that is what sources discover again
        row = self.cache.get_article(key)
        record = self.cache.set_article
        if source is None and row is not None and row["source"] is not None:
            record = _leave_alone
        try:
            article = self.prepare(url, trusted=trusted, conditional=known_hash is not None)
            digest = content_hash(article)
            if known_hash is not None and digest == known_hash:
                self.cache.prune_page(key)
                return Outcome(article, [], TranslationStats(), unchanged=True)
            if known_hash is not None:
                article.revised_at = now_iso()
            checkpoint()
            twin = self._published_twin(key, article, digest) if source else None
            if twin is not None:
                record(
                    key,
                    state="duplicate",
                    source=source,
                    canonical_url=article.canonical_url,
                    last_error=f"same article as {twin}",
                )
                return Outcome(article, [], TranslationStats(), duplicate_of=twin)
            record(
                key,
                state="fetched",
                title=article.title,
                published=article.published,
                canonical_url=article.canonical_url,
                **({"source": source} if source else {}),
            )
            article.outlet_en = party_english(article.outlet, self.glossary)
            if credit:
                article.credit = credit.format_map(credit_fields(article))
            stats = translate_article(
                article, self.engine, self.cache, self.glossary, self.config.translate
            )
            record(key, state="translated", title_en=article.title_en)
            target = out_dir or self.out_dir
            paths = publish(article, self.formats, target, root=self.out_dir)
            if review:
                paths.append(write_review(article, target, root=self.out_dir))
        except TranslatorError as exc:
            if known_hash is None:
                record(
                    key,
                    state="failed",
                    last_error=str(exc),
                    attempts=(row["attempts"] if row else 0) + 1,
                )
            else:  # a published copy stays out while its recheck fails
                record(key, state="published", last_error=str(exc))
            raise
        record(
            key,
            state=done,
            attempts=0,
            last_error=None,
            next_attempt_at=None,
            content_hash=digest,
            outputs=[str(p) for p in paths],
            published_at=now_iso(),
            labels=[label.text for label in article.labels if label.placement == "page"],
            outlet=article.outlet_en or article.outlet,
            summary_en=summary_of(article),
        )
        self.cache.prune_page(key)
        return Outcome(article, paths, stats, updated=known_hash is not None)

    def _published_twin(self, key: str, article: Article, digest: str) -> str | None:
        """Another URL already published with the same (trusted) canonical URL and the same
        text: two sources, one article. A page claiming another's canonical with other text
        is not a duplicate."""
        if not article.canonical_url:
            return None
        twin = self.cache.published_twin(article.canonical_url, key)
        row = self.cache.get_article(twin) if twin else None
        return twin if row is not None and row.get("content_hash") == digest else None


CREDIT_FIELDS = ("outlet", "url", "title", "published")


def _leave_alone(url: str, **fields: object) -> None:
    """The record of an article that belongs to a source, when a one-off touches it: unchanged."""


def write_review(article: Article, out_dir: Path, *, root: Path | None = None) -> Path:
    """The bilingual review page beside the copy: `<slug>.review.html` (named, like the copy,
    by the URL fetched). `root`: see `write_atomic`."""
    path = out_dir / f"{slug_for(article.url)}.review.html"
    write_atomic(path, render_review(article), root=root)
    return path


def trusted_canonical(article: Article) -> str | None:
    """The page's canonical (or og:url) when it may speak for the page: on the same site
    (registrable domain) as the URL fetched, and not a front or section page of it. Otherwise
    None, so the credit and the duplicate check use the URL fetched."""
    claim = article.canonical_url
    fetched = article.final_url or article.url
    if not claim:
        return None
    try:
        claimed, actual = urlsplit(claim), urlsplit(fetched)
    except ValueError:
        return None
    if claimed.scheme not in ("http", "https") or not claimed.hostname:
        return None
    if registrable_domain(claimed.hostname) != registrable_domain(actual.hostname or ""):
        return None
    return None if is_front_or_section(claimed.path, actual.path) else claim


def registrable_domain(host: str) -> str:
    """The site a host belongs to (`news.example.co.uk` -> `example.co.uk`), by the Public
    Suffix List; an address or a single-label name is its own site."""
    host = host.lower().rstrip(".")
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return host
    return _suffix_list().privatesuffix(host) or host


def is_front_or_section(path: str, fetched_path: str) -> bool:
    """A site's front page, a navigation page (rubric, tag...) or a folder above the page
    fetched: a claim that would make every article of the site one."""
    segments = [s for s in path.split("/") if s]
    if segments and path.rstrip("/") == fetched_path.rstrip("/"):
        return False  # the page naming itself
    if not segments or any(s.lower() in NAV_SEGMENTS for s in segments):
        return True
    folder = "/" + "/".join(segments) + "/"
    return fetched_path.rstrip("/") != folder.rstrip("/") and fetched_path.startswith(folder)


@functools.cache
def _suffix_list() -> PublicSuffixList:
    """The Public Suffix List, parsed once and only when a page names a canonical."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def summary_of(article: Article) -> str:
    """The English lead, else the first English paragraph: what a feed reader shows."""
    if article.lead_en:
        return article.lead_en
    return next((b.text_en for b in article.blocks if b.type == "paragraph" and b.text_en), "")


def credit_fields(article: Article) -> dict[str, str]:
    """What a source's `attribution` template may name (CREDIT_FIELDS), for this article."""
    return {
        "outlet": article.outlet_en or article.outlet or "",
        "url": article.source_url,
        "title": article.title,
        "published": article.published or "",
    }


def content_hash(article: Article) -> str:
    """A digest of everything that gets translated, to tell an edited article from the same one."""
    parts = [article.title, article.lead or ""]
    parts += [f"{block.type}\x1f{block.text}" for block in article.blocks]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()
