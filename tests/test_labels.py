"""Foreign-agent labels, inline status marks and "banned in Russia" footnotes: one test per wording."""

from __future__ import annotations

import re

import pytest
from bs4 import UnicodeDammit

from tests.conftest import all_corpus_pages, need_corpus
from translator.article import Article, Block
from translator.extract import extract
from translator.labels.apply import TEMPLATES, apply_labels, party_english

BODY = "".join(
    f"<p>Абзац номер {i}: суд рассмотрел жалобу, но решение пока не опубликовано, сообщил адвокат.</p>"
    for i in range(3)
)
MEMO_EN = (
    "THIS MATERIAL (INFORMATION) WAS PRODUCED AND DISTRIBUTED BY A FOREIGN AGENT, MEMO LLC, OR CONCERNS "
    "THE ACTIVITIES OF A FOREIGN AGENT, MEMO LLC."
)
MEDIA_2017_RU = (
    "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ, "
    "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА, И (ИЛИ) РОССИЙСКИМ ЮРИДИЧЕСКИМ ЛИЦОМ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ "
    "ИНОСТРАННОГО АГЕНТА"
)


def page(before_body: str = "", body: str = BODY, url: str = "https://news.example/a/1") -> Article:
    html = f"<html><head><title>T</title></head><body>{before_body}<article><h1>Заголовок</h1>{body}</article></body></html>"
    return apply_labels(extract(Article(url=url, html=html)))


def page_labels(article: Article):
    return [l for l in article.labels if l.placement == "page"]


def assert_label_gone(article: Article) -> None:
    for text in [b.text for b in article.blocks] + [article.title, article.lead or ""]:
        assert not re.search(r"(?i)иностранн\w+ агент|настоящий материал|данное сообщение", text)


def test_2022_kavkaz_wording_in_a_div_under_the_headline():
    ru = 'НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "МЕМО", ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО "МЕМО".'
    article = page(body=f"<div>{ru}</div>" + BODY)
    [label] = page_labels(article)
    assert (label.kind, label.party, label.party_en, label.text) == (
        "foreign-agent",
        'ООО "МЕМО"',
        "Memo LLC",
        MEMO_EN,
    )
    assert label.source_text == ru
    assert_label_gone(article)


def test_2022_full_wording_with_18_plus_in_a_banner_before_the_header():
    ru = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ «МЕДИАЗОНА» ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА «МЕДИАЗОНА». 18+"
    article = page(before_body=f"<div class='x'>{ru}</div><header>Сайт</header>")
    [label] = page_labels(article)
    assert label.party == "«МЕДИАЗОНА»" and label.party_en == "Mediazona"
    assert label.text == (
        "THIS MATERIAL (INFORMATION) WAS PRODUCED, DISTRIBUTED AND (OR) SENT BY A FOREIGN AGENT, MEDIAZONA, "
        "OR CONCERNS THE ACTIVITIES OF A FOREIGN AGENT, MEDIAZONA. 18+"
    )


def test_2022_sentence_case_only_in_an_image_alt_text():
    alt = (
        "18+ Настоящий материал (информация) произведен, распространен и (или) направлен иностранным агентом "
        "Радио Свободная Европа/Радио Свобода (РС/РСЕ) либо касается деятельности иностранного агента "
        "Радио Свободная Европа/Радио Свобода (РС/РСЕ)."
    )
    article = page(body=f'<div><img src="/fa.png" alt="{alt}"></div>' + BODY)
    [label] = page_labels(article)
    assert label.party_en == "Radio Free Europe/Radio Liberty (RFE/RL)"
    assert label.text.startswith(
        "18+ THIS MATERIAL (INFORMATION) WAS PRODUCED, DISTRIBUTED AND (OR) SENT"
    )


def test_2022_split_across_elements_with_nbsp_guillemets_and_yo():
    first = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЁН И РАСПРОСТРАНЁН ИНОСТРАННЫМ АГЕНТОМ ООО\u00a0«МЕМО»,"
    second = "ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО\u00a0«МЕМО»."
    article = page(body=f"<div class='fa'><p>{first}</p><p>{second}</p></div>" + BODY)
    [label] = page_labels(article)
    assert label.text == MEMO_EN
    assert_label_gone(article)
    assert len(article.blocks) == 3


def test_2017_media_formula_in_capitals_without_final_period():
    article = page(
        before_body=f"<div>{MEDIA_2017_RU}</div><div><a href='https://support.meduza.io'>Спасите «Медузу»!</a></div>"
    )
    [label] = page_labels(article)
    assert (label.kind, label.party, label.text) == (
        "foreign-agent-media",
        None,
        TEMPLATES["foreign-agent-media"],
    )


