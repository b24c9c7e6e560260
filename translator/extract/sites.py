"""Per-site extraction rules, as data: one small record per host, chosen by host or canonical URL.

A rule only narrows what the generic passes do (where the body is, what else to drop, where the
date and label are, what the outlet is called, which chrome phrases to strip). Text patterns are
preferred to class names: the real markup changes, the wording of promos and labels rarely does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteRule:
    """How to read one site. Selectors are CSS, tried in order; `chrome` are regexes on block text."""

    hosts: tuple[str, ...]
    outlet: str
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    label: tuple[str, ...] = ()
    chrome: tuple[str, ...] = ()
    notes: str = ""

    @cached_property
    def chrome_patterns(self) -> list[re.Pattern]:
        return [re.compile(p, re.IGNORECASE) for p in self.chrome]


GENERIC = SiteRule(hosts=(), outlet="")

RULES: tuple[SiteRule, ...] = (
    SiteRule(
        hosts=(
            "kavkaz-uzel.eu",
            "kavkaz-uzel.ru",
            "kavkaz-uzel.net",
            "kavkaz.news",
            "caucasianknot.net",
        ),
        outlet="Кавказский узел",
        body=("div.article__body", "[itemprop=articleBody]", "article .article-text"),
        drop=(".app-banner", ".tip-off", ".article__inoagent", ".article__tags", ".article__share"),
        date=("time[itemprop=datePublished]", ".article__date time", ".article__date"),
        label=(".article__inoagent",),
        chrome=(
            r"^Мы обновили приложени",
            r"^Скачайте приложение",
            r"Без установки VPN нас можно читать",
            r"Через VPN вы можете",
            r"Присылайте сообщения в .{0,40}(WhatsApp|Telegram)",
            r"^Знаете больше\? Не молчите",
            r"href=\"https?://(www\.)?(facebook|instagram)\.com",
            r"^Иллюстрация создана .{0,30}Кавказским узлом",
        ),
        notes="Closing promo (apps, VPN, social networks, messenger numbers) sits inside the body.",
    ),
    SiteRule(
        hosts=("meduza.io", "amp.meduza.io"),
        outlet="Медуза",
        body=(
            "div.Body",
            "[class*=GeneralMaterial-module_article]",
            "[class*=Body-module]",
            "article",
        ),
        drop=(
            "div.Context",
            "div.MaterialMeta",
            "[class*=Disclaimer]",
            "[class*=RelatedBlock]",
            "[class*=Related-module]",
        ),
        title=("span.NewsTitle", "h1"),
        date=(".MaterialMeta time", "div.MaterialMeta", "time"),
        chrome=(
            r"^Спасите «?Медузу»?",
            r"support\.meduza\.io",
            r"Медуза» работает благодаря читателям",
            r"^Подписывайтесь на «Медузу»",
            r"^Скопировать ссылку",
        ),
    ),
    SiteRule(
        hosts=("theins.ru",),
        outlet="The Insider",
        body=("div.post-content", "[itemprop=articleBody]", "article .entry-content"),
        drop=(".fa-label",),
        label=(".fa-label",),
        chrome=(
            r"^Поддержите The Insider",
            r"^Мы не берем денег у государства",
            r"^Подпишитесь на наш Telegram",
        ),
    ),
    SiteRule(
        hosts=("zona.media",),
        outlet="Медиазона",
        body=("div.mz-publish__text", "[itemprop=articleBody]"),
        drop=(".mz-agent-banner",),
        label=(".mz-agent-banner",),
        chrome=(
            r"^Поддержите «Медиазону»",
            r"^Мы работаем только благодаря читателям",
            r"^Подпишитесь на «Медиазону»",
        ),
    ),
    SiteRule(
        hosts=(
            "svoboda.org",
            "rferl.org",
            "severreal.org",
            "sibreal.org",
            "krymr.com",
            "idelreal.org",
        ),
        outlet="Радио Свобода",
        body=("div.wsw", "[itemprop=articleBody]"),
        drop=(".wsw__embed", ".fa-label"),
        date=("time[pubdate]", ".publishing-details time"),
        label=(".fa-label",),
        chrome=(r"^Подписывайтесь на Радио Свобода", r"^Обход блокировки"),
    ),
    SiteRule(
        hosts=("novayagazeta.ru", "novayagazeta.eu"),
        outlet="Новая газета",
        body=("[class*=Record_body]", "[itemprop=articleBody]", "article"),
        chrome=(
            r"^Стать соучастником",
            r"^Станьте соучастником",
            r"^Поддержите «Новую газету»",
            r"^Телеграм-канал «Новой газеты»",
        ),
    ),
    SiteRule(
        hosts=("lenta.ru",),
        outlet="Лента.ру",
        body=(
            "div.b-topic__content div.b-text",
            "div.topic-body__content",
            "[itemprop=articleBody]",
        ),
        title=("h1.b-topic__title", "h1"),
        date=("div.b-topic__info time.g-date", "time.topic-header__time"),
        chrome=(r"^Перейти в «Мою Ленту»",),
    ),
    SiteRule(
        hosts=("banki.ru",),
        outlet="Банки.ру",
        body=("article.article-text", "[itemprop=articleBody]"),
        title=("h1.header-h0", "h1"),
        date=("meta[name=mediator_published_time]", "div.news__info time"),
        chrome=(r"^Источник:",),
    ),
    SiteRule(
        hosts=("mk.ru",),
        outlet="Московский комсомолец",
        body=("div.article__description, div.article__body", "[itemprop=articleBody]"),
        title=("h1.article__title", "h1"),
        chrome=(r"^Читайте материал",),
    ),
    SiteRule(
        hosts=("tass.ru",),
        outlet="ТАСС",
        body=("div.text-content", "[class*=text-content]", "article"),
        title=("h1.news-header__title", "h1"),
        date=(".news-header__date time", "dateformat", "[class*=date] time"),
    ),
    SiteRule(
        hosts=("ukrinform.ru", "ukrinform.net", "ukrinform.ua"),
        outlet="Укринформ",
        body=("div.newsText", "[itemprop=articleBody]"),
        drop=("section.read",),
        date=("div.newsDate time",),
    ),
    SiteRule(
        hosts=("inform.kz",),
        outlet="Казинформ",
        body=("div.article_news_body", "[itemprop=articleBody]"),
        drop=("div.frame_title_art", "div.main_frame_news"),
        title=("div.article_title h1", "h1"),
    ),
    SiteRule(
        hosts=("aif.ru",),
        outlet="Аргументы и факты",
        body=("div.article_text", "[itemprop=articleBody]"),
        drop=("div.inj_name", "[class*=inj_]"),
        title=("section.article > h1", "h1"),
        chrome=(r"^Вопрос-ответ",),
    ),
    SiteRule(
        hosts=("inosmi.ru",),
        outlet="ИноСМИ",
        body=("div.article-body", "[itemprop=articleBody]"),
        title=("h1.article-header__title", "h1"),
        chrome=(r"^Материалы ИноСМИ содержат оценки",),
    ),
    SiteRule(
        hosts=("kommersant.ru",),
        outlet="Коммерсантъ",
        body=("div.doc__body div.article_text_wrapper", "[itemprop=articleBody]"),
        drop=(".ui-modal", "p.document_authors", ".doc__thought ~ .ui-modal"),
        title=("header.doc_header h1", "h1"),
    ),
    SiteRule(
        hosts=("dzen.ru", "zen.yandex.ru"),
        outlet="Дзен",
        body=("div[class*=article-render__container]", "[itemprop=articleBody]"),
        chrome=(r"^Фото:\s*t\.me/",),
    ),
)


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("m.")


def rule_for(*urls: str | None) -> SiteRule:
    """The rule whose host matches one of `urls` (exact host or a subdomain of it), else GENERIC."""
    for url in urls:
        host = _host(url)
        if not host:
            continue
        for rule in RULES:
            if any(host == h or host.endswith("." + h) for h in rule.hosts):
                return rule
    return GENERIC
