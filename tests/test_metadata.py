"""Metadata: dates (Russian months, relative days, Moscow time), title, outlet, author, canonical, image."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translator.article import Article
from translator.extract import extract
from translator.extract.metadata import parse_date

BASE = datetime(2024, 3, 14, 10, 0, tzinfo=UTC)  # 13:00 in Moscow
BODY = (
    "<p>" + "Суд рассмотрел жалобу, но решение пока не опубликовано, сообщил адвокат. " * 3 + "</p>"
)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("07:37, 27 декабря 2017", "2017-12-27T07:37:00+03:00"),
        ("27 декабря 2017", "2017-12-27T00:00:00+03:00"),
        ("1 марта 2022, 10:15", "2022-03-01T10:15:00+03:00"),
        ("Опубликовано: 5 мая 2021 в 09:00", "2021-05-05T09:00:00+03:00"),
        ("сегодня в 12:30", "2024-03-14T12:30:00+03:00"),
        ("вчера, 23:10", "2024-03-13T23:10:00+03:00"),
        ("2020-10-19T09:34", "2020-10-19T09:34:00+03:00"),
        ("2009-08-30T20:07:38Z", "2009-08-30T20:07:38+00:00"),
        ("2018-07-04T10:55:00+0300", "2018-07-04T10:55:00+03:00"),
        ("2020-12-01T14:02:00+06:00", "2020-12-01T14:02:00+06:00"),
    ],
)
def test_dates_come_out_aware_with_moscow_by_default(value, expected):
    assert parse_date(value, base=BASE) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "не дата вовсе"])
def test_unreadable_dates_are_none(value):
    assert parse_date(value, base=BASE) is None


def make(
    head: str = "",
    body_top: str = "",
    url: str = "https://news.example/a/1",
    fetched_at: str | None = None,
) -> Article:
    html = f"<html><head>{head}</head><body>{body_top}<article><h1>Видимый заголовок</h1>{BODY}</article></body></html>"
    return extract(Article(url=url, html=html, fetched_at=fetched_at))


def test_visible_h1_wins_over_a_longer_og_title():
    article = make(
        '<meta property="og:title" content="Другой заголовок для соцсетей"><title>Видимый заголовок — Сайт</title>'
    )
    assert article.title == "Видимый заголовок"


def test_title_falls_back_to_og_title_without_h1():
    html = f'<html><head><meta property="og:title" content="Заголовок из OG"></head><body><div>{BODY}</div></body></html>'
    assert extract(Article(url="https://x.example/", html=html)).title == "Заголовок из OG"


def test_published_from_meta_jsonld_and_relative_visible_date():
    assert (
        make(
            '<meta property="article:published_time" content="2024-03-14T17:22:00+03:00">'
        ).published
        == "2024-03-14T17:22:00+03:00"
    )
    ld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2022-07-12T14:05:00+03:00","dateModified":"2022-07-12T15:00:00+03:00","author":[{"@type":"Person","name":"Анна Иванова"}],"publisher":{"@type":"Organization","name":"Пример"}}</script>'
    article = make(ld)
    assert (article.published, article.updated, article.author, article.outlet) == (
        "2022-07-12T14:05:00+03:00",
        "2022-07-12T15:00:00+03:00",
        "Анна Иванова",
        "Пример",
    )
    article = make(body_top="<time>сегодня в 12:30</time>", fetched_at="2024-03-14T10:00:00+00:00")
    assert article.published == "2024-03-14T12:30:00+03:00"


@pytest.mark.parametrize("value", ["123", "[1, 2]", '{"@value": 1}', "true", "null", "NaN"])
def test_a_json_ld_date_that_is_not_text_is_no_date(value: str) -> None:
    """A page's JSON-LD giving its dates as a number, a list or an object is outside input:
    no date, never an internal error."""
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        f'"datePublished":{value},"dateModified":{value}}}</script>'
        '<meta property="article:published_time" content="2024-03-14T17:22:00+03:00">'
    )
    article = make(ld)
    assert article.published == "2024-03-14T17:22:00+03:00"
    assert article.updated is None


def test_outlet_from_site_rule_then_og_site_name():
    assert (
        make(
            '<meta property="og:site_name" content="Медиазона">', url="https://zona.media/news/1"
        ).outlet
        == "Медиазона"
    )
    assert make('<meta property="og:site_name" content="Пример Медиа">').outlet == "Пример Медиа"
    assert make(url="https://www.kavkaz-uzel.eu/articles/1/").outlet == "Кавказский узел"


def test_canonical_lead_and_image_with_caption():
    head = (
        '<link rel="canonical" href="/articles/1/"><meta name="description" content="Лид статьи.">'
        '<meta property="og:image" content="/img/1.jpg">'
    )
    html = (
        f"<html><head>{head}</head><body><article><h1>Заголовок</h1><figure><img src='/img/1.jpg'>"
        f"<figcaption>Подпись к фото</figcaption></figure>{BODY}</article></body></html>"
    )
    article = extract(Article(url="https://news.example/x?utm=1", html=html))
    assert article.canonical_url == "https://news.example/articles/1/"
    assert article.source_url == "https://news.example/articles/1/"
    assert article.lead == "Лид статьи."
    assert (
        article.image.url == "https://news.example/img/1.jpg"
        and article.image.caption == "Подпись к фото"
    )
    assert [b.type for b in article.blocks] == ["caption", "paragraph"]


def test_outlet_from_microdata_publisher_then_host():
    micro = '<div itemprop="publisher" itemscope><meta itemprop="name" content="Лента.ру"></div>'
    assert make(body_top=micro).outlet == "Лента.ру"
    assert make(url="https://www.example.ru/news/1").outlet == "example.ru"


def test_a_description_that_repeats_the_opening_is_not_a_lead() -> None:
    from translator.article import Article
    from translator.extract import extract

    opening = (
        "Ильхам Алиев заявил, что удары по дипмиссии Азербайджана в Киеве были "
        "преднамеренными, а в МИД России это отрицают."
    )
    body = "".join(
        f"<p>{opening if i == 0 else f'Другой абзац статьи номер {i}, и он длинный.'}</p>"
        for i in range(6)
    )
    page = (
        '<html><head><meta name="description" content="Ильхам Алиев заявил, что удары по '
        'дипмиссии Азербайджана в Киеве были преднамеренными…"></head><body><article>'
        f"<h1>Заголовок</h1>{body}</article></body></html>"
    )
    assert extract(Article(url="https://example.org/a", html=page)).lead is None
    summary = page.replace(
        "Ильхам Алиев заявил, что удары по дипмиссии Азербайджана в Киеве были преднамеренными…",
        "Баку и Москва спорят о причинах удара.",
    )
    assert extract(Article(url="https://example.org/a", html=summary)).lead == (
        "Баку и Москва спорят о причинах удара."
    )


MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1995, 2030),
    clock=st.one_of(st.none(), st.tuples(st.integers(0, 23), st.integers(0, 59))),
    worded=st.booleans(),
)
def test_plain_dates_read_without_dateparser_as_dateparser_reads_them(
    day: int, month: int, year: int, clock: tuple[int, int] | None, worded: bool
) -> None:
    from translator.extract.metadata import _dateparser, _plain_date

    text = (
        f"{day} {MONTHS_GENITIVE[month - 1]} {year}" if worded else f"{day:02d}.{month:02d}.{year}"
    )
    if clock:
        text += f" {clock[0]}:{clock[1]:02d}"
    fast = _plain_date(text)
    assert fast is not None
    slow = _dateparser(text, None)
    assert slow is not None and fast == slow and fast.utcoffset() == slow.utcoffset()


def test_htmldate_reads_our_tree_without_pruning_it():
    """The date found by htmldate from the parsed page leaves that tree as it was: the body is
    extracted from the same tree afterwards, and htmldate strips scripts, styles and furniture."""
    from lxml import etree

    from translator.extract import metadata, tree
    from translator.extract.sites import GENERIC

    html = (
        "<html><head><style>p{}</style><script>var a=1;</script></head><body>"
        "<nav>Главная</nav><div class='byline'>Опубликовано 12.05.2021</div>"
        f"<article>{BODY}</article><footer>© 2021</footer></body></html>"
    )
    root = tree.parse(html)
    before = etree.tostring(root)
    assert metadata.published(root, metadata.marks(root), GENERIC, html) == (
        "2021-05-12T00:00:00+03:00"
    )
    assert etree.tostring(root) == before


def test_a_page_stating_no_date_is_dated_by_its_address():
    """A dated address (".../2024/01/10/slug") dates a page whose markup states no date; what
    the page states wins over it."""
    from translator.extract import metadata, tree
    from translator.extract.sites import GENERIC

    url = "https://news.example/2024/01/10/flood.html"
    bare = f"<html><body><article>{BODY}</article></body></html>"
    root = tree.parse(bare)
    assert metadata.published(root, metadata.marks(root), GENERIC, bare, url=url) == (
        "2024-01-10T00:00:00+03:00"
    )
    assert metadata.published(root, metadata.marks(root), GENERIC, bare) is None
    stated = (
        "<html><head><meta property='article:published_time' content='2024-01-09T22:15:00+03:00'>"
        f"</head><body><article>{BODY}</article></body></html>"
    )
    root = tree.parse(stated)
    assert metadata.published(root, metadata.marks(root), GENERIC, stated, url=url) == (
        "2024-01-09T22:15:00+03:00"
    )
    shown = f"<html><body><div class='date'>09.01.2024</div><article>{BODY}</article></body></html>"
    root = tree.parse(shown)
    assert metadata.published(root, metadata.marks(root), GENERIC, shown, url=url) == (
        "2024-01-09T00:00:00+03:00"
    )
    for other_day in (
        "https://news.example/news/123.html?utm_campaign=digest_2023-12-01",
        "https://news.example/news/25-let-vzryvam-1999-09-09",
        "https://news.example/news/1#2020/01/01/",
        "https://news.example/2024/13/45/flood.html",
    ):
        root = tree.parse(bare)
        assert metadata.published(root, metadata.marks(root), GENERIC, bare, url=other_day) is None


HEADLINE = "Суд отложил решение по делу о поджоге склада"


@pytest.mark.parametrize(
    ("head", "body_top", "expected"),
    [
        # the site's logo in an <h1>, the headline in an <h2>
        (
            f"<title>Вести Урала - {HEADLINE}</title>",
            f"<h1>Вести Урала</h1><h2>{HEADLINE}</h2>",
            HEADLINE,
        ),
        # a section's name in the only <h1>, no heading for the headline
        (f"<title>{HEADLINE} | Общество | Вести Урала</title>", "<h1>Общество</h1>", HEADLINE),
        # no heading at all: the title, its site's name and section cut off
        (f"<title>Вести Урала :: Общество :: {HEADLINE}</title>", "", HEADLINE),
        (f"<title>{HEADLINE} - vesti-ural.example</title>", "", HEADLINE),
        ("<title>vesti-ural.example: Суд отложил решение</title>", "", "Суд отложил решение"),
        ("<title>Вести Урала : Общество : Суд отложил решение</title>", "", "Суд отложил решение"),
        # a speaker's name before a colon is the headline's
        (
            "<title>Песков: Кремль не видит оснований - Вести Урала</title>",
            "",
            "Песков: Кремль не видит оснований",
        ),
        ("<title>Путин в Крыму - РИА Новости, 01.05.2024</title>", "", "Путин в Крыму"),
        # a logo <h1> before the headline's
        (
            "<title>Путин в Крыму — Вести Урала</title><meta property='og:title' content='Путин в Крыму'>",
            "<h1 class='logo'>Вести Урала</h1><h1>Путин в Крыму</h1>",
            "Путин в Крыму",
        ),
        # a sidebar's heading never beats the article's <h1>
        (
            "<title>Новости | Вести Урала</title>",
            "<h2>Новости партнёров</h2><h1>Путин в Крыму</h1>",
            "Путин в Крыму",
        ),
        (
            "<title>Кобзон умер — Вести Урала</title>",
            "<h3>Вести Урала в соцсетях</h3><h1>Кобзон умер</h1>",
            "Кобзон умер",
        ),
        # a heading holding the whole title, the site's name with it
        (
            f"<title>{HEADLINE}</title>",
            f"<h1>Вести Урала | vesti-ural.example | {HEADLINE}</h1>",
            HEADLINE,
        ),
        # a colon inside the headline is the headline's
        (
            "<title>Прокурор: суд отложил решение по делу - Вести Урала</title>",
            "<h1>Прокурор: суд отложил решение по делу</h1>",
            "Прокурор: суд отложил решение по делу",
        ),
        (
            "<title>Editors’ note: New choices for vesti-ural.example readers</title>",
            "<h1>Editors’ note: New choices for vesti-ural.example readers</h1>",
            "Editors’ note: New choices for vesti-ural.example readers",
        ),
    ],
)
def test_the_headline_is_the_title_part_a_heading_names(head, body_top, expected):
    html = f"<html><head>{head}</head><body>{body_top}<div class='text'>{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title == expected


@pytest.mark.parametrize(
    ("head", "body_top", "expected"),
    [
        # the headline in a styled line, the site's name and its motto around it in the title
        (
            f"<title>ТО ВЕСТИ - {HEADLINE} | Вести Урала - новости каждый день</title>",
            f"<div class='headline'>{HEADLINE}</div>",
            HEADLINE,
        ),
        (
            f"<title>Вести Урала / Новости Екатеринбурга и области | {HEADLINE}</title>",
            f"<font class='storyhead'><b>{HEADLINE}</b></font>",
            HEADLINE,
        ),
        # the title in the site's title case, its paper's name in brackets; the line as written
        (
            "<title>Aidy Recalls Big Guns For The Cup Tie (from Harrow Times)</title>",
            (
                "<h3>Hot Jobs</h3><table><tr><td><p>Local Sport</p><p>EDITOR'S CHOICE</p>"
                "<div><div class='headline'>Aidy recalls big guns for the cup tie</div></div>"
                "</td></tr></table>"
            ),
            "Aidy recalls big guns for the cup tie",
        ),
        (
            f"<title>{HEADLINE.upper()} | Вести Урала</title>",
            f"<p>Новости</p><div class='headline'>{HEADLINE}</div>",
            HEADLINE,
        ),
        # a title part shown only as a link's text is a teaser's: the title stays as it was
        (
            f"<title>ТО ВЕСТИ - {HEADLINE}</title>",
            f"<div><a href='/news/2'>{HEADLINE}</a></div>",
            f"ТО ВЕСТИ - {HEADLINE}",
        ),
    ],
)
def test_the_headline_is_the_title_part_a_line_of_the_page_shows(head, body_top, expected):
    html = f"<html><head>{head}</head><body>{body_top}<div class='text'>{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title == expected


@pytest.mark.parametrize(
    ("head", "opening", "title", "first"),
    [
        # the title is the site's name over every story: the body's first line is the headline
        (
            "<title>Вечерний Урал Онлайн</title>",
            f"<p><b>{HEADLINE}</b></p>",
            HEADLINE,
            "Суд рассмотрел",
        ),
        (
            "<title>Вести Урала</title><meta property='og:site_name' content='Вести Урала'>",
            f"<h3>{HEADLINE}</h3>",
            HEADLINE,
            "Суд рассмотрел",
        ),
        ("", f"<p>{HEADLINE}</p>", HEADLINE, "Суд рассмотрел"),
        ("<title>vesti-ural.example</title>", f"<h3>{HEADLINE}?</h3>", HEADLINE + "?", "Суд"),
        # what opens the body is a byline, a sentence or a dated line: no headline to take
        (
            "<title>Вечерний Урал Онлайн</title>",
            "<p>By Associated Press Staff Writers</p>",
            "Вечерний Урал Онлайн",
            "By Associated",
        ),
        (
            "<title>Вечерний Урал Онлайн</title>",
            "<p>Суд отложил решение по делу о поджоге.</p>",
            "Вечерний Урал Онлайн",
            "Суд отложил",
        ),
        (
            "<title>Вечерний Урал Онлайн</title>",
            f"<p>{HEADLINE} 15/01/2008</p>",
            "Вечерний Урал Онлайн",
            HEADLINE,
        ),
        # a title the page shows as its own line is the story's: the body keeps its first line
        (
            "<title>Прокурор обжаловал приговор</title>",
            "<div class='t'>Прокурор обжаловал приговор</div><p>Подробности процесса в Екатеринбурге</p>",
            "Прокурор обжаловал приговор",
            "Подробности процесса",
        ),
    ],
)
def test_a_title_naming_only_the_site_gives_way_to_the_bodys_headline(head, opening, title, first):
    html = f"<html><head>{head}</head><body><div class='story'>{opening}{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title == title
    assert article.blocks[0].text.startswith(first)


def test_a_page_url_that_does_not_parse_costs_no_headline():
    """A URL from outside (a feed's link, a redirect) may not parse: the headline is found
    without the site's name, and nothing raises."""
    head = (
        f"<title>{HEADLINE} - Вести Урала</title><link rel='canonical' href='/news/1'>"
        "<meta property='og:image' content='/a.jpg'>"
    )
    html = f"<html><head>{head}</head><body><h1>{HEADLINE}</h1><div>{BODY}</div></body></html>"
    article = extract(Article(url="http://[bad/news/1", html=html))
    assert article.title == HEADLINE and article.outlet is None
    assert article.canonical_url == "/news/1" and article.image.url == "/a.jpg"


DEK = "Эльвира Набиуллина выступила в Госдуме с ежегодным отчётом"


@pytest.mark.parametrize(
    ("head", "top"),
    [
        # a WordPress headline that links to its own page
        (
            "<title>Вести Урала</title>",
            f"<h1 class='entry-title'><a href='/news/1' rel='bookmark'>{HEADLINE}</a></h1>",
        ),
        # inline markup inside the headline
        (
            "<title>Вести Урала</title>",
            "<h1>Суд отложил <em>решение</em> по делу о поджоге склада</h1>",
        ),
        # the title and the page's headline differ in case, ё and quotes; the headline an <h2>
        (
            '<title>Суд: "Решение отложено" до весны | Вести Урала</title>',
            "<h1 class='popup'>Подпишитесь</h1><h2>Суд: «Решение отложено» до весны</h2>",
        ),
        (
            "<title>Суд отложил решение по делу — Вести Урала</title>",
            "<h2>Суд отложил решение по делу</h2>",
        ),
        (
            "<title>Суд провел заседание по делу</title>",
            "<h1>x</h1><h2>Суд провёл заседание по делу</h2>",
        ),
    ],
)
def test_a_headline_the_page_shows_keeps_the_bodys_first_line(head, top):
    """A headline shown in a linked heading, one parted by inline markup, or one differing from
    the title in case, ё or quotes is shown: the dek that opens the body stays in the body."""
    html = f"<html><head>{head}</head><body>{top}<div class='story'><p>{DEK}</p>{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title != DEK
    assert article.blocks[0].text == DEK


def test_a_breadcrumbs_section_is_not_taken_for_the_headline():
    head = f"<title>{HEADLINE} — Новости Урала и области — Вести Урала</title>"
    top = (
        "<div class='crumbs'><a href='/'>Главная</a> / <span>Новости Урала и области</span></div>"
        "<div class='article-title'>Суд отложил <b>решение</b> по делу о поджоге склада</div>"
    )
    html = f"<html><head>{head}</head><body>{top}<div class='story'>{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title == HEADLINE


@pytest.mark.parametrize("control", ["&#8;", "&#x1F;", "&#31;"])
def test_a_control_character_in_a_title_costs_no_headline(control):
    html = (
        f"<html><head><title>Суд:{control} решение по делу отложено | Вести</title></head>"
        f"<body><div class='story'><p>Суд отложил{control} решение по делу</p>{BODY}</div></body></html>"
    )
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title and article.blocks


@pytest.mark.parametrize(
    ("text", "reads_as_one"),
    [
        ("Lecavalier and Iginla named All-Star captains", True),
        ("當心選前症候群 醫師提醒健康為重", True),
        (
            "週末就是投票日，選戰的溫度在寒冷的天氣裡依然直線上升，各組總統候選人馬緊鑼密鼓的展開最後的衝刺。",
            False,
        ),
        ("A A A", False),
        ("By the Associated Press", False),
        ("Posted on Wed, Jan. 02, 2008", False),
        ("The school confirmed Stewart's decision today.", False),
        ("Related stories:", False),
        ("11 Palestinians Killed in Gaza Violence 15/01/2008", False),
        ("САНКТ-ПЕТЕРБУРГ, 10 мая — РИА Новости", False),
        ("Москва, 10 мая - Интерфакс", False),
        ("Иван Петров, специальный корреспондент", False),
        ("Текст: Иван Петров", False),
        ("Время чтения: 3 минуты", False),
        ("Видео: ДТП на МКАД", False),
        ("Песков: Кремль не видит оснований для паники", True),
    ],
)
def test_a_headline_line_is_short_words_that_end_no_sentence(text, reads_as_one):
    from translator.extract.metadata import headline_line

    assert headline_line(text) is reads_as_one


@pytest.mark.parametrize(
    ("above", "expected"),
    [
        # the headline in a styled line above the body, the title naming only the site
        (f"<div class='headline'>{HEADLINE}</div>", HEADLINE),
        (f"<span class='storyhead'><b>{HEADLINE}</b></span><br>", HEADLINE),
        (f"<h4>{HEADLINE}</h4>", HEADLINE),
        # the site's name, a teaser's linked title, a byline: no headline to take
        ("<h2 class='site-title'>Вечерний Урал Онлайн</h2>", "Вечерний Урал Онлайн"),
        (f"<div class='title'><a href='/news/2'>{HEADLINE}</a></div>", "Вечерний Урал Онлайн"),
        ("<div class='head'>By Associated Press Staff</div>", "Вечерний Урал Онлайн"),
        # what sits between the headline and the body is not the headline
        (f"<h2>{HEADLINE}</h2><h3>Заседание перенесли на следующую неделю</h3>", HEADLINE),
        (
            f"<h2>{HEADLINE}</h2><div class='sub-title'>Заседание перенесли на неделю</div>",
            HEADLINE,
        ),
        (
            (
                f"<h2>{HEADLINE}</h2><figure><img src='/a.jpg'><figcaption class='photo-title'>"
                "Здание суда в Екатеринбурге</figcaption></figure>"
            ),
            HEADLINE,
        ),
        (f"<h2>{HEADLINE}</h2><div class='author-head'>Иван Петров, Екатеринбург</div>", HEADLINE),
        (
            f"<h2>{HEADLINE}</h2><span class='track-title'>Слушать новость целиком онлайн</span>",
            HEADLINE,
        ),
        # a headline linked to the page itself is the headline
        (
            (
                "<div class='section-title'>Новости Екатеринбурга и области</div>"
                f"<h2 class='title'><a href='/news/1'>{HEADLINE}</a></h2>"
            ),
            HEADLINE,
        ),
        # a section's, a list's, a poll's, a slogan's or a breadcrumb's line is not
        ("<h2>Последние новости региона</h2>", "Вечерний Урал Онлайн"),
        (
            "<div class='rubric-head'>Происшествия и криминал Екатеринбурга</div>",
            "Вечерний Урал Онлайн",
        ),
        (
            (
                "<div class='list'><div class='item'><div class='item-title'>Мэр открыл новый "
                "парк в центре</div></div></div>"
            ),
            "Вечерний Урал Онлайн",
        ),
        ("<div class='poll'><h4>Как вы оцениваете работу мэра?</h4></div>", "Вечерний Урал Онлайн"),
        ("<h2 class='slogan'>Главные новости Урала каждый день</h2>", "Вечерний Урал Онлайн"),
        ("<div class='site-title'>Газета Вечерний Урал Онлайн</div>", "Вечерний Урал Онлайн"),
        (
            (
                "<div class='page-title'><span>Главная</span> » <span>Новости</span> » "
                "<span>Общество</span></div>"
            ),
            "Вечерний Урал Онлайн",
        ),
    ],
)
def test_a_title_naming_only_the_site_gives_way_to_the_headline_above_the_body(above, expected):
    html = (
        "<html><head><title>Вечерний Урал Онлайн</title>"
        "<meta property='og:site_name' content='Вечерний Урал Онлайн'></head><body>"
        f"<div class='top'>{above}</div><div class='story'><p>МОСКВА, 10 мая.</p>{BODY}</div>"
        "</body></html>"
    )
    article = extract(Article(url="https://www.vesti-ural.example/news/1", html=html))
    assert article.title == expected


def test_a_masthead_naming_the_site_is_not_the_headline_nor_its_tagline_the_lead():
    html = (
        "<html><head><title>Biscuit factory closure: 300 jobs to go | Local News | Harrow Weekly"
        " Gazette</title></head><body><div class='masthead'><div class='sitename'>Harrow Weekly"
        " Gazette</div><div class='tagline'>Serving the people of Harrow and the surrounding"
        " villages since 1854.</div></div><div class='main'><div class='story-headline'>Biscuit"
        " factory to close next spring with the loss of 300 jobs</div>"
        f"<div class='story-text'>{BODY}</div></div></body></html>"
    )
    article = extract(Article(url="https://www.harrow-gazette.example/news/1", html=html))
    assert "Serving the people" not in (article.lead or "")


def test_a_ticker_shouting_the_headline_is_not_the_title_as_written():
    title = "Пожар на Невском: горит крыша жилого дома"
    html = (
        f"<html><head><title>{title} - Городской портал</title></head><body>"
        f"<div class='ticker'><span>Срочно</span> <span>{title.upper()}</span></div>"
        f"<div class='content'><div class='news-title'>{title}</div>"
        f"<div class='news-text'>{BODY}</div></div></body></html>"
    )
    article = extract(Article(url="https://www.portal.example/news/1", html=html))
    assert article.title == title


UNCLOSED_TITLE_SCRIPT = (
    "<script>function writeComment() { if (document.form1.comment.value.length > 500)"
    " { alert('Слишком длинный комментарий'); } }</script>"
) * 3


@pytest.mark.parametrize(
    "rest",
    [
        # the closing tag lost: the parser reads the page's script as the title's text
        f"<title>Суд отложил решение по делу о поджоге склада {UNCLOSED_TITLE_SCRIPT}</title>",
        (
            "<title>Суд отложил решение по делу о поджоге склада (Vesti)ntById('font');"
            + "obj.style.fontSize = fontSize + 'pt'; obj.style.lineHeight = lineHeight; " * 5
            + "</title>"
        ),
    ],
)
def test_a_title_that_swallowed_the_pages_script_keeps_only_its_headline(rest):
    html = f"<html><head>{rest}</head><body><div class='story'>{BODY}</div></body></html>"
    article = extract(Article(url="https://www.vesti.example/news/1", html=html))
    assert article.title == "Суд отложил решение по делу о поджоге склада"


def test_a_line_break_written_into_a_title_parts_its_lines():
    html = (
        "<html><head><title>Суд отложил решение &lt;BR&gt;по делу о поджоге склада</title></head>"
        f"<body><div class='story'>{BODY}</div></body></html>"
    )
    article = extract(Article(url="https://www.vesti.example/news/1", html=html))
    assert article.title == "Суд отложил решение по делу о поджоге склада"


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://www.vesti.example/news/1", "Суд отложил решение (обновлено); адвокат обжалует"),
        # a headline naming code, or a bracket that merely holds the site's label
        ("https://tech.example/1", "Chrome to block document.write() on slow connections"),
        ("https://tech.example/1", "Python's print('hello') turns 30"),
        ("https://tech.example/1", "Firefox finally drops support for &lt;marquee&gt; tag"),
        ("https://time.example/1", "Trump's first 100 days (a timeline)"),
        ("https://wired.example/1", "Why teenagers are always tired (and wired)"),
    ],
)
def test_a_title_of_no_swallowed_code_keeps_its_brackets_and_code(url, title):
    html = f"<html><head><title>{title}</title></head><body><div class='story'>{BODY}</div></body></html>"
    expected = title.replace("&lt;", "<").replace("&gt;", ">")
    assert extract(Article(url=url, html=html)).title == expected