def test_2017_media_formula_lower_case_with_18_plus_inside_the_body():
    ru = "18+ " + MEDIA_2017_RU.lower() + "."
    article = page(body=f"<p>{ru}</p>" + BODY)
    [label] = page_labels(article)
    assert label.text == "18+ " + TEMPLATES["foreign-agent-media"]
    assert_label_gone(article)


def test_label_found_in_blocks_when_the_page_html_is_gone():
    ru = 'НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО "МЕМО", ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО "МЕМО".'
    article = Article(
        url="u",
        blocks=[Block("paragraph", ru + " Текст новости."), Block("paragraph", "Второй абзац.")],
    )
    apply_labels(article)
    assert page_labels(article)[0].text == MEMO_EN
    assert [b.text for b in article.blocks] == ["Текст новости.", "Второй абзац."]


INLINE = [
    (
        "Эколог Аслан Тлупов (признан иноагентом), сказал",
        "(признан иноагентом)",
        "(designated a foreign agent)",
        "foreign-agent",
    ),
    (
        "Кравец, признанный иноагентом, опубликовал",
        "признанный иноагентом",
        "designated a foreign agent",
        "foreign-agent",
    ),
    (
        "Журналист Иван Петров, внесен Минюстом в реестр иностранных агентов, уехал",
        "внесен Минюстом в реестр иностранных агентов",
        "listed by the Justice Ministry as a foreign agent",
        "foreign-agent",
    ),
    (
        "ассоциация «Права без границ» (внесена в реестр нежелательных организаций), и он",
        "(внесена в реестр нежелательных организаций)",
        "(listed as an undesirable organisation)",
        "undesirable",
    ),
    (
        "фонд «Открытый мир», признан в РФ нежелательной организацией, заявил",
        "признан в РФ нежелательной организацией",
        "designated an undesirable organisation in Russia",
        "undesirable",
    ),
    (
        "движение «Артподготовка» (признана экстремистской и запрещена в России) призвало",
        "(признана экстремистской и запрещена в России)",
        "(designated extremist and banned in Russia)",
        "extremist",
    ),
    (
        "группировка «Имарат Кавказ», признана террористической и запрещена в России, взяла",
        "признана террористической и запрещена в России",
        "designated terrorist and banned in Russia",
        "terrorist",
    ),
    (
        "соцсеть Instagram (запрещена в России) сообщила",
        "(запрещена в России)",
        "(banned in Russia)",
        "banned",
    ),
]


@pytest.mark.parametrize(
    "sentence,mark,english,kind", INLINE, ids=[i[3] + ":" + i[1][:20] for i in INLINE]
)
def test_inline_mark_stays_inline_as_a_fixed_span(sentence, mark, english, kind):
    article = Article(url="u", blocks=[Block("paragraph", sentence + " в четверг.")])
    apply_labels(article)
    [block] = article.blocks
    assert block.text == sentence + " в четверг."
    [fixed] = block.fixed
    assert block.text[fixed.start : fixed.end] == mark and fixed.en == english
    [label] = article.labels
    assert (label.kind, label.placement, label.text) == (kind, "inline", english)
    assert label.party


def test_inline_party_is_the_name_before_the_mark():
    article = Article(
        url="u",
        blocks=[Block("paragraph", "Ее адвокат Мария Ожегова (признана иноагентом) промолчала.")],
    )
    apply_labels(article)
    assert article.labels[0].party == "Мария Ожегова"
    article = Article(
        url="u", blocks=[Block("paragraph", "Эколог Аслан Тлупов (признан иноагентом) промолчал.")]
    )
    apply_labels(article)
    assert (
        article.labels[0].party == "Аслан Тлупов" and article.labels[0].party_en == "Aslan Tlupov"
    )


def test_asterisk_footnote_naming_a_person_becomes_a_note_and_inline_label():
    body = (
        BODY
        + "<p>Его адвокат Мария Ожегова* сообщила, что защита обжалует постановление.</p><p>* Внесена Минюстом в реестр иностранных агентов.</p>"
    )
    article = page(body=body)
    assert not any(b.text.startswith("*") for b in article.blocks)
    [note] = article.notes
    assert (note.kind, note.referent, note.text) == (
        "foreign-agent",
        "Мария Ожегова",
        TEMPLATES["note:foreign-agent"],
    )
    assert any(l.placement == "inline" and l.party == "Мария Ожегова" for l in article.labels)


