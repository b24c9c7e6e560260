"""Source discovery: feed and section-page parsing, selection, conditional polling (loopback only)."""

from __future__ import annotations

import tracemalloc

import pytest

from tests.conftest import corpus_pages, need_corpus
from tests.servers import LoopbackServer, Reply, Request
from translator.config import FetchConfig, RunConfig, SourceConfig
from translator.errors import ConfigError, FeedError, InvalidURL, NetworkError
from translator.fetch.client import Fetcher
from translator.run.sources import (
    Discovered,
    discover,
    looks_like_article,
    normalize_url,
    parse_feed,
    parse_section,
    select,
)
from translator.store import Cache

SOURCE = SourceConfig(name="test", url="https://news.example/rss")

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Новости</title><link>https://news.example/</link><description>d</description>
<item>
  <title>Первая  новость</title>
  <link>/news/2026/11/24/first/?utm_source=rss&amp;utm_medium=feed&amp;id=7#comments</link>
  <pubDate>Tue, 24 Nov 2026 10:00:00 +0300</pubDate>
  <description>&lt;p&gt;Краткое &lt;b&gt;содержание&lt;/b&gt;&lt;/p&gt;</description>
</item>
<item>
  <title>Вторая</title>
  <link>https://news.example/news/2026/11/23/second/?fbclid=abc</link>
  <pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate>
</item>
<item>
  <title>Без ссылки</title>
  <guid isPermaLink="false">12345</guid>
</item>
<item>
  <title>Guid only</title>
  <guid>https://news.example/news/2026/11/22/guid/</guid>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/ru/">
<title>Atom</title><id>urn:x</id><updated>2026-11-24T10:00:00Z</updated>
<entry>
  <title>Статья</title><id>urn:1</id>
  <link rel="enclosure" href="/media/photo.jpg"/>
  <link rel="alternate" href="articles/42"/>
  <updated>2026-11-24T08:30:00+03:00</updated>
  <summary>Текст</summary>
</entry>
</feed>
"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>&g;</title>
<item><title>&g;</title><link>https://news.example/news/1</link></item>
</channel></rss>"""


def item(url: str, published: str | None = None) -> Discovered:
    return Discovered(url=url, title="t", published=published, source="test")


# feeds -----------------------------------------------------------------------------------------


def test_rss_items_are_absolute_clean_and_dated() -> None:
    items = parse_feed(RSS.encode(), "https://news.example/rss", SOURCE)
    assert [i.url for i in items] == [
        "https://news.example/news/2026/11/24/first/?id=7",
        "https://news.example/news/2026/11/23/second/",
        "https://news.example/news/2026/11/22/guid/",
    ]
    first = items[0]
    assert first.title == "Первая новость"
    assert first.published == "2026-11-24T07:00:00+00:00"
    assert first.summary == "Краткое содержание"
    assert first.source == "test"
    assert items[1].published == "2026-11-23T09:00:00+00:00"


def test_atom_uses_the_alternate_link_and_xml_base() -> None:
    items = parse_feed(ATOM.encode(), "https://elsewhere.example/feed.atom", SOURCE)
    assert [(i.url, i.title, i.published, i.summary) for i in items] == [
        ("https://atom.example/ru/articles/42", "Статья", "2026-11-24T05:30:00+00:00", "Текст")
    ]


def test_relative_links_resolve_against_the_feed_url() -> None:
    body = ATOM.replace(' xml:base="https://atom.example/ru/"', "").encode()
    items = parse_feed(body, "https://feeds.example/a/feed.atom", SOURCE)
    assert items[0].url == "https://feeds.example/a/articles/42"


def test_old_rss_with_an_external_dtd_is_accepted() -> None:
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>T</title><link>http://a.example/</link>
<description>d</description><item><title>A</title><link>http://a.example/n/1</link></item>
</channel></rss>"""
    assert [i.url for i in parse_feed(body, "http://a.example/rss", SOURCE)] == [
        "http://a.example/n/1"
    ]


