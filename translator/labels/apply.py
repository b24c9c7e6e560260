"""Legal status labels: find them in the page and the body, move them out, render them by template.

A page-level foreign-agent label (the 2017 mass-media formula or the Dec-2022 formula, anywhere in
the page: banners, under the headline, split across elements, an image's alt text) becomes one
`Label(placement="page")` and every trace of it leaves the blocks, title and lead. Inline marks
after a name («(признан иноагентом)», «внесена в реестр нежелательных организаций», ...) stay
where they are as `Block.fixed` spans plus a `Label(placement="inline")`. Asterisk footnotes
(«* Meta ... запрещена в России.») become `Note`s, kept only while their referent is in the copy.
Every English string comes from TEMPLATES below: labels are never machine-translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from lxml import etree
from lxml import html as lxml_html

from translator.article import Article, Block, Fixed, Label, Note
from translator.translit import transliterate

# ---- the English wording, all in one place ----------------------------------------------------

TEMPLATES = {
    "foreign-agent-media": (
        "THIS MESSAGE (MATERIAL) WAS CREATED AND (OR) DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
        "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT, AND (OR) A RUSSIAN LEGAL ENTITY PERFORMING "
        "THE FUNCTIONS OF A FOREIGN AGENT."
    ),
    "foreign-agent-media-short": (
        "THIS MESSAGE (MATERIAL) WAS CREATED AND (OR) DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
        "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT."
    ),
    "foreign-agent": (
        "THIS MATERIAL (INFORMATION) WAS {verb} BY A FOREIGN AGENT, {party}, OR CONCERNS THE "
        "ACTIVITIES OF A FOREIGN AGENT, {party}."
    ),
    "foreign-agent-short": "THIS MATERIAL (INFORMATION) WAS {verb} BY A FOREIGN AGENT, {party}.",
    "inline:foreign-agent": "designated a foreign agent",
    "inline:foreign-agent-registry": "listed by the Justice Ministry as a foreign agent",
    "inline:foreign-agent-registry-plain": "listed as a foreign agent",
    "inline:undesirable-registry": "listed as an undesirable organisation",
    "inline:undesirable": "designated an undesirable organisation in Russia",
    "inline:extremist": "designated extremist and banned in Russia",
    "inline:extremist-only": "designated extremist in Russia",
    "inline:terrorist": "designated terrorist and banned in Russia",
    "inline:terrorist-only": "designated terrorist in Russia",
    "inline:banned": "banned in Russia",
    "note:banned": "* {party} is banned in Russia.",
    "note:extremist": "* {party} is designated an extremist organisation and banned in Russia.",
    "note:terrorist": "* {party} is designated a terrorist organisation and banned in Russia.",
    "note:undesirable": "* {party} is designated an undesirable organisation in Russia.",
    "note:foreign-agent": "* Listed by the Russian Justice Ministry as a foreign agent.",
    "note:foreign-agent-registry": "* Listed as a foreign agent in Russia.",
    "note:foreign-agent-designated": "* Designated a foreign agent in Russia.",
    "note:banned-unnamed": "* Banned in Russia.",
    "note:extremist-unnamed": "* Designated an extremist organisation and banned in Russia.",
    "note:terrorist-unnamed": "* Designated a terrorist organisation and banned in Russia.",
    "note:undesirable-unnamed": "* Designated an undesirable organisation in Russia.",
}

# Participles of the label's verb phrase, word for word.
VERBS = {
    "произведен": "PRODUCED",
    "произведено": "PRODUCED",
    "распространен": "DISTRIBUTED",
    "распространено": "DISTRIBUTED",
    "направлен": "SENT",
    "направлено": "SENT",
    "создан": "CREATED",
    "создано": "CREATED",
    "и": "AND",
    "(или)": "(OR)",
    "или": "OR",
}

# Party names the glossary may not know yet; keys are compared after `_key`.
PARTIES = {
    "мемо": "Memo",
    "медиазона": "Mediazona",
    "медуза": "Meduza",
    "meduza": "Meduza",
    "радио свободная европа/радио свобода (рс/рсе)": "Radio Free Europe/Radio Liberty (RFE/RL)",
    "радио свободная европа/радио свобода": "Radio Free Europe/Radio Liberty",
    "радио свобода": "Radio Liberty",
    "голос америки": "Voice of America",
    "дождь": "TV Rain",
    "новая газета": "Novaya Gazeta",
    "the insider": "The Insider",
    "овд-инфо": "OVD-Info",
    "мемориал": "Memorial",
    "meta": "Meta",
    "фбк": "FBK",
    "фонд борьбы с коррупцией": "Anti-Corruption Foundation",
    "свидетели иеговы": "Jehovah's Witnesses",
    "исламское государство": "Islamic State",
    "талибан": "Taliban",
    "кавказский узел": "Caucasian Knot",
    "телеканал дождь": "TV Rain",
    "настоящее время": "Current Time",
    "сибирь.реалии": "Siberia.Realities",
    "кавказ.реалии": "Caucasus.Realities",
    "север.реалии": "North.Realities",
    "idel.реалии": "Idel.Realities",
    "крым.реалии": "Crimea.Realities",
    "deutsche welle": "Deutsche Welle",
    "важные истории": "iStories",
    "агентство": "Agentstvo",
    "the bell": "The Bell",
    "новая газета европа": "Novaya Gazeta Europe",
    "проект": "Proekt",
    "холод": "Kholod",
    "верстка": "Verstka",
    "правозащитный центр мемориал": "Memorial Human Rights Centre",
    "открытая россия": "Open Russia",
}
# What a footnote's referent is also called in running text ("Instagram*" points to Meta's note).
ALIASES = {"meta": ["Facebook", "Instagram", "WhatsApp", "Threads"], "фбк": ["ФБК"]}
LEGAL_FORMS = {
    "ооо": "LLC",
    "ао": "JSC",
    "зао": "CJSC",
    "пао": "PJSC",
    "ано": "ANO",
    "нко": "NCO",
    "фонд": "Foundation",
}
PHRASES = {
    "владелец": "owner of",
    "владельца": "owner of",
    "принадлежит": "owned by",
    "и": "and",
    "медиапроект": "media project",
    "телеканал": "TV channel",
    "центр": "Centre",
    "ассоциация": "Association",
    "движение": "Movement",
    "издание": "outlet",
    "интернет-издание": "online outlet",
    "проект": "project",
}


class Glossary(Protocol):
    def english(self, term: str) -> str | None: ...


# ---- patterns ----------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern:
    """Compile with е matching ё and a space matching any whitespace (NBSP included)."""
    pattern = pattern.replace("е", "[её]").replace(" ?", r"\s*").replace(" ", r"\s+")
    return re.compile(pattern, re.IGNORECASE)


Q = "[\"«»“”„‟'‘’]"
AGE = r"(?:18\+ )?"
LABEL_2022 = _rx(
    AGE
    + r"(?P<subject>(?:настоящий|данный|этот) материал(?: \(информация\))?) (?P<verb>\(?(?:произвед|распростран|направл|создан)"
    r"[^А-ЯЁа-яё]{0,3}[а-яё ,()]{0,60}?\)?) иностранным агентом (?P<p1>.{2,160}?),? либо касается деятельности "
    r"иностранного агента (?P<p2>(?P=p1)|[^.]{2,160}?(?=\.|\s18\+|$))(?P<dot>\.)?(?P<age> ?18\+)?"
)
# The same formula without its "or concerns the activities of" half.
LABEL_2022_SHORT = _rx(
    AGE
    + r"(?P<subject>(?:настоящий|данный|этот) материал(?: \(информация\))?) (?P<verb>\(?(?:произвед|распростран|направл|создан)"
    r"[^А-ЯЁа-яё]{0,3}[а-яё ,()]{0,60}?\)?) иностранным агентом (?P<p1>[^.]{2,100}?)(?P<dot>\.)?(?P<age> ?18\+)?(?=\.|\s18\+|$)"
)
LABEL_2017 = _rx(
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
        _rx(
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
        _rx(
            r"\(? ?(?:внесен[аоы]?|внесенн\w+|включен[аоы]?|включенн\w+) (?:Минюстом )?в реестр (?:иностранных агентов|иноагентов|СМИ-иноагентов)"
            r"(?: Минюстом)? ?\)?"
        ),
    ),
    (
        "undesirable",
        "inline:undesirable-registry",
        _rx(
            r"\(? ?(?:внесен[аоы]?|внесенн\w+) (?:Минюстом |Генпрокуратурой )?в реестр нежелательных организаций ?\)?"
        ),
    ),
    (
        "undesirable",
        "inline:undesirable",
        _rx(
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
        _rx(
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
        _rx(
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
        _rx(
            r"\( ?(?:(?:ее |его |их )?деятельность |организация )?запрещен[аоы]?"
            + COUNTRY
            + r" ?\)"
        ),
    ),
    (
        "banned",
        "inline:banned",
        _rx(r"запрещенн(?:ая|ой|ую|ые|ых|ым|ыми|ое|ого)" + COUNTRY + r"(?= )"),
    ),
]

FOOTNOTE = re.compile(r"^\s*\*+\s*(?:[—–-]\s*)?(?P<body>.+)$", re.DOTALL)
STATUS_WORDS = _rx(r"запрещ|экстремист|террорист|нежелательн|иностранн\w* агент|иноагент")
NAME_BEFORE = re.compile(
    r"((?:[A-ZА-ЯЁ][\w.-]*\s+)*(?:[«\"“][^»\"”]{1,80}[»\"”]|[A-ZА-ЯЁ][\w-]+(?:\s+[A-ZА-ЯЁ][\w-]+){0,3}))[\s,]*$"
)
ASTERISKED = re.compile(
    r"((?:[A-ZА-ЯЁ][\w-]*\s+){0,2}(?:[«\"“][^»\"”]{1,60}[»\"”]|[A-ZА-ЯЁ]?[\w-]+))\*(?!\*)"
)


# ---- helpers -----------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Comparison form: lower case, ё→е, quotes dropped, all whitespace one space."""
    text = text.lower().replace("ё", "е")
    text = re.sub(Q, "", text)
    return re.sub(r"\s+", " ", text).strip()