def test_banned_footnote_kept_while_its_referent_is_in_the_body():
    body = (
        BODY
        + "<ul><li>за историю в Instagram, который принадлежит компании Meta*;</li></ul><p><em>*Деятельность Meta запрещена в России.</em></p>"
    )
    article = page(body=body)
    [note] = article.notes
    assert note.text == "* Meta is banned in Russia." and note.referent == "Meta"
    assert not any("запрещена" in b.text for b in article.blocks)


def test_banned_footnote_dropped_with_the_promo_it_served():
    promo = (
        "<p>Мы обновили приложения на Android и IOS! Читайте нас в <a href='https://fb.com/x'>Facebook</a>*, "
        "<a href='https://instagram.com/x'>Instagram</a>* и WhatsApp*.</p>"
    )
    body = (
        BODY
        + promo
        + "<p><em>* Meta (владелец Facebook, Instagram и WhatsApp) запрещена в России.</em></p>"
    )
    article = page(body=body, url="https://www.kavkaz-uzel.eu/articles/1/")
    assert article.notes == []
    assert not any("Meta" in b.text or "Facebook" in b.text for b in article.blocks)


def test_banned_footnote_with_owner_parenthetical_is_rendered_by_template():
    body = (
        BODY
        + "<p>Пост появился в Instagram*.</p><p>* Meta (владелец Facebook, Instagram и WhatsApp) запрещена в России.</p>"
    )
    article = page(body=body)
    [note] = article.notes
    assert note.text == "* Meta (owner of Facebook, Instagram and WhatsApp) is banned in Russia."


def test_extremist_footnote_says_banned_in_russia():
    body = (
        BODY
        + "<p>Об этом написали в Facebook*.</p><p>* Meta признана в России экстремистской организацией, ее деятельность запрещена.</p>"
    )
    article = page(body=body)
    [note] = article.notes
    assert "banned in Russia" in note.text and note.text.startswith("* Meta")


class FakeGlossary:
    def english(self, term: str) -> str | None:
        return {"МЕМО": "MEMO", "Мемориал": "Memorial Society"}.get(term)


def test_glossary_names_the_party_and_fallbacks_transliterate():
    assert party_english('ООО "МЕМО"', FakeGlossary()) == "MEMO LLC"
    assert party_english('ООО "МЕМО"') == "Memo LLC"
    assert party_english("Мемориал", FakeGlossary()) == "Memorial Society"
    assert party_english("АНО «Правовая инициатива»") == "Pravovaya initsiativa ANO"
    assert party_english(None) is None


def test_page_without_any_label_gets_none():
    article = page()
    assert article.labels == [] and article.notes == []


# ---- the shared corpus -------------------------------------------------------------------------

PAGES = all_corpus_pages()