@pytest.mark.parametrize(
    ("encoding", "declared", "content_type"),
    [
        ("cp1251", True, ""),
        ("koi8-r", True, ""),
        ("koi8-r", False, "application/rss+xml; charset=koi8-r"),
        ("utf-16", True, ""),
    ],
)
def test_russian_feed_encodings(encoding: str, declared: bool, content_type: str) -> None:
    text = RSS.replace(' encoding="utf-8"', f' encoding="{encoding}"' if declared else "")
    items = parse_feed(
        text.encode(encoding), "https://news.example/rss", SOURCE, content_type=content_type
    )
    assert [i.title for i in items] == ["Первая новость", "Вторая", "Guid only"]


def test_an_empty_but_valid_feed_gives_no_items() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert parse_feed(body, "https://news.example/rss", SOURCE) == []


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>News</title></head><body><p>Hi</p></body></html>",
        b'{"items": [{"url": "https://news.example/1"}]}',
        bytes(range(256)) * 8,
        b"",
        b"/etc/passwd",
    ],
    ids=["html", "json", "garbage", "empty", "file-name"],
)
def test_not_a_feed_is_a_one_line_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "https://news.example/rss", SOURCE)
    assert str(caught.value) == "https://news.example/rss: not an RSS or Atom feed"


@pytest.mark.parametrize(
    "body", [BOMB, BOMB.replace(b"</rss>", b"<broken")], ids=["well-formed", "malformed"]
)
def test_entity_bomb_is_refused_with_flat_memory(body: bytes) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FeedError, match="declares XML entities"):
            parse_feed(body, "https://news.example/rss", SOURCE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Expanded, the title alone would be 72 * 20**6 bytes (4.6 GB).
    assert peak < 5_000_000


# URLs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTPS://News.Example:443/a?utm_source=x&b=1&UTM_Campaign=y#top",
            "https://news.example/a?b=1",
        ),
        ("http://news.example:8080/a?yclid=1&fbclid=2&gclid=3", "http://news.example:8080/a"),
        ("/a?q=%D0%B0+b&_openstat=z", "https://base.example/a?q=%D0%B0+b"),
        ("//cdn.example/x", "https://cdn.example/x"),
        ("https://news.example", "https://news.example/"),
        ("mailto:a@b.example", None),
        ("javascript:alert(1)", None),
        ("", None),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ],
)
def test_normalize_url(raw: str, expected: str | None) -> None:
    assert normalize_url(raw, "https://base.example/section/") == expected


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://lenta.ru/news/2018/07/02/vbn/", True),
        ("https://tass.ru/moskva/8836037", True),
        (
            "https://www.mk.ru/politics/2020/09/23/protestuyushhie-v-minske-stekayutsya-k-stele.html",
            True,
        ),
        ("https://aif.ru/politics/world/i_tolstyy_sloy_alzhira", True),
        ("http://www.banki.ru/news/lenta/?id=10549549", True),
        ("https://lenta.ru/2018/07/02/", False),
        ("https://lenta.ru/rubrics/world/", False),
        ("https://lenta.ru/tags/persons/putin-vladimir-vladimirovich/", False),
        ("https://lenta.ru/comments/news/2009/08/30/aero/", False),
        ("https://tass.ru/armiya-i-opk", False),
        ("https://lenta.ru/", False),
        ("https://lenta.ru/news/2018/07/02/photo.jpg", False),
        ("https://other.example/news/2018/07/02/vbn/", False),
    ],
)
def test_article_heuristic(url: str, article: bool) -> None:
    page = url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/section/"
    if "other.example" in url:
        page = "https://lenta.ru/section/"
    assert looks_like_article(url, page) is article


# section pages ---------------------------------------------------------------------------------

