"""Asterisk footnotes («* Meta ... запрещена в России.»): recognised, kept with their referent.

A footnote block (or a footnote line at the end of a block) becomes a `Footnote`: its status kind,
the party it is about, the names the body may use for it (aliases, the things the party owns:
«*Instagram принадлежит компании Meta, которая признана ... экстремистской»), and is kept as a
`Note` with fixed English only while one of those names is still in the copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from translator.article import Article, Block, Label, Note
from translator.labels.names import Glossary, key, party_english
from translator.labels.patterns import ASTERISKED, FOOTNOTE, FOOTNOTE_LINE, STATUS_WORDS
from translator.labels.templates import ALIASES, PHRASES, STATUS_EN, TEMPLATES

# Longer than this and an asterisked block is prose, not a footnote.
MAX_FOOTNOTE = 400
LEADING_NOUN = re.compile(
    r"^(?:деятельность|организация|компания|корпорация|соцсеть|соцсети)\s+", re.IGNORECASE
)
NAMED = re.compile(r"^(.+?)\s*(?:,\s*)?(?:запрещ|призна|внесен|внесён|является|—|–)", re.IGNORECASE)
# "Instagram принадлежит компании Meta, которая ...": the things first, their owner after.
OWNED = re.compile(
    r"^(?P<items>.+?)\s+(?:принадлеж\w+|входит в состав|входят в состав)\s+"
    r"(?:(?:компани|корпораци|холдинг)\w*\s+)?(?P<owner>[^,]+?)\s*,\s*(?:котор|признанн|запрещенн)",
    re.IGNORECASE,
)
ITEM_SPLIT = re.compile(r"\s*,\s*|\s+и\s+")


@dataclass
class Footnote:
    """One status footnote: `name` is its party ("" when it names none), `items` what it owns."""

    block: Block
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def _kind(text: str) -> str:
    low = key(text)
    if re.search(r"иностранн\w* агент|иноагент", low):
        return "foreign-agent"
    for stem, kind in (("террорист", "terrorist"), ("экстремист", "extremist")):
        if stem in low:
            return kind
    return "undesirable" if "нежелательн" in low else "banned"


def _named(body: str) -> tuple[str, list[str]]:
    """The party a plain footnote names, and the names the body may call it by."""
    m = NAMED.match(body)
    name = m.group(1).strip(" ,") if m else ""
    if name and (name[0].islower() or name.lower().startswith(("лицо", "внесен", "признан"))):
        return "", []
    if not name:
        return "", []
    base = re.sub(r"\s*\(.*\)\s*$", "", name).strip()
    aliases = [base, *ALIASES.get(base.lower(), [])]
    paren = re.search(r"\(([^)]*)\)", name)
    if paren:
        words = re.findall(r"[A-ZА-ЯЁ][\w-]+", paren.group(1))
        aliases += [w for w in words if w.lower() not in PHRASES]
    return name, aliases


def parse_footnote(block: Block) -> Footnote | None:
    """The footnote a block is, or None when it is not a status footnote."""
    m = FOOTNOTE.match(block.text)
    if not m or not STATUS_WORDS.search(block.text) or len(block.text) > MAX_FOOTNOTE:
        return None
    body = LEADING_NOUN.sub("", m.group("body").strip())
    kind = _kind(body)
    owned = OWNED.match(body)
    if owned:
        owner = owned.group("owner").strip(' «»"')
        items = [i.strip(' «»"') for i in ITEM_SPLIT.split(owned.group("items")) if i.strip()]
        aliases = [owner, *ALIASES.get(owner.lower(), []), *items]
        return Footnote(block, kind, owner, aliases, items)
    name, aliases = _named(body)
    return Footnote(block, kind, name, aliases)


def split_trailing(block: Block) -> list[Block]:
    """A block whose last lines are footnotes («...\\n* Meta запрещена в России.»): the text,
    then one block per footnote line; any other block as it is."""
    parts = FOOTNOTE_LINE.split(block.text)
    if len(parts) < 2:
        return [block]
    notes = [p.strip() for p in parts[1:]]
    if not all(parse_footnote(Block(type=block.type, text=n)) for n in notes):
        return [block]
    block.text = parts[0].rstrip()
    block.fixed = [f for f in block.fixed if f.end <= len(block.text)]
    block.links = [
        link for link in block.links if link.start is None or link.start < len(block.text)
    ]
    return [block] + [Block(type=block.type, text=n) for n in notes]


def note_english(note: Footnote, glossary: Glossary | None) -> str:
    """The fixed English of a footnote."""
    source = note.block.text
    if note.kind == "foreign-agent":
        if re.search("минюст", source, re.IGNORECASE):
            return TEMPLATES["note:foreign-agent"]
        registry = re.search("реестр", source, re.IGNORECASE)
        return TEMPLATES[
            "note:foreign-agent-registry" if registry else "note:foreign-agent-designated"
        ]
    if not note.name:
        return TEMPLATES[f"note:{note.kind}-unnamed"]
    owner = party_english(note.name, glossary) or note.name
    if not note.items:
        return TEMPLATES[f"note:{note.kind}"].format(party=owner)
    status = note.kind
    if status in ("extremist", "terrorist") and not re.search("запрещ", source, re.IGNORECASE):
        status += "-only"
    items = [party_english(i, glossary) or i for i in note.items]
    return TEMPLATES["note:owned"].format(
        items=" and ".join(items),
        verb="are" if len(items) > 1 else "is",
        owner=owner,
        status=STATUS_EN[status],
    )


def _mentioned(names: list[str], text: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def _registry_labels(note: Footnote, names: list[str], glossary: Glossary | None) -> list[Label]:
    """«* Внесен в реестр иноагентов» serving asterisked people: an inline label for each."""
    return [
        Label(
            kind=note.kind,
            source_text=note.block.text,
            text=TEMPLATES["inline:foreign-agent-registry"],
            party=person,
            party_en=party_english(person, glossary),
            placement="inline",
        )
        for person in names
    ]


def keep_footnotes(article: Article, notes: list[Footnote], glossary: Glossary | None) -> None:
    """Add a `Note` for each footnote whose referent is still in the copy's body."""
    body_text = "\n".join(b.text for b in article.blocks)
    for note in notes:
        if note.name:
            if not _mentioned(note.aliases, body_text):
                continue  # its referent left with the chrome it served
            referent = ", ".join(note.items) if note.items else note.name
        else:
            # "* Внесена Минюстом в реестр...": it serves every asterisked name still in the copy.
            names = list(dict.fromkeys(n.strip() for n in ASTERISKED.findall(body_text)))
            if not names:
                continue
            referent = ", ".join(names)
            if note.kind == "foreign-agent":
                article.labels.extend(_registry_labels(note, names, glossary))
        text = note_english(note, glossary)
        if not any(n.text == text for n in article.notes):
            article.notes.append(
                Note(kind=note.kind, source_text=note.block.text, text=text, referent=referent)
            )