@pytest.mark.parametrize(
    "label", ["Save &amp; Share this Article", "Share this story", "Email this story", "Поделиться"]
)
def test_a_widgets_label_set_as_the_pages_h1_is_no_headline(label):
    html = (
        "<html><head><title>Vesti - Суд отложил решение по делу о поджоге склада</title></head>"
        f"<body><div class='story'>{BODY}</div><table><tr><td><h1>{label}</h1>"
        "<a href='https://del.icio.us/post'>del.icio.us</a></td></tr></table></body></html>"
    )
    article = extract(Article(url="https://www.vesti.example/news/1", html=html))
    assert article.title == "Суд отложил решение по делу о поджоге склада"


@pytest.mark.parametrize(
    "headline", ["Sign up for the vaccine now, NHS urges", "Поделиться в соцсетях стало опасно"]
)
def test_a_headline_that_opens_like_chrome_is_the_headline(headline):
    html = (
        f"<html><head><title>Vesti</title></head><body><h1>{headline}</h1>"
        f"<div class='story'>{BODY}</div></body></html>"
    )
    assert extract(Article(url="https://www.vesti.example/news/1", html=html)).title == headline


def _site_titled(story: str) -> Article:
    """The page whose <title> names only the site, its body box holding `story`."""
    html = (
        "<html><head><title>Вечерний Урал Онлайн</title></head><body><div class='story'>"
        f"{story}</div></body></html>"
    )
    return extract(Article(url="https://www.vesti-ural.example/news/1", html=html))


