"""The Russian wordings the labels stage looks for, as compiled patterns: data, in one place.

Page labels (the 2022 formula, its short form, the 2017 mass-media formula), inline status marks
with the template each takes, asterisk footnotes, and the names a mark or asterisk follows.
Every pattern matches е for ё and any whitespace (NBSP too) for a space.
"""

from __future__ import annotations

import re

from translator.lookahead import guarded


def rx(pattern: str) -> re.Pattern:
    """Compile with е matching ё and a space matching any whitespace (NBSP included), opened
    with the lookahead its matches imply (translator/lookahead.py: the same matches, faster)."""
    pattern = pattern.replace("е", "[её]").replace(" ?", r"\s*").replace(" ", r"\s+")
    return guarded(re.compile(pattern, re.IGNORECASE))


Q = "[\"«»“”„‟'‘’]"
AGE = r"(?:18\+ )?"
LABEL_2022 = rx(
    AGE
    + r"(?P<subject>(?:настоящий|данный|этот) материал(?: \(информация\))?) (?P<verb>\(?(?:произвед|распростран|направл|создан)"
    r"[^А-ЯЁа-яё]{0,3}[а-яё ,()]{0,60}?\)?) иностранным агентом (?P<p1>.{2,160}?),? либо касается деятельности "
    r"иностранного агента (?P<p2>(?P=p1)|[^.]{2,160}?(?=\.|\s18\+|$))(?P<dot>\.)?(?P<age> ?18\+)?"
)
# The same formula without its "or concerns the activities of" half.
LABEL_2022_SHORT = rx(
    AGE
    + r"(?P<subject>(?:настоящий|данный|этот) материал(?: \(информация\))?) (?P<verb>\(?(?:произвед|распростран|направл|создан)"
    r"[^А-ЯЁа-яё]{0,3}[а-яё ,()]{0,60}?\)?) иностранным агентом (?P<p1>[^.]{2,100}?)(?P<dot>\.)?(?P<age> ?18\+)?(?=\.|\s18\+|$)"
)
LABEL_2017 = rx(
    AGE
    + r"(?:(?:данное|настоящее|это) сообщение \(материал\)|(?:данный|настоящий|этот) материал) созда\w* и \(или\) "
    r"распространен\w* иностранным средством массовой информации, выполняющим функции иностранного агента"
    r"(?P<entity>,? и \(или\) российским юридическим лицом, выполняющим функции иностранного агента)?\.?(?: ?18\+)?"
)

