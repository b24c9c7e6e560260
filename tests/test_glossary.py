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


# Every built-in outlet name in its six cases (nominative, genitive, dative, accusative,
# instrumental, prepositional), written out by hand.
OUTLET_CASES = {
    "«Дождь»": ["Дождь", "Дождя", "Дождю", "Дождь", "Дождем", "Дожде"],
    "«Настоящее время»": [
        "Настоящее время",
        "Настоящего времени",
        "Настоящему времени",
        "Настоящее время",
        "Настоящим временем",
        "Настоящем времени",
    ],
    "«Медуза»": ["Медуза", "Медузы", "Медузе", "Медузу", "Медузой", "Медузе"],
    "«Медиазона»": ["Медиазона", "Медиазоны", "Медиазоне", "Медиазону", "Медиазоной", "Медиазоне"],
    "«Новая газета»": [
        "Новая газета",
        "Новой газеты",
        "Новой газете",
        "Новую газету",
        "Новой газетой",
        "Новой газете",
    ],
    "«Новая газета Европа»": [
        "Новая газета Европа",
        "Новой газеты Европа",
        "Новой газете Европа",
        "Новую газету Европа",
        "Новой газетой Европа",
        "Новой газете Европа",
    ],
    "«Радио Свобода»": [
        "Радио Свобода",
        "Радио Свободы",
        "Радио Свободе",
        "Радио Свободу",
        "Радио Свободой",
        "Радио Свободе",
    ],
    "«Голос Америки»": [
        "Голос Америки",
        "Голоса Америки",
        "Голосу Америки",
        "Голос Америки",
        "Голосом Америки",
        "Голосе Америки",
    ],
    "«Эхо Москвы»": [
        "Эхо Москвы",
        "Эха Москвы",
        "Эху Москвы",
        "Эхо Москвы",
        "Эхом Москвы",
        "Эхе Москвы",
    ],
    "«Коммерсант»": [
        "Коммерсант",
        "Коммерсанта",
        "Коммерсанту",
        "Коммерсант",
        "Коммерсантом",
        "Коммерсанте",
    ],
    "«Коммерсантъ»": [
        "Коммерсантъ",
        "Коммерсанта",
        "Коммерсанту",
        "Коммерсантъ",
        "Коммерсантом",
        "Коммерсанте",
    ],
    "«Ведомости»": [
        "Ведомости",
        "Ведомостей",
        "Ведомостям",
        "Ведомости",
        "Ведомостями",
        "Ведомостях",
    ],
    "«Фонтанка»": ["Фонтанка", "Фонтанки", "Фонтанке", "Фонтанку", "Фонтанкой", "Фонтанке"],
    "«Важные истории»": [
        "Важные истории",
        "Важных историй",
        "Важным историям",
        "Важные истории",
        "Важными историями",
        "Важных историях",
    ],
    "«Агентство»": ["Агентство", "Агентства", "Агентству", "Агентство", "Агентством", "Агентстве"],
    "«Верстка»": ["Верстка", "Верстки", "Верстке", "Верстку", "Версткой", "Верстке"],
    "«Кавказский узел»": [
        "Кавказский узел",
        "Кавказского узла",
        "Кавказскому узлу",
        "Кавказский узел",
        "Кавказским узлом",
        "Кавказском узле",
    ],
    "«Мемориал»": ["Мемориал", "Мемориала", "Мемориалу", "Мемориал", "Мемориалом", "Мемориале"],
    "«Холод»": ["Холод", "Холода", "Холоду", "Холод", "Холодом", "Холоде"],
    "«Проект»": ["Проект", "Проекта", "Проекту", "Проект", "Проектом", "Проекте"],
    # indeclinable
    "«ОВД-Инфо»": ["ОВД-Инфо"] * 6,
    "«Сибирь.Реалии»": ["Сибирь.Реалии"] * 6,
    "«Кавказ.Реалии»": ["Кавказ.Реалии"] * 6,
    "«Север.Реалии»": ["Север.Реалии"] * 6,
    "«Крым.Реалии»": ["Крым.Реалии"] * 6,
}
# Quoted built-in entries that are not outlet names on their own (a legal entity in capitals,
# a name with its descriptor): their outlet is in OUTLET_CASES.
NOT_OUTLETS = {"ООО «МЕМО»", "Правозащитный центр «Мемориал»", "телеканал «Дождь»"}
# A carrier sentence per case, the name in the middle of it.
CARRIERS = [
    "Об этом сообщает {} со ссылкой на источники.",
    "По данным {}, задержаны трое.",
    "Он рассказал {} о задержании.",
    "Пресс-служба попросила {} удалить текст.",
    "Он поговорил с {} по телефону.",
    "Об этом писали в {} еще весной.",
]


def builtin_entries() -> dict[str, str]:
    from importlib import resources

    text = resources.files("translator").joinpath("data/glossary.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {source: en for source, en in rows}


def test_every_quoted_builtin_outlet_has_its_cases_tested() -> None:
    quoted = {s for s in builtin_entries() if "«" in s}
    assert quoted - NOT_OUTLETS == set(OUTLET_CASES)


@pytest.mark.parametrize("term", list(OUTLET_CASES))
def test_every_outlet_name_in_all_six_cases_quoted_or_not(builtin: Glossary, term: str) -> None:
    english = builtin_entries()[term]
    for carrier, form in zip(CARRIERS, OUTLET_CASES[term], strict=True):
        for written in (form, f"«{form}»"):
            text = carrier.format(written)
            assert spans(builtin, text) == [(written, english)], text


def test_an_outlet_name_that_starts_a_sentence_needs_its_quotes(builtin: Glossary) -> None:
    assert spans(builtin, "Дождь шел весь день.") == []
    assert spans(builtin, "«Дождь» сообщил об этом.") == [("«Дождь»", "TV Rain")]
    assert spans(builtin, "Вечером пошел дождь.") == []
    assert spans(builtin, "Он рассказал «Дождю» и Настоящему времени.") == [
        ("«Дождю»", "TV Rain"),
        ("Настоящему времени", "Current Time"),
    ]