BYLINE = "<p>Иван Петров, специальный корреспондент</p>"


@pytest.mark.parametrize(
    ("opening", "title", "first"),
    [
        # the body's first line after a date line, whatever its class
        (f"<p>15 января 2008</p><div class='article_headline'>{HEADLINE}</div>", HEADLINE, "Суд"),
        # a dated line its class names a title, then the headline: the first line still wins
        (
            f"{BYLINE}<p class='news-title'>Екатеринбург, 15 января 2008</p><p>{HEADLINE}</p>",
            "Вечерний Урал Онлайн",
            "Иван Петров",
        ),
        # a picture's title, a teaser's headline: no headline to take
        (
            f"{BYLINE}<p class='photo-title'>Здание суда в Екатеринбурге осенью</p>",
            "Вечерний Урал Онлайн",
            "Иван Петров",
        ),
        (
            f"{BYLINE}<p class='teaser-headline'>{HEADLINE}</p>",
            "Вечерний Урал Онлайн",
            "Иван Петров",
        ),
    ],
)
def test_where_the_title_names_only_the_site_the_bodys_first_line_decides(opening, title, first):
    article = _site_titled(f"{opening}{BODY}")
    assert article.title == title
    assert article.blocks[0].text.startswith(first)


def test_a_line_its_class_names_a_headline_after_the_first_paragraph_is_no_headline():
    # a related story's headline inside the box, under the story's opening paragraph
    article = _site_titled(
        f"{BYLINE}{BODY}<p class='headline'>Мэр открыл новый парк в центре города</p>{BODY}"
    )
    assert article.title == "Вечерний Урал Онлайн"