COUNTRY = r"(?: в (?:России|РФ|Российской Федерации)| на территории (?:России|РФ))"
INLINE = [
    (
        "foreign-agent",
        "inline:foreign-agent",
        rx(
            r"\(? ?(?:признан[аоы]?|признанн(?:ый|ая|ое|ые|ого|ой|ому|ым|ую|ых|ыми))"
            + COUNTRY
            + r"? "
            r"(?:иноагент(?:ом|ами|ом СМИ)|иностранн(?:ым|ыми) агент(?:ом|ами)|СМИ-иноагент(?:ом|ами))"
            + COUNTRY
            + r"? ?\)?"
        ),
    ),
    (
        "foreign-agent",
        "inline:foreign-agent-registry",
        rx(
            r"\(? ?(?:внесен[аоы]?|внесенн\w+|включен[аоы]?|включенн\w+) (?:Минюстом )?в реестр (?:иностранных агентов|иноагентов|СМИ-иноагентов)"
            r"(?: Минюстом)? ?\)?"
        ),
    ),
    (
        "undesirable",
        "inline:undesirable-registry",
        rx(
            r"\(? ?(?:внесен[аоы]?|внесенн\w+) (?:Минюстом |Генпрокуратурой )?в реестр нежелательных организаций ?\)?"
        ),
    ),
    (
        "undesirable",
        "inline:undesirable",
        rx(
            r"\(? ?(?:признан[аоы]?|признанн\w+)"
            + COUNTRY
            + r"? нежелательн(?:ой|ыми|ая)(?: организаци(?:ей|ями|я))?"
            + COUNTRY
            + r"? ?\)?"
        ),
    ),
    (
        "extremist",
        "inline:extremist",
        rx(
            r"\(? ?(?:организация )?(?:признан[аоы]?|признанн\w+)"
            + COUNTRY
            + r"? экстремистск(?:ой|ими|ая)"
            r"(?: организаци(?:ей|ями|я))?"
            + COUNTRY
            + r"?(?:,? (?:и|ее деятельность) запрещен[аоы]?"
            + COUNTRY
            + r"?)? ?\)?"
        ),
    ),
    (
        "terrorist",
        "inline:terrorist",
        rx(
            r"\(? ?(?:организация )?(?:признан[аоы]?|признанн\w+)"
            + COUNTRY
            + r"? террористическ(?:ой|ими|ая)"
            r"(?: организаци(?:ей|ями|я))?"
            + COUNTRY
            + r"?(?:,? (?:и|ее деятельность) запрещен[аоы]?"
            + COUNTRY
            + r"?)? ?\)?"
        ),
    ),
    (
        "banned",
        "inline:banned",
        rx(
            r"\( ?(?:(?:ее |его |их )?деятельность |организация )?запрещен[аоы]?"
            + COUNTRY
            + r" ?\)"
        ),
    ),
    (
        "banned",
        "inline:banned",
        rx(r"запрещенн(?:ая|ой|ую|ые|ых|ым|ыми|ое|ого)" + COUNTRY + r"(?= )"),
    ),
]

FOOTNOTE = re.compile(r"^\s*\*+\s*(?:[—–-]\s*)?(?P<body>.+)$", re.DOTALL)
STATUS_WORDS = rx(r"запрещ|экстремист|террорист|нежелательн|иностранн\w* агент|иноагент")
NAME_BEFORE = re.compile(
    r"((?:[A-ZА-ЯЁ][\w.-]*\s+)*(?:[«\"“][^»\"”]{1,80}[»\"”]|[A-ZА-ЯЁ][\w-]+(?:\s+[A-ZА-ЯЁ][\w-]+){0,3}))[\s,]*$"
)
ASTERISKED = re.compile(
    r"((?:[A-ZА-ЯЁ][\w-]*\s+){0,2}(?:[«\"“][^»\"”]{1,60}[»\"”]|[A-ZА-ЯЁ]?[\w-]+))\*(?!\*)"
)

# Full participles and adjectives ("признанный", "запрещенная") qualify a name: a mark made of one
# is attributive or appositive and can be masked; a short form ("признана") may be the predicate.
FULL_PARTICIPLE = rx(r"^\(?\s*(?:организация )?(?:признанн|внесенн|включенн|запрещенн)")
# Before a mark, what makes it an aside rather than the sentence's verb: a comma, a dash.
ASIDE_BEFORE = re.compile(r"[,—–-]\s*$")
# A trace of a foreign-agent page label anywhere in a page, whatever the formula's wording.
# The formula's own subject ("настоящий материал", "данное сообщение") must open it: news about
# foreign agents ("материалы дела иноагента") is no label.
LABEL_TRACE = rx(
    r"(?:настоящий|данный|этот) материал[^.]{0,200}?иностранн\w* агент"
    r"|(?:данное|настоящее|это) сообщение[^.]{0,200}?иностранн\w* агент"
    r"|выполняющ\w* функции иностранного агента"
)
# Where a footnote may start inside a block: a new line, or a new sentence after a single <br>
# that extraction joined with a space ("...в Instagram*. *Instagram принадлежит ...").
FOOTNOTE_LINE = re.compile(r"\n\s*(?=\*)|(?<=[.!?»\"”])\s+(?=\*+\s*[«\"“A-ZА-ЯЁ])")