def _transliterate(text: str) -> str:
    """Latin letters for a name; one written in capitals comes out in title case."""
    result = transliterate(text)
    if text.isupper():
        result = " ".join(w.capitalize() for w in result.split())
    return result


def party_english(party: str | None, glossary: Glossary | None = None) -> str | None:
    """The English name of a party: glossary, then the built-in table, then transliteration."""
    if not party:
        return None
    if glossary is not None:
        found = glossary.english(party)
        if found:
            return found
    words = party.split()
    form = (
        LEGAL_FORMS.get(words[0].lower()) if len(words) > 1 and words[0].lower() != "фонд" else None
    )
    name = " ".join(words[1:]) if form else party
    key = _key(name)
    english = None
    if glossary is not None:
        english = glossary.english(re.sub(Q, "", name).strip())
    if not english:
        english = PARTIES.get(key)
    if not english:
        english = _phrase_english(re.sub(Q, "", name).strip(), glossary)
    return f"{english} {form}" if form else english


def _phrase_english(name: str, glossary: Glossary | None) -> str:
    """Word-level rendering of a name with a parenthetical, e.g. «Meta (владелец Facebook ...)»."""

    def word(w: str) -> str:
        bare = w.strip("(),.")
        found = (
            (glossary.english(bare) if glossary is not None else None)
            or PHRASES.get(bare.lower())
            or PARTIES.get(_key(bare))
        )
        return w.replace(bare, found) if found else w.replace(bare, _transliterate(bare))

    return " ".join(word(w) for w in name.split())


