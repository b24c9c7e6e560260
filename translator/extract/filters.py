"""Filtering blocks: chrome phrases, link lists, social plugs, trailing headings, repeats."""

from __future__ import annotations

import re

from lxml import etree

from translator.article import Block
from translator.extract.blocks import TABLE_CELL_SEPARATOR
from translator.extract.templates import Template
from translator.extract.tree import Dropped, normalize_space, note
from translator.extract.vocabulary import (
    ASTERISK_MARK_RE,
    BIO_HEADING_RE,
    CALL_TO_ACT,
    CAPTION_TAIL_CHARS,
    CAPTION_TAIL_RE,
    CHROME_TAIL_RE,
    FOOTNOTE_RE,
    OUR_CHANNEL,
    SOCIAL_HOSTS,
    SOCIAL_NAMES,
    author_note,
    chrome_phrase,
    chrome_text,
    comment_counter,
    comment_moderation,
    comment_signature,
    date_line,
    plain_spaces,
    related_heading,
    reported_speech,
    russian_chrome,
    site_pitch,
    thread_opener,
    toolbar_line,
    writer_bio,
)

# A block this much of whose text is link is a list of links (teasers, a menu), not the article.
LINK_LIST_SHARE = 0.8
# ... the reason such a block is dropped for, which a listicle's named items are spared
LINK_LIST = "link list"
# A link this many words long reads as another article's headline.
LINKED_HEADLINE_WORDS = 4
# A listicle names its items in linked headings, this many at least, each over a paragraph this
# long: the names are its subheadings (filters._named_items).
NAMED_ITEMS_MIN = 3
ITEM_PROSE_CHARS = 80
# A menu: this many links at least, of this many words each on average at most.
MENU_MIN_LINKS = 5
MENU_MAX_LINK_WORDS = 3
MENU_SEPARATORS = re.compile(r"[\s|•·/\\>»◦▪‣-]*")
# A run of links in one paragraph (headlines one after another, a menu with labels): this many
# links at least, holding this share of its text, with no comma or "и" between them as a
# sentence that names people or sources has.
LINK_RUN_MIN_LINKS = 5
LINK_RUN_SHARE = 0.6
ENUMERATION = re.compile(r"[,;]|\b(и|или|and|or)\b")  # lower case: "И. Петров" is a name
# A stop the writer set between links, then a word: one sentence ends and the next begins
# ("... </a>. В феврале <a>"); an initial's stop ("- И. Петров") follows a capital, not a word.
SENTENCE_BREAK = re.compile(r"(?:^|[^\W\d_]{2}|\d)[.!?…]\s+[^\W\d_]")
# ... where the writer's own words stand between the links, not labels ("Фото. Видео").
WRITTEN_WORD = re.compile(r"\b[a-zа-яё]{2,}")
# A sentence's last stop after the last link ("Dead: <a>A</a> — <a>B</a>."), where the links are
# names: after headlines, a stop ends a row's "Читать далее." or "12 комм.".
SENTENCE_END = re.compile(r"[.!?…][\"»”)]?\s*$")
# A teaser after a dropped box title: this much of its text is link.
BOX_LINK_SHARE = 0.5
# A comment thread is cut only after this much of the article: an "add a comment" link at its
# top opens nothing.
THREAD_AFTER_CHARS = 400
# A comment counter this many blocks above a thread's first comment opens it.
COUNTER_REACH = 3
# Moderation links ("Report this comment") that make signed lines a comment thread.
THREAD_MIN_SIGNATURES = 2
# A template never takes more than this share of a body's text.
MAX_TEMPLATE_SHARE = 0.5
# A card injected in the text (a company's name, description, figures) is a box this small
# around a card line, holding at most this share of the body's text.
CARD_MAX_CHARS = 600
CARD_MAX_SHARE = 0.3
# ... and opens with the company's name: a line this short that does not end with a sentence's
# or a lead-in's punctuation.
CARD_NAME_CHARS = 80
CARD_NAME_END = re.compile(r"[.:;!?]$")
# The writer's notes ("… can be reached at …") that end a story are this many blocks at most.
AUTHOR_NOTE_REACH = 3
# ... and what follows them there is lines this short at most.
AFTER_NOTE_MAX_CHARS = 120
# A block repeated word for word is dropped when longer than this ("Фото", "Реклама" may recur).
REPEAT_MIN_CHARS = 20


