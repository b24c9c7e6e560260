"""One article through the stages: fetch -> extract -> labels -> translate -> render -> publish.

`Pipeline` holds what the stages share (config, cache, fetcher, engine, glossary) so that a
scheduled run reuses them across articles; `Pipeline.process(url)` is the whole job for one URL.
The article's row in the cache follows it: fetched, translated, published, or failed with why.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from translator.article import Article
from translator.config import Config
from translator.errors import (
    AnswerRefused,
    EngineError,
    TranslatorError,
    UnsupportedLanguage,
    WrongLanguage,
)
from translator.extract import extract
from translator.extract.learn import SiteLearner
from translator.extract.tree import Dropped
from translator.fetch.client import Fetcher, Page
from translator.labels.apply import apply_labels, party_english
from translator.labels.glossary import Glossary
from translator.language import is_other_language, language_name, page_language
from translator.output.gate import Verdict, judge
from translator.output.publish import publish, slug_for, write_atomic
from translator.output.review import render_review
from translator.run.sources import NAV_SEGMENTS
from translator.store import Cache, now_iso
from translator.translate import TranslationStats, translate_article
from translator.translate.engines import Engine, get_engine

REVIEW_DIR = "review"  # held copies wait here, under the output folder, for an editor
# Engines that translate from one source language only.
ENGINE_LANGUAGES = {"offline": ("ru",)}

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
    held: list[str] = field(default_factory=list)  # the gate's reasons; empty when published


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
        siblings: int | None = None,
    ):
        self.config = config
        self.cache = cache
        self._engine_name = engine_name or config.translate.engine
        name = engine_name or config.translate.engine
        # config.toml's engine_url belongs to config.toml's engine, not to one picked with --engine
        configured_url = config.translate.engine_url if name == config.translate.engine else ""
        self._engine_url = engine_url or configured_url or None
        self._engines: dict[str, Engine] = {}
        self.engine = self.engine_for(self._wanted_language("ru"))
        self.glossary = Glossary.load(config)
        self.fetcher = Fetcher(config.fetch, cache)
        self.out_dir = Path(out_dir or config.output.dir)
        self.formats = formats or config.output.formats
        self.learner = SiteLearner(config, cache, self.fetcher, siblings=siblings)
        self._prefetched: dict[str, Page] = {}

    @property
    def review_dir(self) -> Path:
        return self.out_dir / REVIEW_DIR

    def _wanted_language(self, detected: str) -> str:
        wanted = self.config.translate.source_lang
        return detected if wanted == "auto" else wanted

    def engine_for(self, language: str) -> Engine:
        """The engine translating from `language` (one per language, for source_lang "auto")."""
        if language not in self._engines:
            name = self._engine_name
            allowed = ENGINE_LANGUAGES.get(name)
            if allowed and language not in allowed:
                raise WrongLanguage(
                    f"the {name} engine translates only from {language_name(allowed[0])}, "
                    f"not {language_name(language)}",
                    language=language,
                )
            config = replace(
                self.config, translate=replace(self.config.translate, source_lang=language)
            )
            try:
                self._engines[language] = get_engine(name, config, self._engine_url)
            except EngineError as exc:
                # an engine that cannot start at all says so as itself; one that starts for the
                # configured language but not for this one refuses the page's language
                if not self._engines and not isinstance(exc, UnsupportedLanguage):
                    raise
                # the engine was fine for the configured language: it is this one it refuses
                reason = str(exc).strip().splitlines()[0]
                raise WrongLanguage(
                    f"the {name} engine cannot translate from {language_name(language)} ({reason})",
                    language=language,
                ) from None
        return self._engines[language]

    def close(self) -> None:
        self.fetcher.close()
        for engine in self._engines.values():
            engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prepare(
        self,
        url: str,
        *,
        trusted: bool = True,
        conditional: bool = False,
        siblings: bool = False,
        dropped: Dropped | None = None,
    ) -> Article:
        """fetch -> extract -> labels: the source side of the article, nothing sent anywhere.

        The page is learned from for its site's template, and the learned template applied; with
        `siblings`, a site with too little learned is first shown a few of its own articles
        (`SiteLearner.siblings`). `dropped` collects what extraction dropped and why.
        """
        page = self._prefetched.pop(url, None) or self.fetcher.fetch(
            url, trusted=trusted, accept="html", conditional=conditional
        )
        article = Article(url=url, html=page.text, final_url=page.final_url, fetched_at=now_iso())
        options = self.learner.options(article, siblings=siblings, dropped=dropped)
        extract(article, options)
        self.learner.learned(article, options)
        article.canonical_url = trusted_canonical(article)
        apply_labels(article, self.glossary)
        self._check_language(article)
        return article

    def _check_language(self, article: Article) -> None:
        """Set the article's language; refuse a page in another one than source_lang asks for."""
        wanted = self.config.translate.source_lang
        detected = page_language(article)
        if wanted == "auto":
            article.language = detected[0] if detected[0] != "und" else "ru"
            return
        if is_other_language(detected, wanted):
            code = detected[0]
            raise WrongLanguage(
                f"{article.url}: the page is in {language_name(code)}, not "
                f'{language_name(wanted)} (set [translate] source_lang = "auto" to translate it)',
                language=code,
            )
        article.language = wanted

    def _translate(self, article: Article) -> TranslationStats:
        """Every *_en field, from the article's own language (copied when it is the target)."""
        settings = replace(self.config.translate, source_lang=article.language)
        if article.language == settings.target_lang:
            return copy_as_translation(article)
        engine = self.engine_for(article.language)
        try:
            return translate_article(article, engine, self.cache, self.glossary, settings)
        except UnsupportedLanguage as exc:
            raise WrongLanguage(
                f"{exc} (from {language_name(article.language)}, {article.language})",
                language=article.language,
            ) from None

    def learn_host_pages(
        self,
        urls: list[str],
        slot: Callable[[str], AbstractContextManager[object]],
        allowed: Callable[[str], bool] | None = None,
        workers: int = 1,
    ) -> None:
        """Fetch and learn the pages of hosts with no template yet, before any is extracted.

        `translator run` calls this with its jobs, so a new source's very first copies are
        already clean; `workers` pages at a time, each fetch through `slot` (the run's per-host
        politeness), a page `allowed` (robots.txt) refuses is not fetched, and the page is kept
        for `prepare`. Any failure here is left for `prepare` to meet again and report against
        its article, so nothing a page holds can stop the run at this step.
        """

        def fetch_and_learn(url: str) -> None:
            try:
                if allowed is not None and not allowed(url):
                    return
                with slot(url):
                    page = self.fetcher.fetch(url, trusted=False, accept="html")
                self.learner.learn(page.final_url or url, page.text)
            except Exception:  # noqa: BLE001 -- the article's own processing reports it
                return
            self._prefetched[url] = page

        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="learn") as pool:
            list(pool.map(fetch_and_learn, self.learner.unlearned(urls)))

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
            article = self.prepare(
                url, trusted=trusted, conditional=known_hash is not None, siblings=source is None
            )
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
            refused = None
            try:
                stats = self._translate(article)
            except AnswerRefused as exc:
                # Every engine's answer was refused: the copy is held for an editor with the
                # reason, nothing of it remembered, never published as it stands.
                stats, refused = TranslationStats(), str(exc)
            record(key, state="translated", title_en=article.title_en)
            paths, verdict = self._write(article, out_dir or self.out_dir, review, refused)
        except TranslatorError as exc:
            _record_failure(record, key, exc, known_hash is not None, row)
            raise
        record(
            key,
            state="held" if verdict.held else done,
            attempts=0,
            last_error=verdict.line() or None,
            next_attempt_at=None,
            content_hash=digest,
            outputs=[str(p) for p in paths],
            published_at=now_iso(),
            labels=[label.text for label in article.labels if label.placement == "page"],
            outlet=article.outlet_en or article.outlet,
            summary_en=summary_of(article),
        )
        self.cache.prune_page(key)
        return Outcome(article, paths, stats, updated=known_hash is not None, held=verdict.reasons)

    def _write(
        self, article: Article, out_dir: Path, review: bool, refused: str | None = None
    ) -> tuple[list[Path], Verdict]:
        """Judge the copy, then write it: into `out_dir`, or `review_dir` when the gate holds
        it (with its review page, saying why). `refused`: why the engines' answers were
        refused, which holds the copy whatever else the gate finds."""
        verdict = judge(article, self.config.publish, self.config.translate.target_lang)
        if refused:
            verdict.reasons.insert(0, refused)
        target = self.review_dir if verdict.held else out_dir
        paths = publish(article, self.formats, target, root=self.out_dir)
        if review or verdict.held:
            paths.append(write_review(article, target, verdict, root=self.out_dir))
        return paths, verdict

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