def test_the_headline_above_the_body_wins_over_a_box_title_inside_it():
    # the second red team's page: no <h1>, the title the site's name, a key-points box first
    article = _site_titled(
        f"<div class='story-header'><h2 class='headline'>{HEADLINE}</h2></div>"
        "<div class='story-body'><figure><img src='/a.jpg'><figcaption>Здание суда в"
        " Екатеринбурге</figcaption></figure><div class='key-points'><p class='story-title'>"
        "Что решил суд по делу</p><ul><li>Решение отложено</li><li>Заседание в мае</li></ul>"
        f"</div>{BODY}</div>"
    )
    assert article.title == HEADLINE


def test_a_live_blogs_entry_headlines_are_not_the_pages_headline():
    # each entry opens with a class-named headline: none of them is the page's
    entries = "".join(
        f"<p>{hour}</p><h3 class='post-title'>{line}</h3>{BODY}"
        for hour, line in [
            ("20:10", "Депутаты открыли обсуждение бюджета"),
            ("20:40", "Мэр ответил на вопросы о транспорте"),
        ]
    )
    article = _site_titled(f"<p>Новости из зала заседаний.</p>{entries}")
    assert article.title == "Вечерний Урал Онлайн"


def test_a_teasers_headline_set_in_the_body_is_not_the_pages():
    # an "Editor's pick" inset: a class-named headline and a link to its story
    article = _site_titled(
        "<div class='editors-pick'><span>Выбор редакции</span><h3 class='post-title'>Библиотеку"
        f" открыли после весеннего паводка</h3><p><a href='/news/2'>Читать</a></p></div>{BODY}"
    )
    assert article.title == "Вечерний Урал Онлайн"
