"""translate_article against loopback engines speaking the real protocols."""

from __future__ import annotations

import copy
import io
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine_servers import (
    DeeplServer,
    Fault,
    GoogleCloudServer,
    GoogleMobileServer,
    LibreServer,
    MyMemoryServer,
    fake_translate,
    unpack,
)
from translator.article import Article, Block, Fixed, Image, Link
from translator.config import Config, EngineSettings
from translator.errors import BadTranslation, EngineError, EngineUnavailable
from translator.labels.glossary import Glossary
from translator.store import Cache
from translator.translate import translate_article
from translator.translate.engines import get_engine
from translator.translate.engines.google import GOOGLE_MAX_URL_BYTES
from translator.translate.packing import marker
from translator.translate.resilience import engine_policy
from translator.translate.tmx import export_tmx

P1 = "Суд в Москве оштрафовал издание на 500 000 рублей. Редакция обжалует решение."
P2 = "Об этом сообщил адвокат издания. Заседание прошло в закрытом режиме."
P3 = "В 2024 году против издания возбудили 3 дела."


def make_article() -> Article:
    return Article(
        url="https://example.test/news/1",
        title="Суд оштрафовал издание",
        lead="Редакция не согласна с решением.",
        image=Image("https://example.test/1.jpg", caption="Здание суда"),
        blocks=[
            Block("paragraph", P1, links=[Link("оштрафовал издание", "https://a.test", 12)]),
            Block("paragraph", P2),
            Block("heading", "Что дальше", level=2),
            Block("paragraph", P3),
        ],
    )


def engine_for(kind: str, server, config: Config | None = None, **settings):
    config = config or Config()
    if kind == "google":
        engine = get_engine("google", config, engine_url=server.url + "/m")
    elif kind == "libre":
        engine = get_engine("libre", config, engine_url=server.url)
    elif kind == "deepl":
        config.engines["deepl"] = EngineSettings(api_key="k:fx")
        engine = get_engine("deepl", config, engine_url=server.url)
    else:
        config.engines["google-cloud"] = EngineSettings(api_key="k")
        engine = get_engine("google-cloud", config, engine_url=server.url)
    engine.controls.sleep = lambda s: None
    engine.controls.limiter.interval = 0.0
    for key, value in settings.items():
        setattr(engine, key, value)
    return engine


SERVERS = {
    "google": GoogleMobileServer,
    "libre": LibreServer,
    "deepl": DeeplServer,
    "google-cloud": GoogleCloudServer,
}


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


@pytest.mark.parametrize("kind", list(SERVERS))
def test_every_field_translated_and_no_string_mixes_two_paragraphs(kind: str, cache: Cache) -> None:
    article = make_article()
    with SERVERS[kind]() as server:
        stats = translate_article(article, engine_for(kind, server), cache)
    assert article.title_en == fake_translate(article.title)
    assert article.lead_en == fake_translate(article.lead)
    assert article.image.caption_en == fake_translate("Здание суда")
    for block in article.blocks:
        assert block.text_en == fake_translate(block.text)
        assert block.flags == []
    assert article.engine == kind and article.translated_at
    sources = [article.title, article.lead, "Здание суда", "оштрафовал издание"] + [
        b.text for b in article.blocks
    ]
    # headline, lead, caption, anchor and body went out in one request, each segment whole
    # and apart (packed strings are cut at their markers), never two paragraphs glued together
    assert server.requests_count == stats.requests == 1
    assert sorted(server.segments) == sorted(sources)
    if kind in ("google", "libre"):
        assert len(server.texts[0]) == 1  # one string, 7 boundary markers
        overhead = sum(len(marker(i)) for i in range(1, len(sources)))
    else:
        assert len(server.texts[0]) == len(sources)
        overhead = 0
    assert stats.characters_sent == server.characters == sum(map(len, sources)) + overhead
    assert len(article.blocks) == 4
    assert not any("[[" in (b.text_en or "") for b in article.blocks)