def drop_chrome_blocks(
    blocks: list[Block], patterns: list[re.Pattern], dropped: Dropped | None = None
) -> list[Block]:
    """Blocks that open with a chrome phrase (generic list plus the site's), age marks, link lists.

    Each block dropped is noted in `dropped` with the reason, when given.
    """
    kept = []
    dropped_marks = False  # the last dropped block had asterisked names: its footnote goes with it
    items = _named_items(blocks)
    for block in blocks:
        text = block.text.strip()
        reason = (
            "footnote of a dropped block" if dropped_marks and FOOTNOTE_RE.match(text) else None
        )
        reason = reason or chrome_reason(block, patterns)
        if reason == LINK_LIST and id(block) in items:
            reason = None
        if reason is None:
            dropped_marks = False
            kept.append(block)
            continue
        if reason != "footnote of a dropped block":
            dropped_marks = bool(ASTERISK_MARK_RE.search(text))
        note(dropped, reason, text)
    return kept


def _named_items(blocks: list[Block]) -> set[int]:
    """The ids of a listicle's linked item names: headings that are one short link each (a bar's,
    a game's name linking its page, not another story's headline), each followed by a paragraph
    of the writer's prose, NAMED_ITEMS_MIN of them at least. A teaser list's headings are
    headlines, LINKED_HEADLINE_WORDS words or more."""
    items = {
        id(block)
        for i, block in enumerate(blocks)
        if block.type == "heading"
        and len(block.links) == 1
        and len(block.text.split()) < LINKED_HEADLINE_WORDS
        and _prose_follows(blocks[i + 1 : i + 3])
    }
    return items if len(items) >= NAMED_ITEMS_MIN else set()


def _prose_follows(after: list[Block]) -> bool:
    """The first of `after` that is no heading (an item's address or price line may come
    between) is a paragraph of the writer's prose."""
    text = next((block for block in after if block.type != "heading"), None)
    return (
        text is not None
        and text.type == "paragraph"
        and len(text.text) >= ITEM_PROSE_CHARS
        and _linked_share(text) < LINK_LIST_SHARE / 2
    )


def _unlinked(block: Block) -> str:
    """`block`'s text less its links' text: what the block itself says."""
    text = block.text
    for link in sorted(block.links, key=lambda link: -(link.start or 0)):
        if link.start is not None:
            text = text[: link.start] + " " + text[link.start + len(link.text) :]
    return plain_spaces(text)


def _chrome_text(text: str, kind: str, own: str) -> str | None:
    """Why the text of a block of `kind` (not a heading) is chrome, or None.

    A block that reports speech in its `own` words, not a linked headline's, is the story's,
    whatever words open it (`reported_speech`)."""
    phrases = not reported_speech(own)
    if phrases and (chrome_text(text) or (len(text) < 400 and CHROME_TAIL_RE.search(text))):
        return "chrome phrase"
    phrase = russian_chrome(text) if phrases else None
    if phrase:
        return f"chrome phrase ({phrase})"
    if phrases and site_pitch(text):
        return "the site's pitch"
    if kind == "paragraph" and date_line(text):
        return "date line"
    if toolbar_line(text):
        return "toolbar"
    if len(text) < CAPTION_TAIL_CHARS and CAPTION_TAIL_RE.search(text):
        return "caption without its picture"
    return None


def chrome_reason(block: Block, patterns: list[re.Pattern]) -> str | None:
    """Why `block` is chrome (the pass that says so), or None for article text."""
    text = plain_spaces(block.text).strip()
    if any(p.search(text) for p in patterns):
        return "site rule chrome pattern"
    if block.type == "caption" and block.image:
        return None  # a picture's caption and credit ("Фото: ...") stay with the picture
    if block.type != "heading":
        reason = _chrome_text(text, block.type, _unlinked(block))
        if reason is not None:
            return reason
    elif chrome_text(text) or related_heading(text) or russian_chrome(text):
        return "chrome heading"
    if _link_list(block):
        return LINK_LIST
    if _social_promo(block):
        return "social plug"
    return None