def _record_failure(
    record: Callable[..., None],
    key: str,
    exc: TranslatorError,
    recheck: bool,
    row: dict | None,
) -> None:
    """What a failure leaves in the article's row: skipped (another language), failed (to be
    retried), or, for the recheck of a published copy, still published with the error."""
    if isinstance(exc, WrongLanguage):
        record(key, state="skipped", last_error=f"language: {exc.language}")
    elif recheck:  # a published copy stays out while its recheck fails
        record(key, state="published", last_error=str(exc))
    else:
        record(
            key, state="failed", last_error=str(exc), attempts=(row["attempts"] if row else 0) + 1
        )


def _leave_alone(url: str, **fields: object) -> None:
    """The record of an article that belongs to a source, when a one-off touches it: unchanged."""


def write_review(
    article: Article, out_dir: Path, verdict: Verdict | None = None, *, root: Path | None = None
) -> Path:
    """The bilingual review page beside the copy: `<slug>.review.html` (named, like the copy,
    by the URL fetched), saying first why the gate held it. `root`: see `write_atomic`."""
    path = out_dir / f"{slug_for(article.url)}.review.html"
    write_atomic(path, render_review(article, held=verdict.reasons if verdict else None), root=root)
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


def copy_as_translation(article: Article) -> TranslationStats:
    """A page already in the target language: its text is its own translation, nothing sent."""
    article.title_en = article.title
    article.lead_en = article.lead
    if article.image and article.image.caption:
        article.image.caption_en = article.image.caption
    for block in article.blocks:
        block.text_en = block.text
        block.links_en = [replace(link) for link in block.links]
    article.engine = "none (already in the target language)"
    article.translated_at = now_iso()
    return TranslationStats()


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