@pytest.mark.parametrize("kind", ["google", "deepl"])
def test_second_run_sends_nothing_and_an_edit_resends_only_that_paragraph(
    kind: str, cache: Cache
) -> None:
    with SERVERS[kind]() as server:
        engine = engine_for(kind, server)
        translate_article(make_article(), engine, cache)
        before = server.characters
        again = make_article()
        stats = translate_article(again, engine, cache)
        assert server.characters == before and stats.characters_sent == 0
        assert stats.requests == 0 and stats.from_memory == stats.segments
        assert again.blocks[0].text_en == fake_translate(P1)
        edited = make_article()
        edited.blocks[1].text = P2.replace("адвокат", "юрист")
        stats = translate_article(edited, engine, cache)
    assert stats.characters_sent == len(edited.blocks[1].text)
    assert server.texts[-1] == [edited.blocks[1].text]
    assert edited.blocks[1].text_en == fake_translate(edited.blocks[1].text)


def test_deepl_misaligned_answers_fall_back_to_smaller_requests(cache: Cache) -> None:
    with DeeplServer() as server:
        server.inject(Fault(kind="drop"), Fault(kind="extra"))
        article = make_article()
        translate_article(article, engine_for("deepl", server), cache)
    assert server.texts[0] and len(server.texts[0]) == 8  # all 8 units in one request first
    assert len(server.texts) > 2
    for block in article.blocks:
        assert block.text_en == fake_translate(block.text)
    assert article.title_en == fake_translate(article.title)


def test_single_item_that_never_aligns_is_an_error_not_a_guess(cache: Cache) -> None:
    with GoogleCloudServer() as server:
        engine = engine_for("google-cloud", server)
        server.inject(*[Fault(kind="drop")] * 40)
        article = make_article()
        with pytest.raises(BadTranslation):
            translate_article(article, engine, cache)
    assert all(b.text_en is None for b in article.blocks) and article.title_en is None


@pytest.mark.parametrize("kind", ["google", "libre", "deepl", "google-cloud"])
def test_retries_on_429_and_500(kind: str, cache: Cache) -> None:
    with SERVERS[kind]() as server:
        server.inject(Fault(status=429, retry_after=3), Fault(status=500), Fault(status=503))
        engine = engine_for(kind, server)
        slept: list[float] = []
        engine.controls.sleep = slept.append
        engine.controls.concurrency = 1
        article = make_article()
        translate_article(article, engine, cache)
    assert article.blocks[1].text_en == fake_translate(P2)
    assert len(slept) == 3
    if kind in ("deepl", "google-cloud"):
        assert slept[0] == 3  # Retry-After honoured where the protocol is spoken directly


def test_google_not_found_page_is_retried(cache: Cache) -> None:
    with GoogleMobileServer() as server:
        server.inject(Fault(kind="empty"))
        article = make_article()
        translate_article(article, engine_for("google", server), cache)
    assert article.blocks[0].text_en == fake_translate(P1)


def test_engine_dying_mid_article_raises_and_keeps_done_segments(cache: Cache) -> None:
    config = Config()
    config.translate.retries = 1
    with GoogleMobileServer(die_after=2) as server:
        engine = engine_for("google", server, config, max_items=2)  # 4 requests of 2
        engine.controls.concurrency = 1
        engine.controls.slots = __import__("threading").BoundedSemaphore(1)
        article = make_article()
        with pytest.raises(EngineUnavailable):
            translate_article(article, engine, cache)
    assert article.title_en is None and all(b.text_en is None for b in article.blocks)
    assert article.engine is None
    kept = len(list(cache.memory_entries()))
    assert kept == 4
    with GoogleMobileServer() as healthy:
        stats = translate_article(article, engine_for("google", healthy), cache)
    assert stats.from_memory == 4 and healthy.requests_count == 1
    assert len(healthy.segments) == 4
    assert article.blocks[-1].text_en == fake_translate(P3)


def test_timeouts_are_bounded(cache: Cache) -> None:
    config = Config()
    config.translate.timeout = 0.3
    config.translate.retries = 1
    with GoogleMobileServer(latency=2.0) as server:
        engine = engine_for("google", server, config)
        article = Article(url="https://example.test/2", title="Заголовок")
        import time

        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="no answer within"):
            translate_article(article, engine, cache)
        assert time.monotonic() - started < 1.8