SECTION = """<html><head><base href="https://site.example/ru/"></head><body>
<nav><a href="/rubrics/politics/">Политика</a> <a href="/tags/moscow/">Москва</a>
<a href="/authors/ivanov/">Иванов</a> <a href="javascript:void(0)">Меню</a>
<a href="/politics/2026/11/01/elections-2026/">Выборы</a></nav>
<a href="/news/2026/11/24/one/#comments"><time>10:00</time>Первая</a>
<a href="/news/2026/11/24/one/"></a>
<a href="politics/1234567"><img alt="Вторая по картинке"></a>
<a href="https://elsewhere.example/news/2026/11/24/x/">Чужая</a>
<a href="/news/2026/11/24/three/?utm_source=main">Третья</a>
<footer><a href="/news/2026/01/01/about-us-history/">О нас</a></footer>
</body></html>"""


def test_section_page_heuristic_keeps_articles_in_page_order() -> None:
    items = parse_section(SECTION, "https://site.example/ru/", SOURCE)
    assert [(i.url, i.title) for i in items] == [
        ("https://site.example/news/2026/11/24/one/", "Первая"),
        ("https://site.example/ru/politics/1234567", "Вторая по картинке"),
        ("https://site.example/news/2026/11/24/three/", "Третья"),
    ]


def test_section_page_link_pattern_overrides_the_heuristic() -> None:
    source = SourceConfig(name="s", link_pattern=r"/politics/\d+$|elsewhere\.example")
    items = parse_section(SECTION, "https://site.example/ru/", source)
    assert [i.url for i in items] == [
        "https://site.example/ru/politics/1234567",
        "https://elsewhere.example/news/2026/11/24/x/",
    ]


def test_bad_link_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="link_pattern"):
        parse_section(SECTION, "https://site.example/", SourceConfig(name="s", link_pattern="(["))


def test_a_base_href_urllib_cannot_read_leaves_links_read_as_the_pages() -> None:
    page = SECTION.replace("https://site.example/ru/", "http://[::1", 1)
    items = parse_section(page, "https://site.example/ru/", SOURCE)
    assert [i.url for i in items][1] == "https://site.example/ru/politics/1234567"


def test_xhtml_section_page_with_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + SECTION
    assert len(parse_section(page, "https://site.example/ru/", SOURCE)) == 3


def test_empty_section_page_gives_nothing() -> None:
    assert parse_section("", "https://site.example/", SOURCE) == []
    assert parse_section("   ", "https://site.example/", SOURCE) == []


def _lenta() -> tuple[str, str, list[str]]:
    pages = [p for p in corpus_pages("ru-news") if p["id"] == "lenta-01"]
    need_corpus(pages)
    html = pages[0]["path"].read_text(encoding="utf-8")
    latest = [  # the "Последние новости" box, in page order
        "vbn",
        "rabiot",
        "vernite",
        "cruelty",
        "russianrecord",
        "ufo",
        "tverk",
        "syrian_army",
        "arest",
        "noga",
    ]
    return html, pages[0]["url"], [f"https://lenta.ru/news/2018/07/02/{s}/" for s in latest]


def test_lenta_latest_news_box_by_heuristic() -> None:
    html, url, latest = _lenta()
    items = parse_section(html, url, SourceConfig(name="lenta"))
    assert [i.url for i in items[:10]] == latest
    assert items[0].title == "Главком ВМС Украины пообещал «неожиданность» российскому флоту"
    urls = [i.url for i in items]
    assert len(urls) == len(set(urls))
    assert all(u.startswith("https://lenta.ru/") for u in urls)
    assert not any("/rubrics/" in u or "/comments/" in u or "utm_" in u for u in urls)
    assert url not in urls


def test_lenta_news_links_by_pattern() -> None:
    html, url, latest = _lenta()
    source = SourceConfig(name="lenta", link_pattern=r"^https://lenta\.ru/news/2018/07/02/")
    items = parse_section(html, url, source)
    assert [i.url for i in items[:10]] == latest
    assert all(i.url.startswith("https://lenta.ru/news/2018/07/02/") for i in items)


def test_mk_section_links_are_articles_of_the_same_site() -> None:
    pages = [p for p in corpus_pages("ru-news") if p["id"] == "mk-01"]
    need_corpus(pages)
    items = parse_section(pages[0]["path"].read_text(encoding="utf-8"), pages[0]["url"], SOURCE)
    assert len(items) >= 10
    assert all(i.url.startswith("https://www.mk.ru/") and i.url.endswith(".html") for i in items)
    assert all(i.title for i in items)


