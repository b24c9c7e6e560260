"""The language of the source: identified offline, refused unless it is `[translate]
source_lang`, or with source_lang = "auto" translated from the language it is in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.engine_servers import GoogleMobileServer, LibreServer
from tests.test_gate import PARAGRAPHS, TITLE, Site, invoke, page, write_config
from translator.config import load_config
from translator.errors import ConfigError
from translator.language import detect_language, is_other_language, language_name

SNIPPETS = {
    "ru": [
        "Суд продлил арест журналиста еще на два месяца.",
        "Жители поселка пожаловались на вырубку леса над трассой.",
    ],
    "uk": [
        "У Києві пролунали вибухи, в місті оголошено повітряну тривогу.",
        "Поліція відкрила кримінальне провадження за фактом шахрайства.",
    ],
    "be": [
        "Ратавальнікі патушылі пажар на складзе ў Гомелі.",
        "Жыхары вёскі скардзяцца на адсутнасць святла трэція суткі.",
    ],
    "en": [
        "The court extended the journalist's arrest by two more months.",
        "Residents complained about logging on the slope above the road.",
    ],
    # Russian as Kazakh outlets write it: Kazakh names and words, Russian all the same
    "ru ": [
        "В Алматы аким города провел совещание по уборке снега.",
        "Мажилис одобрил поправки в Налоговый кодекс Республики Казахстан.",
    ],
}

UK_PARAGRAPHS = [
    "Мешканці селища скаржаться на відсутність світла вже третю добу поспіль.",
    "У міській раді заявили, що ремонт лінії електропередачі завершать до п'ятниці.",
    "Рятувальники попереджають про сильний вітер і мокрий сніг у вихідні.",
]
EN_PARAGRAPHS = [
    "Residents of the village say they have had no electricity for three days in a row.",
    "The city council said repairs to the power line would be finished by Friday.",
    "Rescuers warned of strong wind and wet snow over the weekend.",
]


@pytest.mark.parametrize("code", list(SNIPPETS))
def test_short_news_text_is_told_apart(code: str) -> None:
    for text in SNIPPETS[code]:
        found, confidence = detect_language(text)
        assert found == code.strip(), text
        assert 0 < confidence <= 1


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("") == ("und", 0.0)
    assert detect_language("18+ · 2024") == ("und", 0.0)
    assert not is_other_language(("und", 0.0), "ru")
    assert not is_other_language(("en", 0.3), "ru")  # not sure enough to refuse
    assert is_other_language(("en", 0.9), "ru") and language_name("uk") == "Ukrainian"


def test_source_lang_is_checked_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[translate]\nsource_lang = "Russian"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2: translate.source_lang: use \"auto\""):
        load_config(path)


PAGES = {
    "ru": page(TITLE, PARAGRAPHS),
    "uk": page("Селище третю добу без світла", UK_PARAGRAPHS, lang="uk"),
    "en": page("A village without power for three days", EN_PARAGRAPHS, lang="en"),
}


@pytest.mark.parametrize(("code", "name"), [("uk", "Ukrainian"), ("en", "English")])
def test_a_one_off_in_another_language_is_refused_in_one_line(
    code: str, name: str, tmp_path: Path
) -> None:
    with Site(PAGES) as site, LibreServer() as engine:
        config = write_config(tmp_path, site, engine)
        status, stdout, stderr = invoke([f"{site.url}/a/{code}", "--config", str(config)])
    assert status == 1 and stdout == ""
    assert stderr.count("\n") == 1 and f"the page is in {name}, not Russian" in stderr
    assert 'source_lang = "auto"' in stderr
    assert engine.requests_count == 0 and not (tmp_path / "out").exists()


def test_a_run_records_other_languages_as_skipped(tmp_path: Path) -> None:
    with Site(PAGES) as site, LibreServer() as engine:
        config = write_config(tmp_path, site, engine)
        status, _, stderr = invoke(["run", "--config", str(config)])
        assert status == 0, stderr
        assert "1 published" in stderr and "2 skipped (language)" in stderr
        assert f"skipped: {site.url}/a/uk: language: uk" in stderr
        _, table, _ = invoke(["status", "--config", str(config)])
        assert "2 skipped" in table and "language: en" in table
        requests = engine.requests_count
        assert invoke(["run", "--config", str(config)])[0] == 0  # not retried
        assert engine.requests_count == requests


def auto_config(folder: Path, site: Site, engine: LibreServer | GoogleMobileServer) -> Path:
    config = write_config(folder, site, engine)
    text = config.read_text(encoding="utf-8")
    if isinstance(engine, GoogleMobileServer):
        text = text.replace('engine = "libre"', 'engine = "google"')
    config.write_text(text.replace("[translate]\n", '[translate]\nsource_lang = "auto"\n'))
    return config


def test_auto_translates_from_the_language_the_page_is_in(tmp_path: Path) -> None:
    with Site(PAGES) as site, GoogleMobileServer() as engine:
        config = auto_config(tmp_path, site, engine)
        for code in ("uk", "en", "ru"):
            asked = engine.requests_count
            status, stdout, stderr = invoke([f"{site.url}/a/{code}", "--config", str(config)])
            assert status == 0, stderr
            paths = [Path(p) for p in stdout.splitlines()]
            copy = json.loads(next(p for p in paths if p.suffix == ".json").read_text("utf-8"))
            assert copy["source"]["language"] == code
            markdown = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
            front = yaml.safe_load(markdown.split("---")[1])
            assert front["source_language"] == code
            sent = engine.requests[asked:]
            if code == "uk":
                assert "machine translation of the original Ukrainian article" in markdown
                assert sent and all(r.query["sl"] == ["uk"] for r in sent)
            if code == "en":
                assert "original English article" in markdown and "unchanged" in markdown
                assert copy["body"][0]["text"] == EN_PARAGRAPHS[0] and not sent
            if code == "ru":
                assert "original Russian article" in markdown
                assert sent and all(r.query["sl"] == ["ru"] for r in sent)


def test_auto_with_an_engine_that_lacks_the_language_refuses_in_one_line(tmp_path: Path) -> None:
    with Site(PAGES) as site, LibreServer() as engine:
        config = auto_config(tmp_path, site, engine)
        status, stdout, stderr = invoke([f"{site.url}/a/uk", "--config", str(config)])
    assert status == 1 and stdout == "" and stderr.count("\n") == 1
    assert "uk" in stderr and "support" in stderr


@given(st.text(max_size=200))
def test_any_text_gets_an_answer_never_an_error(text: str) -> None:
    code, confidence = detect_language(text)
    assert isinstance(code, str) and code and 0.0 <= confidence <= 1.0 + 1e-6


def test_broken_text_from_a_page_is_read_all_the_same() -> None:
    assert detect_language("\ud800 Суд продлил арест журналиста еще на два месяца.")[0] == "ru"
