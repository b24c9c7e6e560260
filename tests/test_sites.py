"""One test per site rule on a corpus page of its site, rule choice by host/canonical, and the generic path."""

from __future__ import annotations

import pytest
from bs4 import UnicodeDammit

from tests.conftest import all_corpus_pages, need_corpus
from translator.article import Article
from translator.extract import extract, sites
from translator.extract.sites import GENERIC, RULES, rule_for
from translator.labels.apply import apply_labels

PAGES = all_corpus_pages()


def _html(entry: dict) -> str:
    return UnicodeDammit(entry["path"].read_bytes(), is_html=True).unicode_markup


def _check(entry: dict, article: Article) -> None:
    texts = [b.text for b in article.blocks]
    assert any(entry["body_first_sentence_ru"] in t for t in texts)
    assert any(entry["body_last_sentence_ru"] in t for t in texts)
    everything = texts + [article.title, article.lead or ""]
    assert [s for s in entry["chrome_samples_ru"] if any(s in t for t in everything)] == []


@pytest.mark.parametrize("rule", RULES, ids=[r.hosts[0] for r in RULES])
def test_rule_reads_its_corpus_pages(rule):
    need_corpus(PAGES)
    pages = [p for p in PAGES if rule_for(p["url"]) is rule]
    assert pages, f"no corpus page for {rule.hosts[0]}"
    for entry in pages:
        article = apply_labels(extract(Article(url=entry["url"], html=_html(entry))))
        _check(entry, article)
        assert article.outlet == rule.outlet


@pytest.mark.parametrize("rule", RULES, ids=[r.hosts[0] for r in RULES])
def test_rule_selectors_and_patterns_are_valid(rule):
    from lxml import html as lxml_html

    root = lxml_html.fromstring("<html><body><p>x</p></body></html>")
    for selector in rule.body + rule.drop + rule.title + rule.date + rule.label:
        root.cssselect(selector)
    assert len(rule.chrome_patterns) == len(rule.chrome)
    assert rule.outlet


def test_rule_is_chosen_by_host_subdomain_and_canonical():
    assert rule_for("https://www.kavkaz-uzel.eu/articles/1").outlet == "Кавказский узел"
    assert rule_for("https://amp.meduza.io/news/x").outlet == "Медуза"
    assert rule_for("https://example.org/a") is GENERIC
    assert rule_for(None, "not a url", "https://zona.media/news/1").outlet == "Медиазона"
    assert rule_for("https://evilkavkaz-uzel.eu/") is GENERIC


def test_rule_found_through_canonical_url_of_a_mirror():
    need_corpus(PAGES)
    entry = next(p for p in PAGES if p["id"] == "ku-420812")
    article = extract(Article(url="https://mirror.example/copy/420812", html=_html(entry)))
    assert article.outlet == "Кавказский узел"


@pytest.mark.parametrize("entry", PAGES, ids=[p["id"] for p in PAGES])
def test_generic_path_without_any_rule(entry, monkeypatch):
    """The same pages served from an unknown host: no rule may be needed for a clean body."""
    monkeypatch.setattr(sites, "RULES", ())
    article = apply_labels(extract(Article(url="https://unknown.example/story", html=_html(entry))))
    _check(entry, article)