# selection -------------------------------------------------------------------------------------


def test_select_dedupes_within_and_across_sources() -> None:
    seen: set[str] = set()
    first = select(
        [
            item("https://a.example/1#x"),
            item("https://a.example/1?utm_source=y"),
            item("https://a.example/2"),
        ],
        SOURCE,
        RunConfig(),
        seen,
    )
    assert [i.url for i in first] == ["https://a.example/1", "https://a.example/2"]
    second = select(
        [item("https://a.example/2"), item("https://a.example/3")], SOURCE, RunConfig(), seen
    )
    assert [i.url for i in second] == ["https://a.example/3"]


def test_a_feed_listing_an_article_twice_yields_it_once() -> None:
    doubled = RSS.replace(
        "</channel>",
        """<item><title>Первая снова</title>
<link>https://news.example/news/2026/11/24/first/?id=7&amp;utm_campaign=x</link></item></channel>""",
    )
    items = parse_feed(doubled.encode(), "https://news.example/rss", SOURCE)
    assert len(items) == 4
    kept = select(items, SOURCE, RunConfig(), set())
    assert [i.title for i in kept] == ["Первая новость", "Вторая", "Guid only"]


def test_select_include_and_exclude() -> None:
    source = SourceConfig(name="s", include=[r"/news/", r"/articles/"], exclude=[r"/sport/"])
    items = [
        item(u)
        for u in (
            "https://a.example/news/1",
            "https://a.example/video/2",
            "https://a.example/news/sport/3",
            "https://a.example/articles/4",
        )
    ]
    kept = select(items, source, RunConfig(), set())
    assert [i.url for i in kept] == ["https://a.example/news/1", "https://a.example/articles/4"]


def test_select_since_drops_older_items_and_keeps_undated_ones() -> None:
    source = SourceConfig(name="s", since="2026-11-24")
    items = [
        item("https://a.example/1", "2026-11-24T07:00:00+00:00"),
        item("https://a.example/2", "2026-11-23T23:59:59+00:00"),
        item("https://a.example/3", None),
        item("https://a.example/4", "2026-11-24T02:00:00+03:00"),
    ]
    assert [i.url for i in select(items, source, RunConfig(), set())] == [
        "https://a.example/1",
        "https://a.example/3",
    ]


def test_select_keeps_every_item_so_capped_ones_are_still_found() -> None:
    # the cap (max_articles) is how many new articles a run takes: run/order.py applies it
    seen: set[str] = set()
    items = [item(f"https://a.example/{n}") for n in range(10)]
    assert len(select(items, SourceConfig(name="s", max_articles=3), RunConfig(), seen)) == 10
    assert len(seen) == 10


@pytest.mark.parametrize(
    "source", [SourceConfig(name="s", since="last tuesday"), SourceConfig(name="s", include=["("])]
)
def test_bad_rules_are_config_errors(source: SourceConfig) -> None:
    with pytest.raises(ConfigError, match="sources.s"):
        select([item("https://a.example/1")], source, RunConfig(), set())


# polling ---------------------------------------------------------------------------------------


def feed_route(request: Request) -> Reply:
    if request.path == "/rss":
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(b"", status=304, headers={"ETag": '"v1"'}, content_type=None)
        return Reply(
            RSS,
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"},
            content_type="application/rss+xml; charset=utf-8",
        )
    if request.path == "/ru/":
        return Reply(SECTION.replace('<base href="https://site.example/ru/">', ""))
    if request.path == "/html-not-feed":
        return Reply("<html><body>no feed here</body></html>", content_type="text/html")
    return Reply("oops", status=500, content_type="text/plain")


@pytest.fixture()
def fetcher(tmp_path):
    cache = Cache(tmp_path / "cache")
    with Fetcher(FetchConfig(retries=0, timeout=5), cache, sleep=lambda s: None) as fetcher:
        yield fetcher, cache
    cache.close()