def drop_cards(
    located: list[tuple[Block, etree._Element]],
    kept: list[Block],
    containers: list[etree._Element],
    dropped: Dropped | None = None,
) -> list[Block]:
    """The rest of a company card whose figures line the vocabulary dropped: its name, its
    description.

    The card is the largest box around the card line that is not (or does not hold) a body
    container, is under CARD_MAX_CHARS and holds under CARD_MAX_SHARE of the body; it must open
    with a name (a short line that does not end as a sentence or a lead-in does) and hold no
    heading, or it is a passage of the article that quotes figures.
    """
    body_chars = sum(len(block.text) for block, _ in located)
    cards = []
    for block, origin in located:
        phrase = chrome_phrase(block.text.strip())
        if phrase is not None and phrase.scope == "card":
            card = _card_box(origin, containers, min(CARD_MAX_CHARS, CARD_MAX_SHARE * body_chars))
            if card is not None and _opens_with_a_name(card, located):
                cards.append(card)
    if not cards:
        return kept
    origins = {id(block): origin for block, origin in located}
    remaining = []
    for block in kept:
        origin = origins.get(id(block))
        if origin is not None and any(_within(origin, card) for card in cards):
            note(dropped, "company card", block.text)
            continue
        remaining.append(block)
    return remaining


def _card_box(
    origin: etree._Element, containers: list[etree._Element], max_chars: float
) -> etree._Element | None:
    card = None
    for box in origin.iterancestors():
        if any(_within(container, box) for container in containers):
            break
        if len(normalize_space(box.text_content())) > max_chars:
            break
        card = box
    return card


def _opens_with_a_name(card: etree._Element, located: list[tuple[Block, etree._Element]]) -> bool:
    inside = [block for block, origin in located if _within(origin, card)]
    if not inside or any(block.type == "heading" for block in inside):
        return False
    name = inside[0].text.strip()
    phrase = chrome_phrase(name)
    return (
        len(name) <= CARD_NAME_CHARS
        and not CARD_NAME_END.search(name)
        and (phrase is None or phrase.scope != "card")
    )


def _within(el: etree._Element, box: etree._Element) -> bool:
    return el is box or any(ancestor is box for ancestor in el.iterancestors())


def drop_template_blocks(
    located: list[tuple[Block, etree._Element]],
    keys: list[int],
    template: Template | None,
    dropped: Dropped | None = None,
) -> list[tuple[Block, etree._Element]]:
    """Blocks the site's learned template names as chrome, and the links of a dropped box title.

    `keys` are the blocks' fingerprints (`templates.block_keys`), one per block of `located`.

    A template block that titles a box (a heading, or a line ending in ":") takes the link
    teasers right after it: those change from page to page, the title does not.
    """
    if template is None or not template.learned_anything():
        return located
    template.look_up(set(keys))
    drops = [template.drops(block, key) for (block, _), key in zip(located, keys, strict=True)]
    total = sum(len(block.text) for block, _ in located) or 1
    if sum(len(b.text) for (b, _), drop in zip(located, drops, strict=True) if drop) > (
        MAX_TEMPLATE_SHARE * total
    ):
        return located  # a copy of a learned page (a repost, a second URL), not its template
    kept = []
    box_open = False
    for (block, origin), drop in zip(located, drops, strict=True):
        if drop:
            note(dropped, f"site template ({template.host}, {template.pages} pages)", block.text)
            box_open = block.type == "heading" or block.text.rstrip().endswith(":")
            continue
        if box_open and block.links and _linked_share(block) >= BOX_LINK_SHARE:
            note(dropped, f"site template box ({template.host})", block.text)
            continue
        box_open = False
        kept.append((block, origin))
    return kept


def _linked_share(block: Block) -> float:
    return sum(len(link.text) for link in block.links) / max(1, len(block.text))


