"""Cyrillic to Latin letters, for names no glossary knows and for ASCII file names."""

from __future__ import annotations

# Russian, with the Ukrainian and Belarusian letters that Russian-language outlets also print.
LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "i",
            "ye",
            "yi",
            "g",
            "u",
        ],
    )
)


def transliterate(text: str) -> str:
    """`text` with each Cyrillic letter spelt in Latin, capitals kept; everything else as is."""
    out = []
    for ch in text:
        latin = LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch != ch.lower() else latin)
    return "".join(out)