def test_error_budget_stops_hammering(cache: Cache) -> None:
    config = Config()
    config.translate.error_budget = 2
    config.translate.retries = 10
    with LibreServer(die_after=0) as server:
        engine = engine_for("libre", server, config)
        with pytest.raises(EngineUnavailable, match="error budget"):
            translate_article(make_article(), engine, cache)
    assert server.requests_count <= 2 + 1 + config.translate.concurrency


def test_fallback_engine_takes_over(cache: Cache) -> None:
    with GoogleMobileServer(die_after=0) as down, LibreServer() as libre:
        config = Config()
        config.translate.retries = 0
        config.translate.fallback = ["libre"]
        config.engines["libre"] = EngineSettings(url=libre.url)
        engine = engine_for("google", down, config)
        article = make_article()
        translate_article(article, engine, cache)
    assert article.blocks[0].text_en == fake_translate(P1)
    assert article.engine == "libre"
    assert libre.requests_count == 1 and len(libre.segments) == 8


def test_fixed_spans_come_out_verbatim_and_are_never_sent(cache: Cache) -> None:
    text = "Материал создан «Медузой»*, которая внесена в реестр, и Мемориалом."
    start = text.index("«Медузой»*")
    end = start + len("«Медузой»*")
    block = Block("paragraph", text, fixed=[Fixed(start, end, "Meduza (a foreign agent)")])
    article = Article(url="https://example.test/3", title="", blocks=[block])
    with LibreServer() as server:
        translate_article(article, engine_for("libre", server), cache)
    assert block.text_en.count("Meduza (a foreign agent)") == 1
    assert block.text_en == fake_translate(
        text[:start]
    ) + "Meduza (a foreign agent)" + fake_translate(text[end:])
    assert all("Медуз" not in t for batch in server.texts for t in batch)


def test_lost_placeholder_falls_back_to_the_pieces_around_it(cache: Cache) -> None:
    text = "Суд признал «Медузу» нежелательной. Редакция не согласна."
    start = text.index("«Медузу»")
    end = start + len("«Медузу»")
    block = Block("paragraph", text, fixed=[Fixed(start, end, "Meduza")])
    article = Article(url="https://example.test/4", title="", blocks=[block])
    with GoogleMobileServer() as server:
        server.inject(Fault(mangle=lambda t: re.sub(r"\{\d+\}", "", t)))
        translate_article(article, engine_for("google", server), cache)
    assert block.text_en == fake_translate(text[:start]) + "Meduza" + fake_translate(text[end:])
    # the broken answer was not kept in memory
    rows = list(cache.memory_entries())
    assert not any("{0}" in r.source_text for r in rows)


def test_glossary_terms_in_any_case_are_masked(cache: Cache) -> None:
    block = Block("paragraph", "Соратники Навального рассказали о «Кавказском узле».")
    article = Article(url="https://example.test/5", title="Дело Навального", blocks=[block])
    glossary = Glossary.load(Config())
    with LibreServer() as server:
        translate_article(article, engine_for("libre", server), cache, glossary)
    assert block.text_en == fake_translate("Соратники Navalny рассказали о Caucasian Knot.")
    assert article.title_en == fake_translate("Дело Navalny")
    assert all("Навальн" not in t for batch in server.texts for t in batch)


def test_links_reattached_or_numbered(cache: Cache) -> None:
    text = "По данным ОВД, задержаны 15 человек, сообщил источник в полиции."
    links = [
        Link("По данным ОВД", "https://ovd.test", 0),
        Link("источник в полиции", "https://police.test", text.index("источник")),
        Link("задержаны", "https://gone.test", text.index("задержаны")),
    ]
    block = Block("paragraph", text, links=links)
    article = Article(url="https://example.test/6", title="", blocks=[block])

    def translate(t: str) -> str:
        return "detained (as an anchor)" if t == "задержаны" else fake_translate(t).upper()

    with LibreServer(translate=translate) as server:
        translate_article(article, engine_for("libre", server), cache)
    found = {l.href: l for l in block.links_en}
    for href in ("https://ovd.test", "https://police.test"):
        link = found[href]
        assert block.text_en[link.start : link.start + len(link.text)] == link.text
    assert found["https://ovd.test"].start == 0
    assert found["https://gone.test"].start is None
    assert found["https://gone.test"].text == "detained (as an anchor)"