def _link_list(block: Block) -> bool:
    """A block that is all link (a teaser), unless it reads like a sentence of body text."""
    if not block.links:
        return False
    if block.type == "table":
        # a ranked list laid out as a table ("| 1 | Headline | 2 | Headline |"): its cells'
        # numbers and rules are no text, its letters are the links', and the links are
        # headlines (a standings row links one team's name, a results row a candidate's)
        headlines = [
            link for link in block.links if len(link.text.split()) >= LINKED_HEADLINE_WORDS
        ]
        linked = sum(_letters(link.text) for link in block.links)
        return bool(headlines) and linked >= LINK_LIST_SHARE * max(1, _letters(block.text))
    linked = sum(len(link.text) for link in block.links)
    density = linked / max(1, len(block.text))
    if _menu(block) or _link_run(block, density):
        return True
    if density < LINK_LIST_SHARE:
        return False
    return block.type in ("list_item", "heading") or len(block.text) < 150


def _menu(block: Block) -> bool:
    """A line of a site's sections, link after short link ("News: ePaper | Front Page |
    National | ..."), however long it runs: its letters are the links' (the separators and a
    label between them are not)."""
    if len(block.links) < MENU_MIN_LINKS or not _short_links(block):
        return False
    linked = sum(_letters(link.text) for link in block.links)
    return linked >= LINK_LIST_SHARE * max(1, _letters(block.text)) and _only_separators(block)


def _link_run(block: Block, density: float) -> bool:
    """A paragraph that is links one after another ("Slammer for Rammer Toskala gets first
    shootout win Ban of leaded fuels...", "• Headline - By: Name • Headline"): no enumeration
    between them, so not a sentence listing linked names, and no sentences the writer stopped
    between them in words of their own (a recap of linked events), nor a list of names that
    ends in a full stop (the dead)."""
    if block.type != "paragraph" or len(block.links) < LINK_RUN_MIN_LINKS:
        return False
    if density < LINK_RUN_SHARE:
        return False
    gaps = _gaps(block)
    if gaps is None or any(ENUMERATION.search(gap) or _sentence_break(gap) for gap in gaps):
        return False
    return not (_short_links(block) and SENTENCE_END.search(_after_last_link(block)))


def _short_links(block: Block) -> bool:
    """`block`'s links are names (a section's, a person's), MENU_MAX_LINK_WORDS words each on
    average at most, not headlines."""
    words = sum(len(link.text.split()) for link in block.links)
    return words <= MENU_MAX_LINK_WORDS * len(block.links)


def _sentence_break(gap: str) -> bool:
    return bool(SENTENCE_BREAK.search(gap) and WRITTEN_WORD.search(gap))


def _after_last_link(block: Block) -> str:
    last = block.links[-1]
    return block.text[last.start + len(last.text) :] if last.start is not None else block.text


def _gaps(block: Block) -> list[str] | None:
    """The texts between `block`'s links, or None where a link's place is not known."""
    starts = [link.start for link in block.links if link.start is not None]
    if len(starts) < len(block.links):
        return None
    ends = [start + len(link.text) for start, link in zip(starts, block.links, strict=True)]
    return [block.text[end:start] for end, start in zip(ends, starts[1:], strict=False)]


def _only_separators(block: Block) -> bool:
    """Between its links, `block` holds nothing but separators ("|", "•", "/"): a lineup or a
    list of sources parts its linked names with commas and "и", as a sentence does."""
    gaps = _gaps(block)
    return gaps is not None and all(MENU_SEPARATORS.fullmatch(gap) for gap in gaps)


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _social_promo(block: Block) -> bool:
    """ "Read us on Telegram, VK, YouTube...": three or more networks plus links to them or a call to act,
    or a short linked plug for "our channel"."""
    if len(block.text) < 200 and block.links and OUR_CHANNEL.search(block.text):
        return True
    networks = {m.lower() for m in SOCIAL_NAMES.findall(block.text)}
    if len(networks) < 3:
        return False
    social_links = sum(1 for link in block.links if SOCIAL_HOSTS.search(link.href))
    return social_links >= 2 or bool(CALL_TO_ACT.search(block.text))