def test_unchanged_feed_costs_one_conditional_request(fetcher) -> None:
    fetcher, cache = fetcher
    with LoopbackServer(feed_route) as server:
        source = SourceConfig(name="rss", url=f"{server.url}/rss")
        first = discover(source, fetcher, cache, RunConfig())
        assert first.error is None and not first.not_modified
        assert [i.title for i in first.items] == ["Первая новость", "Вторая", "Guid only"]
        row = cache.get_source("rss")
        assert (row["etag"], row["last_status"]) == ('"v1"', "ok")
        assert row["last_modified"] == "Tue, 24 Nov 2026 10:00:00 GMT"
        before = len(server.requests)
        second = discover(source, fetcher, cache, RunConfig())
        assert len(server.requests) - before == 1
        assert server.requests[-1].headers["if-none-match"] == '"v1"'
        assert second.not_modified and second.error is None
        assert second.items == first.items, "the cached copy's items, so none is ever lost"
        assert cache.get_source("rss")["last_status"] == "not modified"


def test_section_source_is_polled_as_html(fetcher) -> None:
    fetcher, cache = fetcher
    with LoopbackServer(feed_route) as server:
        result = discover(
            SourceConfig(name="sec", url=f"{server.url}/ru/", type="page"),
            fetcher,
            cache,
            RunConfig(),
        )
        assert [i.url for i in result.items] == [
            f"{server.url}/news/2026/11/24/one/",
            f"{server.url}/ru/politics/1234567",
            f"{server.url}/news/2026/11/24/three/",
        ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/html-not-feed", "not an RSS or Atom feed"),
        ("/broken", "HTTP 500"),
    ],
)
def test_a_bad_source_is_reported_not_raised(fetcher, path: str, message: str) -> None:
    fetcher, cache = fetcher
    with LoopbackServer(feed_route) as server:
        source = SourceConfig(name="bad", url=f"{server.url}{path}")
        result = discover(source, fetcher, cache, RunConfig())
    assert result.items == [] and not result.not_modified
    assert message in result.error and "\n" not in result.error
    assert cache.get_source("bad")["last_status"] == result.error


def test_unknown_source_type_is_reported_without_a_request(fetcher) -> None:
    fetcher, cache = fetcher
    with LoopbackServer(feed_route) as server:
        result = discover(
            SourceConfig(name="odd", url=f"{server.url}/rss", type="podcast"),
            fetcher,
            cache,
            RunConfig(),
        )
        assert server.requests == []
    assert result.error == 'sources.odd.type: must be "feed" or "page", not \'podcast\''


# proxies that resolve names where the client cannot ----------------------------------------

ARTICLE = (
    "<html><head><title>Новость</title></head><body><article><h1>В Грозном прошёл митинг</h1>"
    + "".join(
        f"<p>Жители города собрались на площади в {n} часов, чтобы обсудить новые правила "
        "движения транспорта, которые власти приняли на прошлой неделе без обсуждения.</p>"
        for n in range(1, 7)
    )
    + "</article></body></html>"
)