def test_numbers_mismatch_is_flagged(cache: Cache) -> None:
    article = make_article()

    def translate(t: str) -> str:
        return fake_translate(t).replace("2024", "2025")

    with LibreServer(translate=translate) as server:
        stats = translate_article(article, engine_for("libre", server), cache)
    assert article.blocks[3].flags == ["numbers-mismatch"]
    assert [b.flags for b in article.blocks[:3]] == [[], [], []]
    assert stats.flagged == 1


def test_long_paragraph_is_cut_at_sentences_to_fit_googles_url_limit(cache: Cache) -> None:
    sentence = "Представитель ведомства заявил журналистам, что проверка продолжится. "
    text = (sentence * 60).strip()
    assert len(text) < 4999  # deep-translator's own cap would pass it; the URL would not
    article = Article(url="https://example.test/7", title="", blocks=[Block("paragraph", text)])
    with GoogleMobileServer(max_url_bytes=16384) as server:
        translate_article(article, engine_for("google", server), cache)
    assert server.requests_count >= 2
    assert all(len(batch) == 1 for batch in server.texts)
    assert " ".join(t for batch in server.texts for t in batch) == text
    assert article.blocks[0].text_en == fake_translate(text)


def test_concurrency_is_bounded(cache: Cache) -> None:
    config = Config()
    config.translate.concurrency = 2
    with LibreServer(latency=0.1) as server:
        engine = engine_for("libre", server, config, max_items=1)
        translate_article(make_article(), engine, cache)
    assert server.max_in_flight <= 2 and server.requests_count == 8


def test_multiline_blocks_keep_their_lines(cache: Cache) -> None:
    block = Block("table", "Город\tЧисло\nМосква\t12")
    article = Article(url="https://example.test/8", title="", blocks=[block])
    with GoogleMobileServer() as server:
        translate_article(article, engine_for("google", server), cache)
    assert block.text_en == fake_translate("Город\tЧисло\nМосква\t12")


def test_tmx_export_is_valid_tmx(cache: Cache, tmp_path: Path) -> None:
    with LibreServer() as server:
        translate_article(make_article(), engine_for("libre", server), cache)
    out = io.StringIO()
    count = export_tmx(cache, out)
    root = ET.fromstring(out.getvalue())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    units = root.findall("body/tu")
    assert len(units) == count == 8
    pairs = {
        tu.findall("tuv")[0].find("seg").text: tu.findall("tuv")[1].find("seg").text for tu in units
    }
    assert pairs[P1] == fake_translate(P1)
    export_tmx(cache, tmp_path / "memory.tmx")
    assert ET.parse(tmp_path / "memory.tmx").getroot().tag == "tmx"


def test_same_article_translates_identically_from_memory(cache: Cache) -> None:
    with LibreServer() as server:
        first = make_article()
        translate_article(first, engine_for("libre", server), cache)
        second = copy.deepcopy(make_article())
        translate_article(second, engine_for("libre", server), cache)
    assert [b.text_en for b in first.blocks] == [b.text_en for b in second.blocks]
    assert [b.links_en for b in first.blocks] == [b.links_en for b in second.blocks]


def test_tmx_export_to_a_binary_stream(cache: Cache) -> None:
    cache.memory_put("google", "ru", "en", [("Суд", "Суд", "Court\x0b & co")])
    out = io.BytesIO()
    assert export_tmx(cache, out) == 1
    root = ET.fromstring(out.getvalue())
    assert root.find("body/tu/tuv/seg").text == "Суд"
    assert root.findall("body/tu/tuv")[1].find("seg").text == "Court & co"