def cut_comment_thread(
    located: list[tuple[Block, etree._Element]], dropped: Dropped | None = None
) -> list[tuple[Block, etree._Element]]:
    """The readers' comments in the article's own container, once THREAD_AFTER_CHARS of the
    article came before them: from the line that opens them ("Comments are now closed",
    "Оставить комментарий"), or from the first signed comment ("Posted by: Name on <date>")
    followed by THREAD_MIN_SIGNATURES moderation links ("Report this comment", "Ответить |
    Пожаловаться"): a live blog's entries are signed too, but nobody reports them."""
    texts = [block.text.strip() for block, _ in located]
    # a thread laid out in tables signs each comment in a cell of its row
    cells = [
        [cell.strip() for cell in text.split(TABLE_CELL_SEPARATOR)]
        if block.type == "table"
        else [text]
        for text, (block, _) in zip(texts, located, strict=True)
    ]
    signed = [any(comment_signature(cell) for cell in row) for row in cells]
    # a cell saying "Ответить" alone is a table of gestures or shortcuts, not a thread
    moderated = [
        any(comment_moderation(cell) for cell in row) if len(row) == 1 else signed[at]
        for at, row in enumerate(cells)
    ]
    after = sum(moderated)
    before = 0
    for at, (block, _) in enumerate(located):
        opens = thread_opener(texts[at]) or (
            (signed[at] or moderated[at]) and after >= THREAD_MIN_SIGNATURES
        )
        if before >= THREAD_AFTER_CHARS and opens:
            at = _counter_above(located, at)
            for gone, _ in located[at:]:
                note(dropped, "comment thread", gone.text)
            return located[:at]
        before += len(block.text)
        after -= moderated[at]
    return located


def _counter_above(located: list[tuple[Block, etree._Element]], at: int) -> int:
    """Where a thread starting at `at` begins: at a comment counter just above it, if any."""
    for above in range(at - 1, max(-1, at - COUNTER_REACH - 1), -1):
        if comment_counter(located[above][0].text.strip()):
            return above
    return at


def drop_author_notes(blocks: list[Block], dropped: Dropped | None = None) -> list[Block]:
    """The writer's contact lines and bio among the story's last AUTHOR_NOTE_REACH blocks, where
    what follows them is notes too, short lines (a video's title, a credit) or captions, not the
    story going on: "Evan Gershkovich is a reporter for the Journal." over a paragraph is news."""
    notes: set[int] = set()
    for at in range(len(blocks) - 1, max(-1, len(blocks) - AUTHOR_NOTE_REACH - 1), -1):
        block = blocks[at]
        if block.type == "paragraph" and author_note(block.text.strip()):
            notes.add(at)
        elif block.type not in ("caption", "heading") and len(block.text) >= AFTER_NOTE_MAX_CHARS:
            break
    bio = _labelled_bio(blocks)
    if bio is not None:
        notes.update(range(bio, len(blocks)))
    # the heading over a note that goes names nothing left
    notes.update(
        at - 1
        for at in list(notes)
        if at > 0
        and blocks[at - 1].type == "heading"
        and BIO_HEADING_RE.match(blocks[at - 1].text.strip())
    )
    for at in sorted(notes):
        note(dropped, "the writer's contact or bio", blocks[at].text)
    return [block for at, block in enumerate(blocks) if at not in notes]


def _labelled_bio(blocks: list[Block]) -> int | None:
    """Where the story ends in its writer's bio under a heading that names it ("About the
    author", "Об авторе"), however long that last paragraph runs: the heading's place, or None.
    Only the story's last block: a paragraph after the bio (a correction, an editor's note, the
    essay the bio introduced) is the story's, and so is all that section then."""
    if len(blocks) < 2:
        return None
    heading, bio = blocks[-2], blocks[-1]
    if (
        heading.type == "heading"
        and bio.type == "paragraph"
        and BIO_HEADING_RE.match(heading.text.strip())
        and writer_bio(bio.text.strip())
    ):
        return len(blocks) - 2
    return None


def drop_trailing_headings(blocks: list[Block], dropped: Dropped | None = None) -> list[Block]:
    """A heading with no text after it belonged to a dropped box."""
    while blocks and blocks[-1].type == "heading":
        note(dropped, "heading with no text after it", blocks[-1].text)
        blocks = blocks[:-1]
    return blocks


def dedupe(blocks: list[Block], dropped: Dropped | None = None) -> list[Block]:
    """Drop repeats of the same caption/paragraph (hidden modal copies, lead repeated)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for block in blocks:
        key = (block.type, block.text)
        if key in seen and len(block.text) > REPEAT_MIN_CHARS:
            note(dropped, "repeat of an earlier block", block.text)
            continue
        seen.add(key)
        kept.append(block)
    return kept