def _verb_english(verb: str) -> str:
    words = re.findall(r"\(или\)|[А-ЯЁа-яё]+|,", verb.lower().replace("ё", "е"))
    out = []
    for w in words:
        if w == ",":
            if out:
                out[-1] += ","
            continue
        out.append(VERBS.get(w, _transliterate(w).upper()))
    return " ".join(out)


@dataclass
class _Found:
    kind: str
    source: str
    party: str | None
    text: str


def _page_text(html: str) -> str:
    """All visible text of the page plus image alt texts, elements separated by spaces."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style", "noscript", "template", etree.Comment)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for img in root.iter("img"):
        if img.get("alt"):
            img.tail = f" {img.get('alt')} {img.tail or ''}"
    return re.sub(r"[ \t\r\n]+", " ", " ".join(root.itertext()))


def _label_matches(text: str) -> list[tuple[int, int, re.Match]]:
    """(start, end, match) of every page label in `text`, the 2022 party trimmed to its own words."""
    spans = []
    for m in LABEL_2022.finditer(text):
        end = m.end()
        p1, p2 = m.group("p1"), m.group("p2")
        if p2 != p1:
            # A declined name ("агентом Иваном Петровым ... агента Ивана Петрова"): as many words as p1.
            words = re.match(rf"\S+(?:\s+\S+){{{max(0, len(p1.split()) - 1)}}}", p2)
            cut = m.start("p2") + (words.end() if words else len(p2))
            tail = re.match(r"\.?(?:\s?18\+)?", text[cut:])
            end = cut + tail.end()
        spans.append((m.start(), end, m))
    if not spans:
        spans = [(m.start(), m.end(), m) for m in LABEL_2022_SHORT.finditer(text)]
    spans += [(m.start(), m.end(), m) for m in LABEL_2017.finditer(text)]
    return sorted(spans, key=lambda span: span[0])


def find_page_label(text: str, glossary: Glossary | None = None) -> _Found | None:
    """The first page-level label in `text`, rendered by template."""
    spans = _label_matches(text)
    if not spans:
        return None
    start, end, m = spans[0]
    source = text[start:end].strip()
    if "verb" in m.re.groupindex:
        party = nominative(m.group("p1").strip(" ,"))
        party_en = (party_english(party, glossary) or party).upper()
        key = "foreign-agent" if "p2" in m.re.groupindex else "foreign-agent-short"
        english = TEMPLATES[key].format(verb=_verb_english(m.group("verb")), party=party_en)
        if "(" not in m.group("subject"):
            english = english.replace("THIS MATERIAL (INFORMATION)", "THIS MATERIAL")
        return _Found("foreign-agent", source, party, _with_age(source, english))
    key = "foreign-agent-media" if m.group("entity") else "foreign-agent-media-short"
    return _Found("foreign-agent-media", source, None, _with_age(source, TEMPLATES[key]))


def nominative(party: str) -> str:
    """A person named in the instrumental case ("Иваном Петровым") put back in the nominative."""
    words = party.split()
    if (
        not words
        or len(words) > 4
        or re.search(Q, party)
        or not all(w[:1].isupper() for w in words)
    ):
        return party
    morph = _morph()
    if morph is None:
        return party
    out = []
    for word in words:
        parses = [
            p
            for p in morph.parse(word)
            if "ablt" in p.tag and ({"Name", "Surn", "Patr"} & set(p.tag.grammemes))
        ]
        if not parses:
            return party
        inflected = parses[0].inflect({"nomn"})
        if inflected is None:
            return party
        out.append(inflected.word.capitalize())
    return " ".join(out)


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer()


def _with_age(source: str, english: str) -> str:
    if source.startswith("18+"):
        return "18+ " + english
    if source.endswith("18+"):
        return english + " 18+"
    return english


# ---- block surgery -----------------------------------------------------------------------------


def _remove_label(text: str, label_key: str) -> str | None:
    """`text` without any page label; None when nothing but the label (or a piece of it) was there."""
    spans = _label_matches(text)
    if spans:
        stripped, last = "", 0
        for start, end, _ in spans:
            stripped += text[last:start] + " "
            last = max(last, end)
        stripped += text[last:]
        stripped = re.sub(r"[ \t\r\n]+", " ", stripped).strip()
        return stripped if re.search(r"\w{2,}", stripped.replace("18+", "")) else None
    key = _key(text.replace("18+", ""))
    if label_key and len(key) >= 12 and key in label_key:
        return None
    return text


def _shift_links(block: Block) -> None:
    """Re-anchor links after the block text changed; links whose anchor vanished are dropped."""
    kept = []
    for link in block.links:
        at = block.text.find(link.text)
        if at >= 0:
            link.start = at
            kept.append(link)
    block.links = kept


def _inline_marks(block: Block, glossary: Glossary | None) -> list[Label]:
    labels = []
    taken: list[tuple[int, int]] = [(f.start, f.end) for f in block.fixed]
    for kind, template, pattern in INLINE:
        for m in pattern.finditer(block.text):
            start, end = m.start(), m.end()
            source = m.group(0)
            # keep the span tight: no leading/trailing spaces, balanced parentheses
            while start < end and block.text[start].isspace():
                start += 1
            while end > start and block.text[end - 1].isspace():
                end -= 1
            source = block.text[start:end]
            if source.endswith(")") and "(" not in source:
                end -= 1
                source = source[:-1]
            if source.startswith("(") and ")" not in source:
                start += 1
                source = source[1:]
            if any(s < end and start < e for s, e in taken):
                continue
            en = _inline_english(template, source)
            taken.append((start, end))
            block.fixed.append(Fixed(start=start, end=end, en=en))
            party = _name_before(block.text[:start])
            labels.append(
                Label(
                    kind=kind,
                    source_text=source,
                    text=en,
                    party=party,
                    party_en=party_english(party, glossary),
                    placement="inline",
                )
            )
    block.fixed.sort(key=lambda f: f.start)
    return labels


def _inline_english(template: str, source: str) -> str:
    key = template
    banned = re.search("запрещ", source, re.IGNORECASE)
    if template in ("inline:extremist", "inline:terrorist") and not banned:
        key = template + "-only"
    if template == "inline:foreign-agent-registry" and not re.search(
        "минюст", source, re.IGNORECASE
    ):
        key = template + "-plain"
    en = TEMPLATES[key]
    if source.startswith("(") and source.endswith(")"):
        en = f"({en})"
    return en


def _name_before(text: str) -> str | None:
    m = NAME_BEFORE.search(text.rstrip(" ,(—–-"))
    if not m:
        return None
    words = m.group(1).strip().split()
    # "Эколог Аслан Тлупов": a sentence-initial common noun is not part of the name.
    while len(words) > 1 and _common_word(words[0]):
        words = words[1:]
    name = " ".join(words)
    return name if len(name) > 1 else None


def _common_word(word: str) -> bool:
    morph = _morph()
    if morph is None or not re.fullmatch(r"[А-ЯЁа-яё-]+", word):
        return False
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
    parses = morph.parse(word)
    return parses[0].is_known and not any(proper & set(p.tag.grammemes) for p in parses[:3])


# ---- footnotes ---------------------------------------------------------------------------------


def _footnote(block: Block) -> tuple[str, str, list[str]] | None:
    """(kind, named party or "", aliases) of a status footnote block, else None."""
    m = FOOTNOTE.match(block.text)
    if not m or not STATUS_WORDS.search(block.text) or len(block.text) > 400:
        return None
    body = m.group("body").strip()
    low = _key(body)
    if re.search(r"иностранн\w* агент|иноагент", low):
        kind = "foreign-agent"
    elif "террорист" in low:
        kind = "terrorist"
    elif "экстремист" in low:
        kind = "extremist"
    elif "нежелательн" in low:
        kind = "undesirable"
    else:
        kind = "banned"
    body = re.sub(
        r"^(деятельность|организация|компания|соцсеть|соцсети)\s+", "", body, flags=re.IGNORECASE
    )
    name_m = re.match(
        r"^(.+?)\s*(?:,\s*)?(?:запрещ|призна|внесен|внесён|является|—|–)", body, flags=re.IGNORECASE
    )
    name = name_m.group(1).strip(" ,") if name_m else ""
    if name and (name[0].islower() or name.lower().startswith(("лицо", "внесен", "признан"))):
        name = ""
    aliases = []
    if name:
        base = re.sub(r"\s*\(.*\)\s*$", "", name).strip()
        aliases.append(base)
        aliases += ALIASES.get(base.lower(), [])
        paren = re.search(r"\(([^)]*)\)", name)
        if paren:
            aliases += [
                a
                for a in re.findall(r"[A-ZА-ЯЁ][\w-]+", paren.group(1))
                if a.lower() not in PHRASES
            ]
    return kind, name, aliases


def _note_english(kind: str, name: str, source: str, glossary: Glossary | None) -> str:
    if kind == "foreign-agent":
        if re.search("минюст", source, re.IGNORECASE):
            return TEMPLATES["note:foreign-agent"]
        return TEMPLATES[
            "note:foreign-agent-registry"
            if re.search("реестр", source, re.IGNORECASE)
            else "note:foreign-agent-designated"
        ]
    if not name:
        return TEMPLATES[f"note:{kind}-unnamed"]
    return TEMPLATES[f"note:{kind}"].format(party=party_english(name, glossary) or name)


# ---- the stage ---------------------------------------------------------------------------------


def apply_labels(article: Article, glossary: Glossary | None = None) -> Article:
    """Move page labels out of the copy, mark inline statuses, and keep only referenced footnotes."""
    found = find_page_label(_page_text(article.html), glossary) if article.html else None
    if found is None:
        for text in [article.title or "", article.lead or ""] + [b.text for b in article.blocks]:
            found = find_page_label(text, glossary)
            if found:
                break
    label_key = _key(found.source.replace("18+", "")) if found else ""
    if found and not any(l.placement == "page" and l.kind == found.kind for l in article.labels):
        article.labels.append(
            Label(
                kind=found.kind,
                source_text=found.source,
                text=found.text,
                party=found.party,
                party_en=party_english(found.party, glossary),
                placement="page",
            )
        )
    if found:
        article.title = (
            _remove_label(article.title, label_key) or article.title
            if article.title
            else article.title
        )
        if article.lead:
            article.lead = _remove_label(article.lead, label_key)
    blocks: list[Block] = []
    footnotes: list[tuple[Block, tuple[str, str, list[str]]]] = []
    for block in article.blocks:
        if found:
            text = _remove_label(block.text, label_key)
            if text is None:
                continue
            if text != block.text:
                block.text = text
                block.fixed = []
                _shift_links(block)
        note = _footnote(block)
        if note:
            footnotes.append((block, note))
            continue
        blocks.append(block)
    for block in blocks:
        article.labels.extend(_inline_marks(block, glossary))
    article.blocks = blocks
    body_text = "\n".join(b.text for b in blocks)
    for block, (kind, name, aliases) in footnotes:
        if name:
            if not any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", body_text) for a in aliases):
                continue  # its referent left with the chrome it served
            referent = name
        else:
            # "* Внесена Минюстом в реестр...": it serves every asterisked name still in the copy.
            names = list(dict.fromkeys(n.strip() for n in ASTERISKED.findall(body_text)))
            if not names:
                continue
            referent = ", ".join(names)
            if kind == "foreign-agent":
                for person in names:
                    article.labels.append(
                        Label(
                            kind=kind,
                            source_text=block.text,
                            text=TEMPLATES["inline:foreign-agent-registry"],
                            party=person,
                            party_en=party_english(person, glossary),
                            placement="inline",
                        )
                    )
        text = _note_english(kind, name, block.text, glossary)
        if not any(n.text == text for n in article.notes):
            article.notes.append(
                Note(kind=kind, source_text=block.text, text=text, referent=referent)
            )
    return article