@pytest.fixture
def no_local_dns(monkeypatch):
    """Local resolution fails for every *.test name, as in an office without DNS."""
    import socket

    real = socket.getaddrinfo
    asked: list[str] = []

    def resolver(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".test"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return asked


def kavkaz_site() -> LoopbackServer:
    def route(request: Request) -> Reply:
        host = request.headers.get("host", "")
        if request.path == "/rss":
            link = f"http://www.kavkaz-uzel.test:{host.rsplit(':', 1)[1]}/news/2026/11/24/miting/"
            return Reply(
                f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Кавказский узел</title><item><title>Митинг</title><link>{link}</link>"
                f"</item></channel></rss>",
                content_type="application/rss+xml",
            )
        if request.path.startswith("/news/"):
            return Reply(ARTICLE)
        return Reply("none", status=404)

    return LoopbackServer(route)


def _proxy(kind: str):
    from tests.servers import ForwardProxy, Socks5Proxy

    names = {"www.kavkaz-uzel.test": "127.0.0.1"}
    return Socks5Proxy(names) if kind == "socks5h" else ForwardProxy(names)


@pytest.mark.parametrize(
    "kind, where", [("http", "env"), ("http", "config"), ("http", "source"), ("socks5h", "env")]
)
def test_feed_article_fetched_through_a_proxy_that_resolves_names(
    no_local_dns, monkeypatch, tmp_path, kind, where
) -> None:
    with kavkaz_site() as site, _proxy(kind) as proxy:
        feed_url = f"http://www.kavkaz-uzel.test:{site.port}/rss"
        source = SourceConfig(name="kavkaz", url=feed_url)
        config = FetchConfig(retries=0, timeout=5)
        if where == "env":
            monkeypatch.setenv("ALL_PROXY" if kind == "socks5h" else "HTTP_PROXY", proxy.url)
        elif where == "config":
            config.proxy = proxy.url
        else:
            source.proxy = proxy.url
        cache = Cache(tmp_path)
        with Fetcher(config, cache, sleep=lambda s: None) as fetcher:
            result = discover(source, fetcher, cache, RunConfig())
            assert result.error is None, result.error
            (item,) = result.items
            assert item.url.startswith("http://www.kavkaz-uzel.test:")
            # the article is untrusted (found in a feed) and not resolvable here: the proxy decides
            page = fetcher.fetch(item.url, trusted=False)
        cache.close()
    assert "митинг" in page.text
    assert [r.path for r in site.requests] == ["/rss", "/news/2026/11/24/miting/"]
    assert proxy.seen == ["www.kavkaz-uzel.test", "www.kavkaz-uzel.test"]
    assert set(no_local_dns) <= {"www.kavkaz-uzel.test"}


def test_without_a_proxy_a_name_local_dns_cannot_resolve_still_fails(no_local_dns) -> None:
    with (
        Fetcher(FetchConfig(retries=0, timeout=5), None, sleep=lambda s: None) as fetcher,
        pytest.raises(NetworkError, match="cannot resolve host www.kavkaz-uzel.test"),
    ):
        fetcher.fetch("http://www.kavkaz-uzel.test/news/1", trusted=False)


def test_through_a_proxy_what_is_known_locally_is_still_refused(no_local_dns, monkeypatch) -> None:
    with kavkaz_site() as site, _proxy("http") as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with Fetcher(FetchConfig(retries=0, timeout=5), None, sleep=lambda s: None) as fetcher:
            # a literal private address, and a name local DNS resolves to loopback
            for url in (f"{site.url}/news/1", f"http://localhost:{site.port}/news/1"):
                with pytest.raises(InvalidURL, match="non-public address"):
                    fetcher.fetch(url, trusted=False)
    assert site.requests == [] and proxy.seen == []


@pytest.mark.parametrize("where", ["env", "source"])
def test_a_whole_run_publishes_an_article_only_the_proxy_can_resolve(
    no_local_dns, monkeypatch, tmp_path, where
) -> None:
    import json

    from click.testing import CliRunner

    from tests.engine_servers import LibreServer
    from translator.cli import cli

    with kavkaz_site() as site, _proxy("http") as proxy, LibreServer() as engine:
        if where == "env":
            monkeypatch.setenv("HTTP_PROXY", proxy.url)
            monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the engine is reached directly
        config = tmp_path / "config.toml"
        config.write_text(
            f"""
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
dir = {json.dumps(str(tmp_path / "out"))}
[cache]
dir = {json.dumps(str(tmp_path / "cache"))}
[run]
per_host_delay = 0.0
[[sources]]
name = "kavkaz"
url = "http://www.kavkaz-uzel.test:{site.port}/rss"
{f'proxy = "{proxy.url}"' if where == "source" else ""}
""",
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["run", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "/news/2026/11/24/miting/" in [r.path for r in site.requests]
    assert len(list((tmp_path / "out").glob("*.md"))) == 1
    assert set(proxy.seen) == {"www.kavkaz-uzel.test"}


# feeds decoded before any parser sees them ----------------------------------------------------


def _padded_bomb(encoding: str) -> bytes:
    """BOMB declared in a multi-byte encoding, 70 KB of comment before its DOCTYPE: defusedxml
    used to give up on the encoding and the fallback scan to stop at 64 KB."""
    rest = BOMB.split(b"\n", 1)[1]
    padding = ("<!-- " + "заполнение " * 6400 + "-->\n").encode(encoding, errors="ignore")
    assert len(padding) > 70_000
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n'.encode()
    return head + padding + rest


@pytest.mark.parametrize("encoding", ["shift_jis", "gb2312", "euc-jp", "utf-16"])
@pytest.mark.parametrize("broken", [False, True], ids=["well-formed", "malformed"])
def test_entities_are_refused_whatever_the_declared_encoding(encoding: str, broken: bool) -> None:
    body = _padded_bomb(encoding)
    if encoding == "utf-16":
        body = body.decode("ascii", errors="ignore").encode("utf-16")
    if broken:
        body = body.replace(b"</rss>", b"<broken")
    tracemalloc.start()
    try:
        with pytest.raises(FeedError, match="declares XML entities"):
            parse_feed(body, "https://news.example/rss", SOURCE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


@pytest.mark.parametrize("label", ["x-bogus", "rot13", "base64", "undefined"])
def test_an_unknown_declared_encoding_is_a_feed_error(label: str) -> None:
    body = RSS.replace('encoding="utf-8"', f'encoding="{label}"').encode()
    with pytest.raises(FeedError) as caught:
        parse_feed(body, "https://news.example/rss", SOURCE)
    assert str(caught.value).startswith("https://news.example/rss: ")


def test_a_bogus_encoding_fails_its_source_alone(tmp_path) -> None:
    body = RSS.replace('encoding="utf-8"', 'encoding="x-bogus"').encode()
    with LoopbackServer(lambda r: Reply(body, content_type="application/rss+xml")) as server:
        cache = Cache(tmp_path)
        with Fetcher(FetchConfig(retries=0), cache) as fetcher:
            result = discover(
                SourceConfig(name="bogus", url=server.url + "/rss"), fetcher, cache, RunConfig()
            )
        cache.close()
    assert result.items == [] and "unknown character encoding 'x-bogus'" in (result.error or "")


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml; charset=utf-16le", "text/xml; charset=UTF-16LE", "application/xml"],
)
def test_bomless_utf16le_feed(content_type: str) -> None:
    body = RSS.replace(' encoding="utf-8"', "").encode("utf-16-le")
    items = parse_feed(body, "https://news.example/rss", SOURCE, content_type=content_type)
    assert [i.title for i in items] == ["Первая новость", "Вторая", "Guid only"]


def test_a_mislabelled_cp1251_feed_is_read_as_pages_are() -> None:
    body = RSS.encode("cp1251")  # declares utf-8, is cp1251
    items = parse_feed(body, "https://news.example/rss", SOURCE)
    assert [i.title for i in items] == ["Первая новость", "Вторая", "Guid only"]


@pytest.mark.parametrize(
    "date", ["Tue, 24 Nov 99999 10:00:00 GMT", "Tue, 24 Nov 0001 10:00:00 GMT", "yesterday"]
)
def test_dates_out_of_range_are_no_date(date: str) -> None:
    body = RSS.replace("Tue, 24 Nov 2026 10:00:00 +0300", date).encode()
    items = parse_feed(body, "https://news.example/rss", SOURCE)
    assert items[0].published is None and items[1].published is not None


def test_deeply_nested_links_on_a_section_page_do_not_recurse() -> None:
    html = (
        "<html><body><a href='/news/2026/01/02/a-b-c-d'>"
        + "<span>" * 50_000
        + "Заголовок"
        + "</span>" * 50_000
        + "</a></body></html>"
    )
    items = parse_section(html, "https://news.example/", SOURCE)
    assert [i.url for i in items] == ["https://news.example/news/2026/01/02/a-b-c-d"]