def fold(text: str) -> str:
    text = re.sub('["«»“”„]', '"', text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def corpus() -> dict[str, Article]:
    need_corpus(PAGES)
    out = {}
    for entry in PAGES:
        html = UnicodeDammit(entry["path"].read_bytes(), is_html=True).unicode_markup
        out[entry["id"]] = apply_labels(extract(Article(url=entry["url"], html=html)))
    return out


@pytest.mark.parametrize("entry", PAGES, ids=[p["id"] for p in PAGES])
def test_corpus_labels(corpus, entry):
    article = corpus[entry["id"]]
    labels = page_labels(article)
    if not entry["has_foreign_agent_label"]:
        assert labels == []
        return
    [label] = labels
    assert label.text.isascii() and label.text == label.text.upper()
    if entry.get("label_party_ru"):
        assert fold(label.party) == fold(entry["label_party_ru"])
    key = fold(entry["label_text_ru"]).lower()
    assert not any(key in fold(b.text).lower() for b in article.blocks)
    assert_label_gone(article)


@pytest.mark.parametrize(
    "entry", [p for p in PAGES if "inline_marks_ru" in p], ids=lambda p: p["id"]
)
def test_corpus_inline_marks_and_footnotes(corpus, entry):
    article = corpus[entry["id"]]
    for mark in entry["inline_marks_ru"]:
        fixed = any(mark in b.text[f.start : f.end] for b in article.blocks for f in b.fixed)
        noted = any(mark in n.source_text for n in article.notes)
        assert fixed or noted, mark
    banned = [n for n in article.notes if "banned in Russia" in n.text]
    assert bool(banned) == entry["footnote_expected"]
    assert not any(b.text.lstrip().startswith("*") for b in article.blocks)


def test_2022_label_naming_a_person_in_two_cases():
    ru = (
        "18+ НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ "
        "ИВАНОМ ПЕТРОВЫМ ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ИВАНА ПЕТРОВА."
    )
    article = Article(url="u", blocks=[Block("paragraph", ru + " Текст колонки начинается здесь.")])
    apply_labels(article)
    [label] = page_labels(article)
    assert label.party == "Иван Петров" and label.party_en == "Ivan Petrov"
    assert label.text.endswith("OR CONCERNS THE ACTIVITIES OF A FOREIGN AGENT, IVAN PETROV.")
    assert [b.text for b in article.blocks] == ["Текст колонки начинается здесь."]


def test_2022_short_form_without_the_concerns_half():
    ru = "Настоящий материал произведен и распространен иностранным агентом «Дождь»."
    article = Article(url="u", blocks=[Block("paragraph", ru), Block("paragraph", "Новость дня.")])
    apply_labels(article)
    [label] = page_labels(article)
    assert label.text == "THIS MATERIAL WAS PRODUCED AND DISTRIBUTED BY A FOREIGN AGENT, TV RAIN."
    assert [b.text for b in article.blocks] == ["Новость дня."]


def test_2017_formula_without_the_legal_entity_half():
    ru = (
        "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ, "
        "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА."
    )
    article = Article(url="u", blocks=[Block("paragraph", ru), Block("paragraph", "Новость дня.")])
    apply_labels(article)
    assert page_labels(article)[0].text == TEMPLATES["foreign-agent-media-short"]
    assert [b.text for b in article.blocks] == ["Новость дня."]


@pytest.mark.parametrize(
    "footnote,english",
    [
        (
            "* Организация признана экстремистской и запрещена в РФ.",
            "* Designated an extremist organisation and banned in Russia.",
        ),
        (
            "* — лицо, признанное иностранным агентом в Российской Федерации.",
            "* Designated a foreign agent in Russia.",
        ),
        ("*Внесен в реестр иноагентов.", "* Listed as a foreign agent in Russia."),
    ],
)
def test_unnamed_footnote_serves_the_asterisked_names(footnote, english):
    article = Article(
        url="u",
        blocks=[
            Block("paragraph", "Об этом сообщил «Фонд Свободы»* в четверг."),
            Block("paragraph", footnote),
        ],
    )
    apply_labels(article)
    assert [b.text for b in article.blocks] == ["Об этом сообщил «Фонд Свободы»* в четверг."]
    [note] = article.notes
    assert note.text == english and note.referent == "«Фонд Свободы»"


def test_unnamed_footnote_without_any_asterisk_left_is_dropped():
    article = Article(
        url="u",
        blocks=[
            Block("paragraph", "Обычный текст."),
            Block("paragraph", "* Организация запрещена в России."),
        ],
    )
    apply_labels(article)
    assert article.notes == [] and [b.text for b in article.blocks] == ["Обычный текст."]


def test_banned_participle_and_registry_without_ministry():
    article = Article(
        url="u",
        blocks=[
            Block(
                "paragraph",
                "Он возглавлял запрещенную в России организацию, а Иван Петров (включен в реестр иноагентов) уехал.",
            )
        ],
    )
    apply_labels(article)
    assert [f.en for f in article.blocks[0].fixed] == [
        "banned in Russia",
        "(listed as a foreign agent)",
    ]


# ---- a mark that is the predicate of its sentence stays in it -----------------------------------

PREDICATES = [
    (
        "Компания Meta с марта 2022 года признана экстремистской и запрещена в России.",
        "признана экстремистской и запрещена в России",
        "extremist",
    ),
    ("Журналист Иван Петров в пятницу признан иноагентом.", "признан иноагентом", "foreign-agent"),
    (
        "Он работал в фонде «Открытый мир», который признан нежелательной организацией.",
        "признан нежелательной организацией",
        "undesirable",
    ),
    (
        "Группировка «Имарат Кавказ» давно признана террористической и запрещена в России.",
        "признана террористической и запрещена в России",
        "terrorist",
    ),
]


@pytest.mark.parametrize("sentence,mark,kind", PREDICATES, ids=[p[2] for p in PREDICATES])
def test_a_predicate_mark_keeps_its_sentence_whole(sentence, mark, kind):
    article = Article(url="u", blocks=[Block("paragraph", sentence)])
    apply_labels(article)
    [block] = article.blocks
    assert block.text == sentence and block.fixed == []  # nothing masked: the verb stays
    [label] = article.labels
    assert (label.kind, label.source_text, label.in_sentence) == (kind, mark, True)


def test_parenthetical_and_appositive_marks_are_still_masked():
    for sentence in (
        "Компания Meta (признана экстремистской и запрещена в России) ответила.",
        "Компания Meta, признанная экстремистской, ответила.",
        "Компания Meta — признана экстремистской — ответила.",
    ):
        article = Article(url="u", blocks=[Block("paragraph", sentence)])
        apply_labels(article)
        [label] = article.labels
        assert not label.in_sentence and len(article.blocks[0].fixed) == 1, sentence


def test_the_engine_gets_the_predicate_mark_and_the_gate_checks_its_english(tmp_path):
    from tests.engine_servers import LibreServer
    from translator.config import Config, PublishConfig
    from translator.output.gate import judge
    from translator.store import Cache
    from translator.translate import translate_article
    from translator.translate.engines import get_engine

    sentence = PREDICATES[0][0]

    def faithful(text: str) -> str:
        return (
            "Since March 2022 the company Meta has been designated extremist and banned in Russia."
        )

    def lossy(text: str) -> str:
        return "Since March 2022 the company Meta has been a company in Russia for the readers."

    for english, held in ((faithful, False), (lossy, True)):
        article = Article(url="u", title="", blocks=[Block("paragraph", sentence)])
        apply_labels(article)
        cache = Cache(tmp_path / f"cache-{held}")
        with LibreServer(translate=english) as server:
            engine = get_engine("libre", Config(), server.url + "/")
            translate_article(article, engine, cache)
        cache.close()
        assert [sentence] in server.texts  # the whole sentence, no placeholder
        verdict = judge(article, PublishConfig())
        assert ("mark-lost" in verdict.flags) is held, verdict.flags


# ---- footnotes that name what an organisation owns ----------------------------------------------

OWNED_NOTE = (
    "*Instagram принадлежит компании Meta, которая признана в России экстремистской "
    "организацией и запрещена."
)
OWNED_EN = (
    "* Instagram is owned by Meta, which is designated an extremist organisation and banned in "
    "Russia."
)


def test_an_owner_footnote_at_the_end_of_the_body_is_kept_with_its_referent():
    body = [
        Block("paragraph", "Губернатор опубликовал видео в Instagram* в пятницу."),
        Block("paragraph", "Видео посмотрели тысячи человек."),
        Block("paragraph", OWNED_NOTE),
    ]
    article = apply_labels(Article(url="u", blocks=body))
    assert [b.text for b in article.blocks] == [body[0].text, body[1].text]
    [note] = article.notes
    assert (note.kind, note.text, note.referent) == ("extremist", OWNED_EN, "Instagram")
    assert note.source_text == OWNED_NOTE


def test_a_footnote_in_the_last_lines_of_a_block_is_split_off():
    text = "Видео появилось в Instagram* в пятницу.\n" + OWNED_NOTE
    article = apply_labels(Article(url="u", blocks=[Block("paragraph", text)]))
    assert [b.text for b in article.blocks] == ["Видео появилось в Instagram* в пятницу."]
    assert [n.text for n in article.notes] == [OWNED_EN]


def test_an_owner_footnote_naming_several_things_and_its_orphan():
    note = "* Facebook и Instagram принадлежат компании Meta, которая признана экстремистской."
    english = (
        "* Facebook and Instagram are owned by Meta, which is designated an extremist "
        "organisation in Russia."
    )
    kept = apply_labels(
        Article(
            url="u",
            blocks=[Block("paragraph", "Пост в Facebook* удален."), Block("paragraph", note)],
        )
    )
    assert [n.text for n in kept.notes] == [english]
    orphan = apply_labels(
        Article(url="u", blocks=[Block("paragraph", "Пост удален."), Block("paragraph", note)])
    )
    assert orphan.notes == [] and [b.text for b in orphan.blocks] == ["Пост удален."]


def test_a_footnote_after_a_line_break_in_the_last_paragraph_is_kept_as_a_note():
    body = "".join(
        f"<p>Абзац {i}: суд рассмотрел жалобу, сообщил адвокат защиты.</p>" for i in range(3)
    )
    last = f"<p>Губернатор выложил видео в Instagram*.<br>{OWNED_NOTE}</p>"
    article = page(body=body + last)
    assert article.blocks[-1].text == "Губернатор выложил видео в Instagram*."
    assert [n.text for n in article.notes] == [OWNED_EN]
    prose = apply_labels(
        Article(
            url="u",
            blocks=[Block("paragraph", "Он сказал: «Это важно». *Звездочка тут ни при чем.")],
        )
    )
    assert prose.notes == [] and len(prose.blocks) == 1  # an asterisk that is no status note stays


def test_an_image_alt_with_control_characters_does_not_stop_the_page_text() -> None:
    from translator.labels.page import page_text

    html = "<html><body><p>Текст</p><img alt='подпись\x01\x08'><p>Дальше</p></body></html>"
    assert page_text(html).split() == ["Текст", "Дальше"]
