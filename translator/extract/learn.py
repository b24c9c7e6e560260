"""Learning site templates while pages are fetched: every page, a run's new hosts, a one-off's siblings.

`SiteLearner` is what the pipeline holds: it counts every fetched page into its host's template
(translator/extract/templates.py, stored in the cache), lists which of a run's pages belong to
hosts with nothing learned yet, and, for a one-off on such a host, fetches up to
`[extract] siblings` article pages of the same host linked from the page itself, politely
(robots.txt, the per-host delay, the cache's validators), and learns from them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from translator.article import Article
from translator.errors import TranslatorError
from translator.extract import Options
from translator.extract.templates import (
    host_of,
    learn,
    learn_keys,
    sibling_links,
    template_for,
)
from translator.extract.tree import Dropped

if TYPE_CHECKING:
    from translator.config import Config
    from translator.fetch.client import Fetcher
    from translator.store import Cache

# A robots.txt crawl-delay above this is not waited for: the sibling is skipped instead.
MAX_SIBLING_DELAY = 10.0
# Pages of a new host a run learns from before it extracts any of them.
FIRST_PAGES = 5


class SiteLearner:
    """Templates learned from fetched pages, for one configuration and cache."""

    def __init__(
        self, config: Config, cache: Cache, fetcher: Fetcher, *, siblings: int | None = None
    ):
        self.config = config
        self.cache = cache
        self.fetcher = fetcher
        self.enabled = config.extract.templates
        self.siblings = config.extract.siblings if siblings is None else siblings

    def learn(self, url: str, html: str) -> None:
        """Count one fetched page into its host's template (once per page)."""
        if self.enabled:
            learn(self.cache, url, html)

    def unlearned(self, urls: list[str]) -> list[str]:
        """Of `urls` on hosts with nothing learned yet, the first FIRST_PAGES of each host:
        enough for a clean first copy (bench/templates.py: one page already leaves nothing);
        the others are learned as they are extracted."""
        if not self.enabled:
            return []
        fresh: dict[str, bool] = {}
        taken: dict[str, int] = {}
        chosen = []
        for url in urls:
            host = host_of(url)
            if host and host not in fresh:
                fresh[host] = self.cache.template_pages(host).pages == 0
            if host and fresh[host] and taken.get(host, 0) < FIRST_PAGES:
                taken[host] = taken.get(host, 0) + 1
                chosen.append(url)
        return chosen

    def options(
        self, article: Article, *, siblings: bool = False, dropped: Dropped | None = None
    ) -> Options:
        """What extraction of `article` may use: its host's template (learned from other
        pages), and a set for the page's own fingerprints, which `learned` counts afterwards."""
        if not self.enabled:
            return Options(dropped=dropped)
        base = article.final_url or article.url
        template = template_for(self.cache, base)
        if siblings and template.pages - int(template.includes_page) < self.siblings:
            self.learn_siblings(base, article.html, self.siblings)
            template = template_for(self.cache, base)
        return Options(template=template, dropped=dropped, keys=set())

    def learned(self, article: Article, options: Options) -> None:
        """Count the page just extracted into its host's template, from the fingerprints the
        extraction found (the page is not parsed again)."""
        if self.enabled and options.keys:
            learn_keys(self.cache, article.final_url or article.url, options.keys)

    def learn_siblings(self, url: str, html: str, count: int) -> int:
        """Fetch and learn up to `count` same-host articles linked from the page; how many."""
        from translator.run.robots import RobotsPolicy

        robots = (
            RobotsPolicy(self.fetcher, self.config.fetch.user_agent, trusted=True)
            if self.config.run.respect_robots
            else None
        )
        learned = 0
        for link in sibling_links(html, url, count):
            delay = self.config.run.per_host_delay
            if robots is not None:
                if not robots.allowed(link):
                    continue
                delay = max(delay, robots.crawl_delay(link) or 0.0)
            if delay > MAX_SIBLING_DELAY:
                continue
            time.sleep(delay)
            try:
                page = self.fetcher.fetch(link, trusted=True, accept="html", conditional=True)
            except TranslatorError:
                continue
            self.learn(page.final_url or link, page.text)
            learned += 1
        return learned