def test_an_echoed_paragraph_fails_the_article_and_stays_out_of_memory(cache: Cache) -> None:
    article = make_article()

    def translate(t: str) -> str:
        return t if t == P2 else fake_translate(t)

    with LibreServer(translate=translate) as server:
        with pytest.raises(BadTranslation, match="echoed"):
            translate_article(article, engine_for("libre", server), cache)
        sent_p2 = sum(seg == P2 for seg in server.segments)
    assert article.blocks[1].text_en is None  # nothing written to the article
    assert sent_p2 == 2  # packed with the others, then retried alone
    remembered = {entry.source_text for entry in cache.memory_entries()}
    assert P2 not in remembered and P1 in remembered


def test_an_echo_goes_to_the_fallback_engine(cache: Cache) -> None:
    article = make_article()
    with LibreServer(translate=lambda t: t) as echo, DeeplServer() as deepl:
        config = Config()
        config.translate.fallback = ["deepl"]
        config.engines["deepl"] = EngineSettings(api_key="k:fx", url=deepl.url)
        stats = translate_article(article, engine_for("libre", echo, config), cache)
    assert article.blocks[1].text_en == fake_translate(P2)
    assert article.engine == "deepl" and stats.refused > 0
    assert {entry.engine for entry in cache.memory_entries()} == {"deepl"}


def test_fallback_with_a_smaller_limit_cuts_the_paragraph(cache: Cache) -> None:
    long_paragraph = " ".join(["Представитель ведомства заявил, что проверка продолжится."] * 40)
    article = Article(
        url="https://example.test/9", title="", blocks=[Block("paragraph", long_paragraph)]
    )
    with DeeplServer(die_after=0) as down, LibreServer() as libre:
        config = Config()
        config.translate.retries = 0
        config.translate.fallback = ["libre"]
        config.engines["libre"] = EngineSettings(url=libre.url)
        translate_article(article, engine_for("deepl", down, config), cache)
    assert len(long_paragraph) > 2000 and libre.requests_count >= 2
    assert all(len(t) <= 2000 for batch in libre.texts for t in batch)
    assert article.blocks[0].text_en == fake_translate(long_paragraph)


@pytest.mark.parametrize("kind", ["google", "deepl"])
def test_resets_and_malformed_answers_are_retried(kind: str, cache: Cache) -> None:
    with SERVERS[kind]() as server:
        server.inject(Fault(kind="reset"), Fault(kind="malformed"))
        engine = engine_for(kind, server)
        engine.controls.slots = __import__("threading").BoundedSemaphore(1)
        article = make_article()
        translate_article(article, engine, cache)
    assert [b.text_en for b in article.blocks] == [fake_translate(b.text) for b in article.blocks]
    assert server.requests_count >= 3


