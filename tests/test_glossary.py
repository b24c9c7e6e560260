"""The glossary: loading, English forms, and matching terms in every grammatical case."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.config import Config, load_config
from translator.errors import ConfigError
from translator.labels.glossary import Glossary


@pytest.fixture(scope="module")
def builtin() -> Glossary:
    return Glossary.load(Config())


def spans(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.en) for f in glossary.find(text)]


@pytest.mark.parametrize(
    "text, term",
    [
        ("Навальный заявил", "Навальный"),
        ("соратники Навального", "Навального"),
        ("письмо Навальному", "Навальному"),
        ("с Навальным", "Навальным"),
    ],
)
def test_surname_in_every_case(builtin: Glossary, text: str, term: str) -> None:
    assert spans(builtin, text) == [(term, "Navalny")]


def test_multiword_terms_and_longest_match(builtin: Glossary) -> None:
    text = "Сайт Кавказского узла и «Кавказский узел»; Алексея Навального и Юлии Навальной."
    assert spans(builtin, text) == [
        ("Кавказского узла", "Caucasian Knot"),
        ("«Кавказский узел»", "Caucasian Knot"),
        ("Алексея Навального", "Alexei Navalny"),
        ("Юлии Навальной", "Yulia Navalnaya"),
    ]


def test_capitals_and_quotes_keep_common_words_out(builtin: Glossary) -> None:
    assert spans(builtin, "навальный груз и сильный дождь") == []
    assert spans(builtin, "Дождь шёл весь день.") == []
    assert spans(builtin, "в эфире «Дождя»") == [("«Дождя»", "TV Rain")]
    assert spans(builtin, "мемо и ООО «МЕМО»") == [("ООО «МЕМО»", "Memo LLC")]


def test_english_lookup(builtin: Glossary) -> None:
    assert builtin.english("ООО «МЕМО»") == "Memo LLC"
    assert builtin.english('ООО "МЕМО"') == "Memo LLC"
    assert builtin.english("Мемориал") == "Memorial"
    assert builtin.english("Навального") == "Navalny"
    assert builtin.english("Неизвестная организация") is None


def test_config_terms_and_file_override_builtin(tmp_path: Path) -> None:
    (tmp_path / "terms.tsv").write_text(
        "# newsroom terms\nНавальный\tNavalnyy\nМосгорсуд\tMoscow City Court\n", encoding="utf-8"
    )
    (tmp_path / "config.toml").write_text(
        '[glossary]\nfile = "terms.tsv"\n[glossary.terms]\n"Мосгорсуд" = "the Moscow City Court"\n',
        encoding="utf-8",
    )
    glossary = Glossary.load(load_config(tmp_path / "config.toml"))
    assert glossary.english("Навальный") == "Navalnyy"
    assert spans(glossary, "решение Мосгорсуда") == [("Мосгорсуда", "the Moscow City Court")]


def test_bad_glossary_files_are_config_errors(tmp_path: Path) -> None:
    config = Config()
    config.glossary.file = str(tmp_path / "missing.tsv")
    with pytest.raises(ConfigError, match="glossary.file"):
        Glossary.load(config)
    (tmp_path / "bad.tsv").write_text("только русский\n", encoding="utf-8")
    config.glossary.file = str(tmp_path / "bad.tsv")
    with pytest.raises(ConfigError, match="line 1"):
        Glossary.load(config)


def test_terms_never_cross_a_line_break(builtin: Glossary) -> None:
    assert spans(builtin, "Кавказский\nузел") == []
