"""Site templates: learned from a site's own pages, stored per host, applied to its next pages."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.servers import LoopbackServer, Reply, Request
from tests.synthetic_sites import SITES, site_pages
from translator.article import Article
from translator.cli import cli
from translator.config import Config
from translator.extract import Options, extract
from translator.extract.templates import (
    block_key,
    host_of,
    learn,
    masked,
    page_keys,
    sibling_links,
    template_for,
)
from translator.labels.apply import apply_labels
from translator.pipeline import Pipeline
from translator.store import Cache
from translator.store import cache as cache_module


def _body_text(article: Article) -> str:
    return "\n".join(block.text for block in article.blocks)


def _extract(page, template=None, dropped=None) -> Article:
    article = Article(url=page.url, html=page.html)
    return apply_labels(extract(article, Options(template=template, dropped=dropped)))


@pytest.mark.parametrize("host", sorted(SITES))
def test_chrome_recurring_across_a_sites_articles_is_dropped(host: str, tmp_path: Path) -> None:
    pages = site_pages(host, 4)
    cache = Cache(tmp_path)
    for page in pages[1:]:
        assert learn(cache, page.url, page.html)
    page = pages[0]
    article = _extract(page, template_for(cache, page.url))
    text = _body_text(article)
    assert [c for c in page.chrome if c in text] == []
    assert page.first in text and page.last in text
    assert article.labels and article.labels[0].kind.startswith("foreign-agent")
    if page.subheading:  # an <h1> inside the body after text: a subheading, kept
        headings = [b for b in article.blocks if b.type == "heading"]
        assert [(b.text, b.level) for b in headings] == [(page.subheading, 2)]


def test_a_legal_label_on_every_page_is_never_template(tmp_path: Path) -> None:
    pages = site_pages("site-b.example", 5)
    cache = Cache(tmp_path)
    for page in pages:
        learn(cache, page.url, page.html)
    dropped: list[tuple[str, str]] = []
    article = _extract(pages[0], template_for(cache, pages[0].url), dropped)
    assert len(article.labels) == 1
    assert not any("ИНОСТРАННОГО АГЕНТА" in text for _, text in dropped)


def test_a_page_is_counted_once_and_not_against_itself(tmp_path: Path) -> None:
    page = site_pages("site-a.example", 1)[0]
    cache = Cache(tmp_path)
    assert learn(cache, page.url, page.html)
    assert not learn(cache, page.url, page.html)
    template = template_for(cache, page.url)
    assert template.pages == 1 and template.includes_page
    article = _extract(page, template)
    assert page.first in _body_text(article) and page.last in _body_text(article)


def test_a_repost_of_a_learned_page_keeps_its_body(tmp_path: Path) -> None:
    page = site_pages("site-a.example", 1)[0]
    cache = Cache(tmp_path)
    learn(cache, page.url, page.html)
    learn(cache, page.url + "?amp=1", page.html)
    repost = Article(url=page.url + "?utm=x", html=page.html)
    extract(repost, Options(template=template_for(cache, repost.url)))
    assert page.first in _body_text(repost) and page.last in _body_text(repost)


def test_urls_dates_and_counts_are_masked() -> None:
    assert masked("Постоянный адрес статьи: https://a.example/news/1") == masked(
        "Постоянный адрес статьи: https://a.example/news/2"
    )
    assert masked("12.05.2024 10:15") == masked("3.06.2024 9:05")
    assert masked("Нравится 12") == masked("Нравится 7")
    assert block_key("div.text>p", "Комментарии: 5") == block_key("div.text>p", "Комментарии: 9")
    assert block_key("div.text>p", "x") != block_key("aside>p", "x")


def test_a_huge_page_gives_a_bounded_number_of_keys() -> None:
    html = "<html><body>" + "".join(f"<p><a href='/{i}'>ссылка {i}</a></p>" for i in range(5000))
    assert len(page_keys(html + "</body></html>")) <= 600


def test_the_store_is_bounded_and_forgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "TEMPLATE_MAX_KEYS", 50)
    monkeypatch.setattr(cache_module, "TEMPLATE_MAX_PAGES", 3)
    cache = Cache(tmp_path)
    for i in range(6):
        cache.template_learn("a.example", f"https://a.example/{i}", range(i * 40, i * 40 + 45))
    every = range(6 * 40 + 5)
    counts = cache.template_counts("a.example", every)
    assert len(counts) == 50 and cache.template_pages("a.example").pages == 3
    assert counts[40] == 2  # a key two pages shared outlives the single-page ones
    now = cache_module._epoch()
    monkeypatch.setattr(
        cache_module, "_epoch", lambda: now + (cache_module.TEMPLATE_TTL_DAYS + 1) * 86400
    )
    assert cache.template_counts("a.example", every) == {}
    assert cache.template_pages("a.example").pages == 0
    cache.template_learn("a.example", "https://a.example/new", [1])
    assert cache.template_counts("a.example", every) == {1: 1}  # a redesign is learned afresh


def test_only_the_page_s_own_keys_are_read_in_chunks_of_any_size(tmp_path: Path) -> None:
    """A page may have more blocks than one query binds: every key is still looked up."""
    cache = Cache(tmp_path)
    cache.template_learn("a.example", "https://a.example/1", range(0, 2500, 2))
    cache.template_learn("a.example", "https://a.example/2", range(0, 2500, 5))
    counts = cache.template_counts("a.example", range(2500))
    assert counts == {
        k: (k % 2 == 0) + (k % 5 == 0) for k in range(2500) if k % 2 == 0 or k % 5 == 0
    }
    assert cache.template_counts("a.example", []) == {}
    assert cache.template_counts("b.example", range(10)) == {}


def test_siblings_are_article_links_of_the_same_host() -> None:
    html = (
        "<a href='/2024/05/01/story-one.html'>1</a><a href='https://other.example/news/123'>x</a>"
        "<a href='/tag/politics'>t</a><a href='/news/45678'>2</a><a href='/about'>a</a>"
        "<a href='/img/photo-123.jpg'>p</a><a href='#top'>top</a>"
    )
    links = sibling_links(html, "https://www.a.example/news/1", 5)
    assert links == [
        "https://www.a.example/2024/05/01/story-one.html",
        "https://www.a.example/news/45678",
    ]
    assert host_of("https://WWW.A.example/x") == "a.example"


def _serve(pages, robots: str = ""):
    by_path = {p.url.split("/", 3)[3]: p.html for p in pages}

    def route(request: Request) -> Reply:
        if request.path == "/robots.txt":
            return Reply(robots, content_type="text/plain")
        html = by_path.get(request.path.lstrip("/"))
        return Reply(html) if html else Reply("not found", status=404)

    return route


def _config_file(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text("[run]\nper_host_delay = 0\n[fetch]\nallow_private_addresses = true\n")
    return config


def _page_requests(server: LoopbackServer) -> list[str]:
    return [r.path for r in server.requests if r.path != "/robots.txt"]


def _extract_cli(url: str, tmp_path: Path, *flags: str):
    args = ["extract", url, *flags, "--cache", str(tmp_path / "c")]
    return CliRunner().invoke(cli, [*args, "--config", str(_config_file(tmp_path))])


def test_a_one_off_learns_from_sibling_pages_and_explains(tmp_path: Path) -> None:
    """translator extract URL --explain: a linked article fetched and learned, the template named."""
    with LoopbackServer(lambda r: Reply("")) as server:
        pages = site_pages("site-a.example", 3, base=server.url)
        server.route = _serve(pages)
        result = _extract_cli(pages[0].url, tmp_path, "--explain")
        asked = _page_requests(server)
    assert result.exit_code == 0, result.output
    assert asked == [_path(pages[0]), _path(pages[1])]
    shown, _, explained = result.output.partition("dropped:")
    assert "site template" in explained and "Постоянный адрес статьи" in explained
    assert "Постоянный адрес статьи" not in shown and pages[0].last in shown


def _path(page) -> str:
    return "/" + page.url.split("/", 3)[3]


def test_siblings_obey_robots_txt(tmp_path: Path) -> None:
    with LoopbackServer(lambda r: Reply("")) as server:
        pages = site_pages("site-a.example", 3, base=server.url)
        server.route = _serve(pages, robots=f"User-agent: *\nDisallow: {_path(pages[1])}\n")
        result = _extract_cli(pages[0].url, tmp_path, "--explain")
        asked = _page_requests(server)
    assert result.exit_code == 0, result.output
    assert asked == [_path(pages[0])] and "site template" not in result.output


def test_no_siblings_fetches_only_the_page(tmp_path: Path) -> None:
    with LoopbackServer(lambda r: Reply("")) as server:
        pages = site_pages("site-a.example", 3, base=server.url)
        server.route = _serve(pages)
        result = _extract_cli(pages[0].url, tmp_path, "--no-siblings")
        asked = _page_requests(server)
    assert result.exit_code == 0, result.output
    assert len(asked) == 1 and pages[0].first in result.output


def test_a_runs_new_host_is_learned_before_any_page_is_extracted(tmp_path: Path) -> None:
    """The run's first copies of a new site are already clean: all its new pages learned first."""
    config = Config()
    config.fetch.allow_private_addresses = True
    with LoopbackServer(lambda r: Reply("")) as server:
        pages = site_pages("site-b.example", 3, base=server.url)
        server.route = _serve(pages)
        cache = Cache(tmp_path)
        with Pipeline(config, cache) as pipeline:
            pipeline.learn_host_pages([p.url for p in pages], lambda url: contextlib.nullcontext())
            first = pipeline.prepare(pages[0].url)
            asked = _page_requests(server)
    text = _body_text(first)
    assert [c for c in pages[0].chrome if c in text] == []
    assert pages[0].first in text and pages[0].last in text
    assert len(asked) == 3  # each page fetched once: prepare used the page already fetched