FAULTS = st.sampled_from(
    [
        Fault(kind="drop"),
        Fault(kind="extra"),
        Fault(kind="empty"),
        Fault(kind="malformed"),
        Fault(status=500),
        Fault(status=429),
        Fault(mangle=lambda t: t[::-1]),
        Fault(),
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(faults=st.lists(FAULTS, max_size=12))
def test_whatever_the_faults_a_block_is_its_own_translation_or_an_error(
    faults: list[Fault], tmp_path: Path
) -> None:
    cache = Cache(tempfile.mkdtemp(dir=tmp_path))  # a fresh memory for every example
    article = make_article()
    with DeeplServer() as server:
        server.inject(*faults)
        engine = engine_for("deepl", server)
        engine.controls.policy = engine_policy(2)
        try:
            translate_article(article, engine, cache)
        except EngineError:
            assert all(b.text_en is None for b in article.blocks)
            return
    for block in article.blocks:
        # a reversed answer is a wrong translation, not a misalignment: it stays with its block
        assert block.text_en in (fake_translate(block.text), fake_translate(block.text)[::-1])


# packing several segments into one string ----------------------------------------------------


def _swap(a: str, b: str) -> Callable[[str], str]:
    return lambda t: t.replace(a, "\0").replace(b, a).replace("\0", b)


MARKER_MANGLES: dict[str, Callable[[str], str]] = {
    "dropped": lambda t: t.replace(" [[3]] ", " ", 1),
    "duplicated": lambda t: t.replace("[[2]]", "[[2]] [[2]]", 1),
    "reordered": _swap("[[2]]", "[[4]]"),
    "renumbered": lambda t: t.replace("[[5]]", "[[15]]"),
    "two segments merged": lambda t: re.sub(r" \[\[6\]\] ", " ", t),
    "segment emptied": lambda t: re.sub(r"\[\[3\]\].*?\[\[4\]\]", "[[3]] [[4]]", t),
    "extra marker": lambda t: t + " [[8]]",
    "all markers lost": lambda t: re.sub(r" \[\[\d+\]\] ", "\n", t),
}


@pytest.mark.parametrize("kind", ["google", "libre"])
@pytest.mark.parametrize("mangle", list(MARKER_MANGLES))
def test_an_answer_that_does_not_split_into_the_segments_sent_is_redone_smaller(
    kind: str, mangle: str, cache: Cache
) -> None:
    article = make_article()
    with SERVERS[kind]() as server:
        server.inject(Fault(mangle=MARKER_MANGLES[mangle]))
        stats = translate_article(article, engine_for(kind, server), cache)
    assert len(unpack(server.texts[0][0])) == 8  # everything went out in one string first
    assert server.requests_count == stats.requests >= 3  # then in halves
    assert article.title_en == fake_translate(article.title)
    assert article.lead_en == fake_translate(article.lead)
    for block in article.blocks:
        assert block.text_en == fake_translate(block.text) and block.flags == []
    assert block_links(article) == [fake_translate("оштрафовал издание")]
    rows = list(cache.memory_entries())
    assert len(rows) == 8 and not any("[[" in r.target_text for r in rows)
    assert {r.source_text: r.target_text for r in rows}[P2] == fake_translate(P2)


def block_links(article: Article) -> list[str]:
    return [link.text for block in article.blocks for link in block.links_en]


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("[[2]]", "[[ 2 ]]").replace(" [[3]] ", "[[3]]"),
        lambda t: t.replace(" [[4]] ", "  [ [4] ]  ").replace("[[1]]", "[[1]]\n"),
    ],
)
def test_markers_with_spaces_moved_still_split_in_one_request(variant, cache: Cache) -> None:
    article = make_article()
    with GoogleMobileServer() as server:
        server.inject(Fault(mangle=variant))
        stats = translate_article(article, engine_for("google", server), cache)
    assert stats.requests == 1
    assert [b.text_en for b in article.blocks] == [fake_translate(b.text) for b in article.blocks]
    assert article.lead_en == fake_translate(article.lead)


def test_googles_page_loses_newlines_so_lines_go_as_marked_segments(cache: Cache) -> None:
    from deep_translator import GoogleTranslator

    block = Block("table", "Город\tЧисло\nМосква\t12")
    article = Article(url="https://example.test/10", title="Таблица", blocks=[block])
    with GoogleMobileServer() as server:
        client = GoogleTranslator(source="ru", target="en")
        client._base_url = server.url + "/m"
        # the trap: the page shows the line break as <br>, the client reads it with
        # get_text(strip=True), and the two lines come back glued
        glued = fake_translate("Первая строка") + fake_translate("Вторая строка")
        assert client.translate("Первая строка\nВторая строка") == glued
        translate_article(article, engine_for("google", server), cache)
    assert block.text_en == fake_translate("Город\tЧисло\nМосква\t12")
    assert article.title_en == fake_translate("Таблица")
    assert server.requests_count == 2
    assert unpack(server.texts[-1][0]) == ["Таблица", "Город\tЧисло", "Москва\t12"]


def test_text_that_looks_like_a_marker_goes_alone_and_comes_out_verbatim(cache: Cache) -> None:
    odd = "См. сноску [[1]] и [[ 2 ]] в тексте."
    article = make_article()
    article.blocks.insert(1, Block("paragraph", odd))
    with GoogleMobileServer() as server:
        translate_article(article, engine_for("google", server), cache)
    assert article.blocks[1].text_en == fake_translate(odd)
    # it alone; the segments after it join the request of those before, in article order
    assert [odd] in server.texts and server.requests_count == 2
    other = next(unpack(batch[0]) for batch in server.texts if batch != [odd])
    assert other == [
        article.title,
        article.lead,
        "Здание суда",
        P1,
        "оштрафовал издание",
        P2,
        "Что дальше",
        P3,
    ]


