"""Section, front and link pages are refused as lists of articles; articles that carry teasers,
"read also" lists, links in sentences or many short dated entries are still articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.article import Article
from translator.errors import ExtractError
from translator.extract import extract, filters, listing, tree
from translator.extract.blocks import emit_located
from translator.extract.listing import LINKS_PAGE, SECTION_PAGE

HOST = "https://news.example"

RU_TEASERS = [
    (
        "Суд арестовал бывшего главу Заречного района",
        "Его обвиняют в получении взятки в особо крупном размере от подрядчика.",
    ),
    (
        "В Северном поселке третий день нет воды",
        "Жители жалуются на аварию водопровода, которую никак не могут устранить.",
    ),
    (
        "Депутаты одобрили новый бюджет области",
        "Расходы на здравоохранение вырастут на двенадцать процентов по сравнению с прошлым годом.",
    ),
    (
        "Школу на улице Мира закрыли на ремонт",
        "Учеников на полгода переведут в здание соседней гимназии, сообщили в мэрии.",
    ),
    (
        "Полиция задержала угонщиков автобуса",
        "Двое молодых людей угнали пустой автобус из парка и бросили его у трассы.",
    ),
    (
        "Больница получила новый томограф",
        "Аппарат закупили на деньги региональной программы модернизации здравоохранения.",
    ),
    (
        "На митинг против свалки вышли сотни жителей",
        "Участники акции требуют закрыть полигон, который работает с нарушениями.",
    ),
    (
        "Ремонт моста через Быструю отложили",
        "Подрядчик не успел выполнить работы из-за паводка, новый срок — осень.",
    ),
]
EN_TEASERS = [
    (
        "Tributes paid to veteran film critic",
        "Actors and directors pay tribute to the critic, who has died aged 70 after a long illness.",
    ),
    (
        "Singer cancels concerts in protest",
        "The singer cancels two concerts in protest over what he called a crackdown on human rights groups.",
    ),
    (
        "Queen honoured with film award",
        "The Queen receives an honorary award for her support for British film at a glittering ceremony.",
    ),
    (
        "Museum reopens after five-year refit",
        "The gallery opens its doors again with a new wing dedicated to modern sculpture and design.",
    ),
    (
        "Novelist wins prize for debut book",
        "The judges praised the first-time author's story of a family divided by war and exile.",
    ),
]
ARTICLE = [
    "Глава Заречного района Иван Петров заявил журналистам, что ремонт школы на улице Мира начнется в июне и закончится к сентябрю, если подрядчик уложится в смету.",
    "Подрядчика выберут на открытом аукционе, смета составит около сорока миллионов рублей, из них половину выделит область, а остальное добавит районный бюджет.",
    "Родители учеников пообещали следить за тем, как будут выполнены эти обещания, и напомнили, что в прошлом году ремонт спортзала так и не был закончен.",
    "В мэрии добавили, что на время ремонта учеников переведут в соседнюю гимназию, а для детей из дальних кварталов пустят дополнительный школьный автобус.",
]
NAV = "<nav><a href='/'>Главная</a> <a href='/news/'>Новости</a> <a href='/politics/'>Политика</a></nav>"


def _page(body: str, title: str = "Новости") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>{NAV}{body}"
        "<footer>© Новости Заречья</footer></body></html>"
    )


def _slug(i: int) -> str:
    return f"/news/2024/05/{10 + i}/story-{i}.html"


# A Russian section page's teasers, in the layouts sites use: headline and summary in blocks
# of their own, or in one block (a bold or own-line headline link, a break, the summary).
RU_LAYOUTS = {
    "heading and paragraph": (
        "<div class='item'><h3><a href='{href}'>{head}</a></h3>"
        "<span class='time'>10:15</span><p>{summary}</p></div>"
    ),
    "title and announce divs": (
        "<div class='item'><a href='{href}'><img src='/i.jpg'></a><div class='title'>"
        "<a href='{href}'>{head}</a></div><div class='anons'>{summary}</div></div>"
    ),
    "bold link, break, summary": "<p><strong><a href='{href}'>{head}</a></strong><br>{summary}</p>",
    "table cells": "<tr><td><a href='{href}'><b>{head}</b></a><br>{summary}</td></tr>",
}


def _ru_section(layout: str = "heading and paragraph") -> str:
    items = "".join(
        RU_LAYOUTS[layout].format(href=_slug(i), head=head, summary=summary)
        for i, (head, summary) in enumerate(RU_TEASERS)
    )
    if layout == "table cells":
        items = f"<table>{items}</table>"
    return _page(f"<main><h1>Новости Заречья</h1><div class='news-list'>{items}</div></main>")


def _en_section() -> str:
    items = "".join(
        f"<h2 class='story-header'><a class='story' href='{_slug(i)}'>{head}</a></h2><p>{summary}</p><hr>"
        for i, (head, summary) in enumerate(EN_TEASERS)
    )
    return _page(f"<div id='content'><h1>Entertainment &amp; Arts</h1>{items}</div>", "Arts")


def _refusal(html: str, url: str) -> str:
    with pytest.raises(ExtractError) as info:
        extract(Article(url=url, html=html))
    return str(info.value)


def _body(html: str, url: str) -> list[str]:
    return [b.text for b in extract(Article(url=url, html=html)).blocks]


@pytest.mark.parametrize("layout", sorted(RU_LAYOUTS))
def test_a_russian_section_page_of_teasers_is_refused(layout: str) -> None:
    message = _refusal(_ru_section(layout), f"{HOST}/news/")
    assert message == f"no article found on this page: {SECTION_PAGE}"


def test_an_english_section_page_of_teasers_is_refused() -> None:
    message = _refusal(_en_section(), f"{HOST}/news/entertainment_and_arts")
    assert message == f"no article found on this page: {SECTION_PAGE}"


def test_a_section_page_refused_on_the_command_line_in_one_line(tmp_path: Path) -> None:
    from translator.cli import cli

    saved = tmp_path / "section.html"
    saved.write_text(_ru_section(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(saved)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"no article found on this page: {SECTION_PAGE}")


def test_a_page_of_links_is_refused() -> None:
    links = "".join(
        f"<li><a href='/links/{i}'>Официальный сайт районной администрации номер {i}</a></li>"
        for i in range(20)
    )
    body = (
        "<div class='content'><h1>Полезные ссылки</h1>"
        "<p>Здесь собраны адреса учреждений района, которые чаще всего ищут наши читатели.</p>"
        f"<ul>{links}</ul><p>Список обновлен в мае.</p></div>"
    )
    assert _refusal(_page(body), f"{HOST}/links/") == f"no article found on this page: {LINKS_PAGE}"


NOTICES = [
    (
        "Ваш браузер устарел. Пожалуйста, обновите браузер, чтобы пользоваться всеми "
        "возможностями сайта."
    ),
    (
        "Включите JavaScript в настройках браузера: без него сайт не сможет показать "
        "новости, фотографии и видео."
    ),
    (
        "This page is best viewed in an up-to-date web browser with style sheets (CSS) "
        "enabled. Please consider upgrading your browser software."
    ),
    (
        "Please enable JavaScript to view this page: without it the news, photos and "
        "videos cannot be shown."
    ),
]


@pytest.mark.parametrize("notice", NOTICES)
def test_a_page_holding_only_a_browser_notice_has_no_article(notice: str) -> None:
    html = _page(f"<div class='content'><p><strong>{notice}</strong></p></div>")
    assert _refusal(html, f"{HOST}/").startswith("no article found on this page")


@pytest.mark.parametrize("where", [0, 2])
def test_an_article_with_a_read_also_list_of_teasers_stays_an_article(where: int) -> None:
    teasers = "".join(
        f"<p><b><a href='{_slug(i)}'>{head}</a></b></p><p>{summary}</p>"
        for i, (head, summary) in enumerate(RU_TEASERS[:4])
    )
    # a photo after each paragraph: no two paragraphs of prose stand side by side
    paragraphs = [
        f"<p>{paragraph}</p><figure><img src='/img/{i}.jpg'><figcaption>Школа на улице Мира"
        "</figcaption></figure>"
        for i, paragraph in enumerate(ARTICLE)
    ]
    paragraphs.insert(where, f"<p><b>Читайте также:</b></p>{teasers}")
    body = f"<article><h1>Школу отремонтируют к сентябрю</h1>{''.join(paragraphs)}</article>"
    texts = _body(_page(body), f"{HOST}/news/2024/05/12/school.html")
    assert all(paragraph in texts for paragraph in ARTICLE)


def test_an_article_with_a_linked_headline_between_each_two_paragraphs_stays_an_article() -> None:
    # sites inject "PHOTOS: ..." or other stories' headlines between the paragraphs
    parts = [f"<p>{ARTICLE[0]}</p>"]
    for i, paragraph in enumerate(ARTICLE[1:]):
        head = RU_TEASERS[i][0]
        parts.append(f"<h3><a href='{_slug(i)}'>{head}</a></h3><p>{paragraph}</p>")
    body = f"<article><h1>Школу отремонтируют</h1>{''.join(parts)}</article>"
    texts = _body(_page(body), f"{HOST}/news/2024/05/12/school.html")
    assert all(paragraph in texts for paragraph in ARTICLE)


def test_a_digest_whose_items_open_with_a_linked_sentence_stays_an_article() -> None:
    # "<b><a>Headline sentence</a>.</b> More text.": a morning digest is an article
    items = "".join(
        f"<li><strong><a href='{_slug(i)}'>{summary.rstrip('.')}</a>.</strong> {ARTICLE[i % 4]}</li>"
        for i, (_, summary) in enumerate(RU_TEASERS[:5])
    )
    body = f"<article><h1>Главное за день</h1><p>Доброе утро!</p><ol>{items}</ol></article>"
    texts = _body(_page(body), f"{HOST}/news/2024/05/12/digest.html")
    assert len(texts) == 6 and texts[1].startswith(RU_TEASERS[0][1].rstrip("."))


def test_an_article_whose_paragraphs_open_with_a_bold_linked_name_stays_an_article() -> None:
    names = ["Министерство образования области", "Администрация Заречного района"]
    paragraphs = "".join(
        f"<div class='answer'><b><a href='/org/{i}'>{names[i % 2]}</a></b><br>{paragraph}</div>"
        for i, paragraph in enumerate(ARTICLE)
    )
    lede = f"<p>{ARTICLE[0]}</p><figure><img src='/img/1.jpg'></figure>"
    body = f"<article><h1>Школу отремонтируют</h1>{lede}{paragraphs}</article>"
    texts = _body(_page(body), f"{HOST}/news/2024/05/12/school.html")
    assert texts[0] == ARTICLE[0] and len(texts) == 5


def test_a_short_news_item_with_links_in_its_sentences_stays_an_article() -> None:
    # each paragraph opens with a link, as a one-block teaser does, but inside its sentence
    body = (
        "<article><h1>Мост закроют на ремонт</h1>"
        "<p><a href='/news/2024/04/02/bridge.html'>Мост через реку Быструю</a> закроют на "
        "ремонт с 1 июня, сообщили в <a href='/org/mayor'>мэрии</a>.</p>"
        "<p><a href='/news/2024/04/03/bypass.html'>Объезд по новой дороге</a> пройдет через "
        "поселок Северный, автобусы пойдут по тому же маршруту.</p>"
        "<p><a href='/people/petrov'>Глава района Иван Петров</a> пообещал, что работы "
        "закончат до осени.</p>"
        "</article>"
    )
    texts = _body(_page(body), f"{HOST}/news/2024/05/12/bridge.html")
    assert texts[0].startswith("Мост через реку Быструю") and len(texts) == 3


def test_a_live_blog_of_many_short_dated_entries_stays_an_article() -> None:
    url = f"{HOST}/live/2024/05/12/flood.html"
    entries = "".join(
        f"<div class='entry' id='e{i}'><p class='time'><a href='#e{i}'>{8 + i}:{10 + i}</a></p>"
        f"<h3><a href='{url}?entry={i}'>{head}</a></h3><p>{summary}</p></div>"
        for i, (head, summary) in enumerate(RU_TEASERS)
    )
    body = f"<article><h1>Паводок: онлайн</h1><div class='live'>{entries}</div></article>"
    texts = _body(_page(body), url)
    assert RU_TEASERS[0][1] in texts and RU_TEASERS[-1][1] in texts


def test_a_teaser_list_is_not_refused_when_the_page_holds_prose_elsewhere() -> None:
    # the scoring took the teasers for the body; the page's two paragraphs of prose say that
    # it is an article, and a wrong body is better than refusing it
    page = tree.parse(
        _ru_section().replace(
            "</main>", f"</main><div><p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p></div>"
        )
    )
    assert page is not None
    teasers = page.cssselect(".news-list")[0]
    located = emit_located([teasers], f"{HOST}/news/")
    kept = filters.drop_chrome_blocks([b for b, _ in located], [])
    listing.refuse_lists(located, kept, page, f"{HOST}/news/")
    with pytest.raises(ExtractError):
        listing.refuse_lists(located, kept, tree.parse(_ru_section()), f"{HOST}/news/")


def _boxed_section() -> str:
    # the top story in a box of its own, the rest in a list: the scoring settles on the top
    # story's box, and the second opinion keeps the summaries without their linked headings
    (top_head, top_summary), *rest = EN_TEASERS
    others = "".join(
        f"<li><h3 class='story-header'><a class='story' href='{_slug(i + 1)}'>{head}</a></h3>"
        f"<p>{summary}</p></li>"
        for i, (head, summary) in enumerate(rest)
    )
    top = (
        f"<div id='top-story' class='large-image'><h2 class='top-story-header'>"
        f"<a class='story' href='{_slug(0)}'>{top_head}<img src='/i.jpg' alt='a critic'></a></h2>"
        f"<p>{top_summary}</p></div>"
    )
    return _page(
        "<div class='index-date'><span class='date'>5 April 2013</span></div>"
        f"<div id='now' class='container-now'>{top}<ul class='other-top-stories'>{others}</ul></div>",
        "Entertainment &amp; Arts",
    )


def test_a_section_page_whose_top_story_stands_in_a_box_of_its_own_is_refused() -> None:
    message = _refusal(_boxed_section(), f"{HOST}/news/entertainment_and_arts")
    assert message == f"no article found on this page: {SECTION_PAGE}"


def test_summaries_are_read_off_the_page_only_under_a_heading_linking_elsewhere() -> None:
    page = tree.parse(_boxed_section())
    assert page is not None
    assert listing.teaser_summaries(page, f"{HOST}/news/") == {s for _, s in EN_TEASERS}
    assert listing.teaser_summaries(page, f"{HOST}{_slug(0)}") == {s for _, s in EN_TEASERS[1:]}
    assert not listing.teaser_summaries(
        tree.parse(_page(f"<h2>{EN_TEASERS[0][0]}</h2><p>{EN_TEASERS[0][1]}</p>")), None
    )


def test_a_story_whose_text_is_one_link_to_its_printable_version_is_an_article() -> None:
    # a video page: the transcript below the player is one <a> to the text version
    menu = "".join(f"<li><a href='/video/{i}'>Видео дня номер {i}</a></li>" for i in range(12))
    transcript = "<br><br>".join(ARTICLE)
    body = (
        f"<div class='side'><ul>{menu}</ul></div><div class='player'><h1>Школу отремонтируют</h1>"
        f"<div class='intro'><a href='/news/2024/05/12/school-text.html'>{transcript}</a></div></div>"
    )
    assert _body(_page(body), f"{HOST}/video/2024/05/12/school.html") == ARTICLE


@pytest.mark.parametrize(
    "link",
    [
        # a teaser's card: a heading and a summary inside the link
        f"<a href='/news/1'><h3>Школу отремонтируют</h3><p>{ARTICLE[0]} {ARTICLE[1]}</p></a>",
        # two lines, not paragraphs of prose
        f"<a href='/news/1'>{ARTICLE[0]}<br><br>{ARTICLE[1]}</a>",
        # three short lines
        "<a href='/news/1'>Школа<br><br>Ремонт<br><br>Июнь</a>",
    ],
)
def test_a_link_holding_less_than_paragraphs_of_prose_stays_a_link(link: str) -> None:
    from translator.extract import clean

    root = tree.parse(f"<html><body><div>{link}</div></body></html>")
    clean.unwrap_linked_prose(root)
    assert len(list(root.iter("a"))) == 1