def test_packing_follows_the_limit_and_keeps_article_order(cache: Cache) -> None:
    paragraphs = [f"Абзац номер {i}: " + "слово " * 40 for i in range(30)]
    article = Article(
        url="https://example.test/11",
        title="Заголовок",
        lead="Вводка.",
        blocks=[Block("paragraph", p.strip()) for p in paragraphs],
    )
    with GoogleMobileServer() as server:
        engine = engine_for("google", server)
        stats = translate_article(article, engine, cache)
    # segments keep article order inside each request; a request was only opened for a
    # segment that fitted in none of the earlier ones
    order = ["Заголовок", "Вводка."] + [p.strip() for p in paragraphs]
    sent = sorted((unpack(batch[0]) for batch in server.texts), key=lambda b: order.index(b[0]))
    assert sorted(s for batch in sent for s in batch) == sorted(order)
    for j, batch in enumerate(sent):
        assert engine.fits(batch) and batch == sorted(batch, key=order.index)
        assert not any(engine.fits(earlier + batch[:1]) for earlier in sent[:j])
    total = sum(len(urlencode({"q": s})) for batch in sent for s in batch)
    assert stats.requests == len(sent) <= -(-total // GOOGLE_MAX_URL_BYTES) + 1
    assert [b.text_en for b in article.blocks] == [fake_translate(p.strip()) for p in paragraphs]


def test_mymemory_packs_within_its_500_characters(cache: Cache) -> None:
    article = make_article()
    with MyMemoryServer() as server:
        engine = get_engine("mymemory", Config(), engine_url=server.url)
        engine.controls.limiter.interval = 0.0
        translate_article(article, engine, cache)
    assert [b.text_en for b in article.blocks] == [fake_translate(b.text) for b in article.blocks]
    assert all(len(batch[0]) <= 499 for batch in server.texts)
    assert server.requests_count < 8 and len(server.segments) == 8
    assert server.requests[-1].query["langpair"] == ["ru-RU|en-GB"]


MANGLES = st.sampled_from(list(MARKER_MANGLES.values()) + [lambda t: t])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mangles=st.lists(MANGLES, max_size=10))
def test_whatever_happens_to_the_markers_no_block_gets_another_ones_text(
    mangles: list, tmp_path: Path
) -> None:
    cache = Cache(tempfile.mkdtemp(dir=tmp_path))  # a fresh memory for every example
    article = make_article()
    with GoogleMobileServer() as server:
        server.inject(*[Fault(mangle=m) for m in mangles])
        engine = engine_for("google", server)
        try:
            translate_article(article, engine, cache)
        except EngineError:
            assert all(b.text_en is None for b in article.blocks)
            return
    assert [b.text_en for b in article.blocks] == [fake_translate(b.text) for b in article.blocks]
    assert article.title_en == fake_translate(article.title)


def test_an_engine_that_always_loses_the_markers_ends_up_one_segment_a_request(
    cache: Cache,
) -> None:
    config = Config()
    config.translate.error_budget = 2  # misaligned packed answers cost nothing from it
    with GoogleMobileServer() as server:
        server.inject(*[Fault(mangle=MARKER_MANGLES["all markers lost"])] * 200)
        engine = engine_for("google", server, config)
        engine.controls.slots = __import__("threading").BoundedSemaphore(1)
        first = make_article()
        stats = translate_article(first, engine, cache)
        assert stats.requests <= 2 * 8 - 1  # halving down to single segments at worst
        second = make_article()
        second.blocks = [Block("paragraph", b.text + " Ещё.") for b in second.blocks]
        stats = translate_article(second, engine, cache)
    assert engine.max_items == 1
    assert stats.requests == 4  # the four edited blocks, one a request, no packing tried
    for article in (first, second):
        assert [b.text_en for b in article.blocks] == [
            fake_translate(b.text) for b in article.blocks
        ]
