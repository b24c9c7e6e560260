"""Finding the body: site or generic selectors, paragraph scoring, the lead just before it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

from translator.extract.blocks import image_before, is_caption, prose_heading
from translator.extract.metadata import headline_part, page_title
from translator.extract.tree import (
    attr_names,
    attr_text,
    has_block_child,
    holds,
    in_document_order,
    link_density,
    normalize_space,
    outermost,
    paragraph_breaks,
    picture_source,
    select,
    text_before,
)
from translator.extract.vocabulary import (
    BLOCK_TAGS,
    BYLINE_RE,
    CALL_TO_ACTION_WORDS,
    CHROME_ATTR,
    CONTENT_ATTR,
    CREDIT_OPENING,
    CREDIT_TAIL_RE,
    FIELD_SEPARATORS_RE,
    HEADING_TAGS,
    INLINE_TAGS,
    LABELLED_LINE_RE,
    PARAGRAPH_TAGS,
    PICTURE_FILE,
    PORTRAIT_ATTR,
    PROMPT_RE,
    chrome_text,
    comment_counter,
    comment_signature,
    date_line,
    legal_text,
    related_heading,
    thread_opener,
)


def find_by_selectors(root: etree._Element, selectors: Iterable[str]) -> list[etree._Element]:
    """The elements of the first selector that matches and holds text."""
    for selector in selectors:
        found = [el for el in select(root, selector) if normalize_space(el.text_content())]
        if found:
            return outermost(found)
    return []


# The elements `_paragraph` can count: paragraph tags and elements with text of their own (XPath's
# whitespace is narrower than Python's, so this keeps every element `_paragraph` keeps), picked
# out by the XPath engine rather than a walk in Python over every element.
_MAY_BE_PARAGRAPH = etree.XPath(
    "descendant-or-self::*["
    + "".join(f"self::{tag} or " for tag in sorted(PARAGRAPH_TAGS))
    + "text()[normalize-space()]]"
)


# A candidate after the headline is taken over a better-scored one elsewhere when it scores at
# least this share of the best: the article follows its headline, a longer teaser list or footer
# elsewhere on the page is not it.
AFTER_HEADLINE_SHARE = 0.2
# A headline shorter than this is a rubric or the site's name, not the article's title.
MIN_HEADLINE_CHARS = 15


# Commas a paragraph's score counts, in the scripts news is written in (Latin and Cyrillic,
# Arabic, CJK full-width and ideographic).
COMMAS = (",", "،", "，", "、")


def find_headline(root: etree._Element) -> etree._Element | None:
    """The page's headline: an <h1> (else <h2>) whose text is part of the page's <title> or
    og:title, or which holds it; None when no heading names the page."""
    titles = _titles(root)
    if not titles:
        return None
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = normalize_space(heading.text_content()).lower()
            if len(text) >= MIN_HEADLINE_CHARS and any(text in t or t in text for t in titles):
                return heading
    return None


def _titles(root: etree._Element, lower: bool = True) -> list[str]:
    """The page's <title> and og:title (lowercased unless `lower` is false)."""
    titles = [page_title(root)]
    titles += [
        normalize_space(m.get("content", ""))
        for m in root.iterfind(".//meta[@property='og:title']")
    ]
    return [t.lower() if lower else t for t in titles if t]


def find_headline_line(root: etree._Element) -> etree._Element | None:
    """A headline a site set in a styled line (<div class="newspaper_name">), not a heading:
    the first element of the body, not a link, whose whole text is most of the title.

    Such a line holds the middle of the title (any TITLE_SHARE of it does), so only elements
    with a text holding that middle are read: the XPath engine finds them."""
    written = _titles(root, lower=False)
    # the title less the site's name ("Aidy recalls big guns (from Harrow Times)")
    written = list(dict.fromkeys([*written, *(part for t in written for part in _title_parts(t))]))
    titles = [t.lower() for t in written]
    page = root.find("body")
    for title in written:
        middle = title[int(len(title) * (1 - TITLE_SHARE)) : int(len(title) * TITLE_SHARE)]
        if not middle.strip():
            continue
        holding = _HOLDING(page if page is not None else root, middle=middle, lower=middle.lower())
        for el in holding:
            if el.tag in ("a", "title", "option") or has_block_child(el):
                continue
            text = normalize_space(el.text_content()).lower()
            if len(text) >= MIN_HEADLINE_CHARS and any(
                text in t and len(text) >= TITLE_SHARE * len(t) for t in titles
            ):
                return el
    return None


def _title_parts(title: str) -> list[str]:
    """`title`'s headline part (the site's and section's names cut off: a masthead naming the
    site is no headline), and `title` less a closing "(from Site)"."""
    return [headline_part(title), _SITE_IN_BRACKETS.sub("", title)]


# A title's casing is the site's style ("Aidy Recalls Big Guns"), not the headline's: a line
# holds the title's middle as written or in lower case ("ecalls big g"), the way a sentence
# writes it. (Folding the page's case in XPath cost nine times the look-up.)
_HOLDING = etree.XPath(
    "descendant::*[text()[contains(normalize-space(.), $middle)"
    " or contains(normalize-space(.), $lower)]]"
)
_SITE_IN_BRACKETS = re.compile(r"\s*\(from [^()]{2,40}\)\s*$", re.IGNORECASE)
# A line is the headline when it holds this share of the title (the rest: the site's name).
TITLE_SHARE = 0.6


def score_candidates(
    root: etree._Element, headline: etree._Element | None = None
) -> list[etree._Element]:
    """The body container(s) by paragraph scoring (readability's method, trimmed for speed).

    With the page's `headline`, the first good candidate after it is preferred (see
    AFTER_HEADLINE_SHARE)."""
    scores, voters = _paragraph_scores(root)
    if not scores:
        return []
    # A content-like class or id adds at most the element's own score: a layout table named
    # "main_tbl" that holds the whole page is not the article for its name.
    weighted = {
        el: s * (1 - link_density(el)) + min(_class_weight(el), s) for el, s in scores.items()
    }
    best, box = _best(weighted, headline, voters)
    parent = best.getparent()
    if parent is None:
        return [best]
    # The article starts at its headline: what precedes it does not join the body.
    begins = document_place(headline) if headline is not None else None
    items = listicle_items(best, voters, headline)
    if items is not None:
        return [el for el in items if begins is None or document_place(el) > begins]
    joined = _with_siblings(best, parent, box, begins, weighted)
    halves = (
        _other_halves(best, joined, headline, weighted) if _paragraphs(best, voters) > 1 else []
    )
    items = _items_after(best, joined, headline, weighted, voters)
    return sorted([*joined, *halves, *items], key=document_place)


def _under(el: etree._Element, above: list[etree._Element]) -> bool:
    """`el` is inside one of the boxes `above` (not a page-wide one), at any depth."""
    boxes = {id(box) for box in above if box.tag not in PAGE_WIDE}
    return any(id(ancestor) in boxes for ancestor in el.iterancestors())


# A listicle's items that follow the article's opening carry little link text of their own: a
# list of other stories' teasers, each its headline linked, carries more.
ITEM_MAX_LINK_DENSITY = 0.2


def _items_after(
    best: etree._Element,
    joined: list[etree._Element],
    headline: etree._Element | None,
    weighted: dict[etree._Element, float],
    voters: list[tuple[etree._Element, int]],
) -> list[etree._Element]:
    """The items of a listicle that follows the article's opening `best` in a branch beside it
    (an intro, then a box a slide: "I tried 16 recipes. <slide>1. Scrambled eggs ...</slide>"):
    the listicle that the best-scored box after `best` is an item of, where few of its items'
    words are links."""
    place = document_place(best)
    above = list(best.iterancestors())[:SPLIT_LEVELS]
    after = (
        el
        for el in sorted(weighted, key=weighted.__getitem__, reverse=True)
        if _under(el, above)
        and not any(holds(part, el) or holds(el, part) for part in joined)
        and document_place(el) > place
    )
    first = next(after, None)
    items = listicle_items(first, voters, headline) if first is not None else None
    if items is None:
        return []
    items = [item for item in items if document_place(item) > place]
    if not items or _box_title_between(best, items[0]) or any(map(_not_a_slide, items)):
        return []
    titled = sum(_titled(item) for item in items)
    linked = sum(link_density(item) * len(normalize_space(item.text_content())) for item in items)
    whole = sum(len(normalize_space(item.text_content())) for item in items) or 1
    if titled < LISTICLE_VOTED_SHARE * len(items) or linked / whole >= ITEM_MAX_LINK_DENSITY:
        return []
    return items


def _box_title_between(best: etree._Element, first: etree._Element) -> bool:
    """A box's title stands between the article's opening `best` and the first item: the
    items are a box of their own ("Shop the story", "6 comments", "More from Jane Doe"), not
    slides, which a title of the story's own may open ("Шесть рецептов на зиму")."""
    start, end = document_place(best), document_place(first)
    root = best.getroottree().getroot()
    return any(
        start < document_place(h) < end
        and not holds(best, h)
        and not holds(first, h)
        and _box_title(normalize_space(h.text_content()))
        for h in root.iter(*HEADING_TAGS)
    )


def _box_title(text: str) -> bool:
    return bool(
        related_heading(text)
        or chrome_text(text)
        or comment_counter(text)
        or thread_opener(text)
        or _SHOP_TITLE.match(text)
    )


# A shop's box title: "Shop the story", "Buy the look", "Our picks", "Где купить".
_SHOP_TITLE = re.compile(
    r"^\W*((shop|buy|get) (the|this|these|our)\b|our (top )?picks\b|где купить\b|купить\b)",
    re.IGNORECASE,
)


def _not_a_slide(item: etree._Element) -> bool:
    """`item` is a reader's comment (signed, or titled "Re: ...") or a card that ends in its
    call to action ("Buy now", "Continue reading"), not a slide of the story."""
    lines = [normalize_space(el.text_content()) for el in item.iter("p", "div", *HEADING_TAGS)]
    if any(comment_signature(line) or _REPLY_SUBJECT.match(line) for line in lines if line):
        return True
    last = next(
        (el for el in reversed(list(item.iter())) if normalize_space(el.text_content())), None
    )
    if last is None or last.tag != "a":
        return False
    words = normalize_space(last.text_content())
    line = last.getparent()
    # a button is a line of its own, alone in its block or set between blocks: "Рецепт:
    # <a>полная версия</a>" is the slide's pointer
    whole_line = (
        line is item
        or normalize_space(line.text_content()) == words
        or any(child.tag in BLOCK_TAGS for child in line if isinstance(child.tag, str))
    )
    return whole_line and len(words.split()) <= CALL_TO_ACTION_WORDS


_REPLY_SUBJECT = re.compile(r"^(re|ответ)\s*:", re.IGNORECASE)


def _titled(item: etree._Element) -> bool:
    """`item` opens with a title of its own, not a link: a heading of its text (a reader's
    comment and a teaser have none, or have a linked one)."""
    heading = next(item.iter("h2", "h3", "h4"), None)
    return (
        heading is not None
        and bool(normalize_space(heading.text_content()))
        and next(heading.iter("a"), None) is None
        and not any(a.tag == "a" for a in heading.iterancestors())
    )


def _paragraph_scores(
    root: etree._Element,
) -> tuple[dict[etree._Element, float], list[tuple[etree._Element, int]]]:
    """Each container's points from the paragraphs it owns (half to its parent), and the owners
    that voted with how many paragraphs each."""
    scores: dict[etree._Element, float] = {}
    body = root.find("body")

    def credit(el: etree._Element | None, points: float) -> None:
        if el is not None and el.tag == "html":
            el = body  # text loose in <body> belongs to the body, not to <head>'s parent
        if el is not None and isinstance(el.tag, str):
            scores[el] = scores.get(el, 0.0) + points

    seen: set[etree._Element] = set()
    voters: list[tuple[etree._Element, int]] = []
    for el in _MAY_BE_PARAGRAPH(root):
        found = _paragraph(el, seen)
        if found is None:
            continue
        texts, owner = found
        # a legal footer votes for no container
        voting = [text for text in texts if not legal_text(text)]
        points = sum(_points(text) for text in voting)
        if points:
            credit(owner, points)
            credit(owner.getparent(), points / 2)
            voters.append((owner, len(voting)))
    return scores, voters


# A box joins the best candidate with this share of its score, at least, and never under
# JOIN_MIN_SCORE; the article's opening, set apart from the best box with the headline
# (_other_halves), needs only JOIN_MIN_SCORE.
JOIN_SCORE_SHARE = 0.2
JOIN_MIN_SCORE = 10.0


def _with_siblings(
    best: etree._Element,
    parent: etree._Element,
    box: etree._Element | None,
    begins: tuple[int, ...] | None,
    weighted: dict[etree._Element, float],
) -> list[etree._Element]:
    """`best` and the siblings under its `parent` that continue it: after the headline, inside
    the article's box, scored well enough to join."""
    threshold = max(JOIN_MIN_SCORE, weighted[best] * JOIN_SCORE_SHARE)
    return [
        sibling
        for sibling in parent
        if sibling is best
        or (
            (begins is None or document_place(sibling) > begins)
            and (box is None or holds(box, sibling) or _continues(sibling))
            and _joins_best(sibling, weighted, threshold)
        )
    ]


# The article cut in two by what stands between its halves (an advertisement, a newsletter box)
# in wrappers alike: a box of the best candidate's kind (tag and class), as deep under the
# ancestor they share at most SPLIT_LEVELS up, with few links and JOIN_SCORE_SHARE of the best's
# score, carries it on. (Less would take what the page sets as it sets its text: the writer's
# bio, an editor's note, a series' blurb, the next story's opening paragraphs.) Where the best
# box holds one paragraph, the page sets each paragraph in a box of its own, and the boxes
# beside it are _with_siblings' to judge.
SPLIT_LEVELS = 6


def _other_halves(
    best: etree._Element,
    joined: list[etree._Element],
    headline: etree._Element | None,
    weighted: dict[etree._Element, float],
) -> list[etree._Element]:
    """The boxes outside `joined` that carry on the article `best` is the best-scored box of.

    A branch holding a headline other than the page's is the next article stacked after this
    one."""
    begins = document_place(headline) if headline is not None else None
    kind, place = _kind(best), document_place(best)
    if not kind[1]:
        return []
    above = list(best.iterancestors())[:SPLIT_LEVELS]
    share = weighted[best] * JOIN_SCORE_SHARE
    halves = []
    for el, score in weighted.items():
        if (
            _kind(el) != kind
            or any(holds(part, el) for part in joined)
            or link_density(el) >= CONTINUATION_MAX_LINK_DENSITY
            or (begins is not None and document_place(el) <= begins)
        ):
            continue
        # the article's opening, between its headline and the best box, may be short
        opening = begins is not None and document_place(el) < place
        branch = _branch_beside(el, above)
        if (
            score >= (JOIN_MIN_SCORE if opening else share)
            and branch is not None
            and not _other_headline(branch, headline)
        ):
            halves.append(el)
    return halves


def _branch_beside(el: etree._Element, above: list[etree._Element]) -> etree._Element | None:
    """The branch holding `el` under the ancestor it shares with the box whose ancestors are
    `above`, at the same depth under it; None where they share none of `above` (or only the
    page-wide ones)."""
    branch = el
    for mine, theirs in zip(el.iterancestors(), above, strict=False):
        if mine.tag in PAGE_WIDE:
            return None
        if mine is theirs:
            return branch
        branch = mine
    return None


def _other_headline(branch: etree._Element, headline: etree._Element | None) -> bool:
    return any(h1 is not headline for h1 in branch.iter("h1"))


def one_story(found: list[etree._Element], headline: etree._Element | None) -> list[etree._Element]:
    """Of `found`, those in the page's own story where the page stacks whole stories, each an
    <article> with its headline, one after another (the next ones an endless scroll loaded):
    the story holding the page's headline, else the first."""
    stories: dict[etree._Element | None, list[etree._Element]] = {}
    for el in found:
        story = next((a for a in el.iterancestors("article")), None)
        stories.setdefault(story, []).append(el)
    boxes = {story: els for story, els in stories.items() if story is not None}
    if len(stories) < 2 or len(boxes) < len(stories):
        return found
    if any(story.find(".//h1") is None for story in boxes):
        return found
    own = next((s for s in boxes if headline is not None and holds(s, headline)), None)
    own = own if own is not None else next(iter(boxes))
    # a story split in two boxes may set its headline again in the second (for screen readers)
    title = _headlines(own)
    return [el for story, els in boxes.items() if _headlines(story) <= title for el in els]


def _headlines(story: etree._Element) -> set[str]:
    return {normalize_space(h1.text_content()) for h1 in story.iter("h1")}


# A listicle: the best candidate is one of this many boxes of one kind (tag and class) side by
# side under an ancestor at most LISTICLE_LEVELS above it, this share of them holding scored
# paragraphs: the article is every box, not the one item that scored best.
LISTICLE_ITEMS = 5
LISTICLE_LEVELS = 12
LISTICLE_VOTED_SHARE = 0.8


def listicle_items(
    best: etree._Element,
    voters: list[tuple[etree._Element, int]],
    headline: etree._Element | None = None,
) -> list[etree._Element] | None:
    """The boxes of the listicle `best` is one item of, in order, or None.

    The first ancestor with LISTICLE_ITEMS children of the kind (tag and class) of the branch
    holding `best` decides: a page's sections (a header, the article, a footer) are seldom that
    alike in paragraphs, so it ends the climb when they are not. Boxes that hold a headline of
    their own are articles stacked one after another (the next ones loaded as the reader
    scrolls), not items of one."""
    voted: set[etree._Element] = set()
    for owner, _ in voters:
        voted.add(owner)
        voted.update(owner.iterancestors())
    branch = best
    for ancestor in list(best.iterancestors())[:LISTICLE_LEVELS]:
        if ancestor.tag in PAGE_WIDE:
            return None
        kind = _wrapper_kind(branch)
        alike = [el for el in ancestor if isinstance(el.tag, str) and _wrapper_kind(el) == kind]
        if kind[1] and len(alike) >= LISTICLE_ITEMS:
            with_paragraphs = sum(el in voted for el in alike)
            stacked = any(next(el.iter("h1"), None) is not None for el in alike) or (
                headline is not None and any(holds(el, headline) for el in alike)
            )
            if stacked or with_paragraphs < LISTICLE_VOTED_SHARE * len(alike):
                return None
            return alike
        branch = ancestor
    return None


def _kind(el: etree._Element) -> tuple[str, str]:
    return el.tag, " ".join((el.get("class") or "").split())


# How far a wrapper with no class of its own is looked into for the kind of what it wraps, and
# what may wrap so: a layout table's rows and cells are alike whatever they hold (the article,
# then each reader's comment in a table of its own).
WRAPPER_LEVELS = 4
WRAPPER_TAGS = frozenset(("div", "section", "article"))


def _wrapper_kind(el: etree._Element) -> tuple[str, str]:
    """`el`'s kind; for a wrapper with no class round one element, the kind of what it wraps
    ("<div><div class='item'>…" is of the kind "div > div.item"): a page's sections set each
    in such a wrapper are alike by what they wrap."""
    tag, names = _kind(el)
    path = tag
    for _ in range(WRAPPER_LEVELS):
        if names or tag not in WRAPPER_TAGS:
            break
        children = [child for child in el if isinstance(child.tag, str)]
        if len(children) != 1:
            break
        el = children[0]
        tag, names = _kind(el)
        path = f"{path} > {tag}"
    return path, names


def _best(
    weighted: dict[etree._Element, float],
    headline: etree._Element | None,
    voters: list[tuple[etree._Element, int]],
) -> tuple[etree._Element, etree._Element | None]:
    """The best candidate, and the headline's box when that box decided it (see _headline_box).

    `voters` are the paragraphs' owners, with how many paragraphs each holds."""
    best = max(weighted, key=lambda el: weighted[el])
    if headline is None:
        return best, None
    box = _headline_box(headline, best, weighted)
    if (
        box is not None
        and not holds(box, best)
        and _paragraphs(box, voters) >= HEADLINE_BOX_PARAGRAPHS_SHARE * _paragraphs(best, voters)
    ):
        # the article's own box scores near the best: the better box elsewhere is a column of
        # teasers, and the article is the best of what its box holds
        return max((el for el in weighted if holds(box, el)), key=lambda el: weighted[el]), box
    return _first_after(headline, best, weighted), None


def _continues(sibling: etree._Element) -> bool:
    """A block beside the headline's box that carries on its text (the article cut in two by a
    banner): no link to speak of, where a column of teasers opens each with one."""
    return isinstance(sibling.tag, str) and link_density(sibling) < CONTINUATION_MAX_LINK_DENSITY


# Links in a continuation of the article outside the headline's box, at most (a teaser column
# holds a link a teaser: a tenth of its text or more).
CONTINUATION_MAX_LINK_DENSITY = 0.05


def _paragraphs(box: etree._Element, voters: list[tuple[etree._Element, int]]) -> int:
    return sum(count for owner, count in voters if holds(box, owner))


def document_place(el: etree._Element) -> tuple[int, ...]:
    """Where `el` stands in document order, as comparable as the tree's numbering would be:
    its index under each ancestor from the root down (only what is compared is numbered)."""
    place = []
    child = el
    for parent in el.iterancestors():
        place.append(parent.index(child))
        child = parent
    return tuple(reversed(place))


def _in_figure(el: etree._Element) -> bool:
    """A picture's caption, however long, is not where the article's text is."""
    return el.tag in FIGURE_TAGS or any(a.tag in FIGURE_TAGS for a in el.iterancestors())


FIGURE_TAGS = frozenset(("figure", "figcaption"))


def _first_after(
    headline: etree._Element,
    best: etree._Element,
    weighted: dict[etree._Element, float],
) -> etree._Element:
    """The best-scored candidate within the first one after `headline` that scores
    AFTER_HEADLINE_SHARE of `best`; `best` itself when it holds the headline or none qualifies.

    A page-wide container (<body>) is never the answer: it holds the headline and everything
    else alike."""
    ancestors = set(headline.iterancestors())
    if best in ancestors and best.tag not in PAGE_WIDE:
        return best
    start, floor = document_place(headline), AFTER_HEADLINE_SHARE * weighted[best]
    after = {
        el: place
        for el, score in weighted.items()
        if score >= floor
        and el not in ancestors
        and el.tag not in PAGE_WIDE
        and not _in_figure(el)
        and (place := document_place(el)) > start
    }
    if not after:
        return best
    first = min(after, key=lambda el: after[el])
    inside = [el for el in after if el is first or first in set(el.iterancestors())]
    return max(inside, key=lambda el: weighted[el])


PAGE_WIDE = ("html", "body")
# The innermost box around the headline that scores this share of the best is the article's.
HEADLINE_BOX_SHARE = 0.5
# ... and holds this share of the best's paragraphs: a header (the headline, a lead, a caption)
# that scores near the body after it is the article's top, not the article.
HEADLINE_BOX_PARAGRAPHS_SHARE = 0.5


def _headline_box(
    headline: etree._Element, best: etree._Element, weighted: dict[etree._Element, float]
) -> etree._Element | None:
    """The innermost box holding `headline`, short of the page, that scores HEADLINE_BOX_SHARE
    of `best`; None when no box does."""
    floor = HEADLINE_BOX_SHARE * weighted[best]
    for box in headline.iterancestors():
        if box.tag in PAGE_WIDE:
            return None
        if weighted.get(box, 0.0) >= floor:
            return box
    return None


def _points(paragraph: str) -> float:
    """What one paragraph adds to its container: one, a point a comma, one a 100 characters
    (three at most)."""
    return 1 + sum(paragraph.count(comma) for comma in COMMAS) + min(len(paragraph) // 100, 3)


def _paragraph(
    el: etree._Element, seen: set[etree._Element]
) -> tuple[list[str], etree._Element] | None:
    """The paragraphs `el` contributes and the element they count for, or None.

    Text written loose in a cell or a <div>, as paragraphs parted by <br><br>, counts as those
    paragraphs: as one, a whole article in one cell would score as one long paragraph, below a
    box of four teasers. A <p> is one paragraph, however its lines are broken."""
    tag = el.tag
    if not isinstance(tag, str) or tag in ("html", "head", "title"):
        return None
    if tag in PARAGRAPH_TAGS and not _layout_cell(el):
        text, owner = normalize_space(el.text_content()), el.getparent()
    elif _has_own_text(el):
        loose = _loose_text(el, seen)
        if loose is None:
            return None
        text, owner, el = loose
    else:
        return None
    if len(text) < MIN_PARAGRAPH_CHARS or owner is None or not _worded(text) or _linked(el):
        return None
    if el.tag == "p" or paragraph_breaks(el) is None:
        return [text], owner
    texts = [t for t in _parted(el) if len(t) >= MIN_PARAGRAPH_CHARS]
    return (texts, owner) if texts else None


def _loose_text(
    el: etree._Element, seen: set[etree._Element]
) -> tuple[str, etree._Element | None, etree._Element] | None:
    """Loose text (between <br>s, in styled spans): its text, the element it counts for and
    the block it belongs to; None when that block was read already or is not one to read."""
    block = el
    while block.tag in INLINE_TAGS and block.getparent() is not None:
        block = block.getparent()
    if (
        block in seen
        or (block.tag in PARAGRAPH_TAGS and not _layout_cell(block))
        or (block.tag in NOT_LOOSE_TEXT_OWNERS and not prose_heading(block))
    ):
        return None
    seen.add(block)
    if has_block_child(block):
        return normalize_space(_own_text(block)), block, block
    # a <div> used as a paragraph
    return normalize_space(block.text_content()), block.getparent(), block


# Shorter text is a label or a link, not a paragraph.
MIN_PARAGRAPH_CHARS = 25
# A paragraph's text is mostly letters and digits (spaces aside: some sites space out every
# Chinese character): what is left of a list of links between its
# links ("、 、 、", " | | |") is separators, and its commas are no sentence's.
MIN_PARAGRAPH_WORD_SHARE = 0.5


def _linked(el: etree._Element) -> bool:
    """Most of `el`'s letters are its links' (a list of tags, "蔡英文 、 民進黨 、 ..."): what
    separates them, commas included, is no sentence."""
    links = el.iter("a")
    first = next(links, None)
    if first is None:
        return False
    linked = sum(_alnum(a.text_content()) for a in (first, *links))
    return linked >= MAX_PARAGRAPH_LINK_SHARE * max(1, _alnum(el.text_content()))


def _alnum(text: str) -> int:
    """How many letters and digits `text` holds (counted by the regex engine, not a loop)."""
    return _ALNUM.subn("", text)[1]


_ALNUM = re.compile(r"[^\W_]")
_OPENS_WITH_WORDS = re.compile(r"(?:[^\w]{0,2}[^\W_]{3,}){3}")


MAX_PARAGRAPH_LINK_SHARE = 0.8


def _worded(text: str) -> bool:
    if _OPENS_WITH_WORDS.match(text):
        return True  # almost every paragraph: no need to count its letters
    shown = len(text) - text.count(" ")  # normalised: its only spaces are single blanks
    return _alnum(text) >= MIN_PARAGRAPH_WORD_SHARE * shown


def _parted(el: etree._Element) -> list[str]:
    """The own text of `el` (not its block children's) cut where <br><br> ends a paragraph."""
    breaks = paragraph_breaks(el) or set()
    parts: list[str] = []
    current = [el.text or ""]
    for child in el:
        if child in breaks:
            parts.append(normalize_space("".join(current)))
            current = []
        elif isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            current.append(child.text_content())
        current.append(child.tail or "")
    parts.append(normalize_space("".join(current)))
    return parts


def _layout_cell(el: etree._Element) -> bool:
    """A table cell holding blocks of its own is a page column, not a paragraph: counting its
    whole text as one paragraph of its row would make the page's layout table the body."""
    return el.tag in ("td", "th") and has_block_child(el)


NOT_LOOSE_TEXT_OWNERS = ("li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6")


def _joins_best(
    sibling: etree._Element, weighted: dict[etree._Element, float], threshold: float
) -> bool:
    """A sibling of the best candidate that belongs to the body too: well scored, or a <p>."""
    if not isinstance(sibling.tag, str):
        return False
    if weighted.get(sibling, 0) >= threshold and _class_weight(sibling) >= 0:
        return True
    if sibling.tag != "p":
        return False
    text = normalize_space(sibling.text_content())
    density = link_density(sibling)
    return (len(text) > 80 and density < 0.25) or bool(
        text and density == 0 and re.search(r"\.( |$)", text)
    )


def _class_weight(el: etree._Element) -> float:
    attrs = attr_text(el)
    weight = 0.0
    if CONTENT_ATTR.search(attrs):
        weight += 25
    if CHROME_ATTR.search(attr_names(el)):
        weight -= 25
    return weight


def _has_own_text(el: etree._Element) -> bool:
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def _own_text(el: etree._Element) -> str:
    """The text of `el` outside its block-level children."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


LEAD_ATTR = re.compile(
    r"lead|intro|announce|anons|standfirst|subtitle|description|summary|excerpt|heading|\bdek\b",
    re.IGNORECASE,
)


# How far `find_lead_picture` looks above the body: ancestors climbed, siblings passed at each.
LEAD_PICTURE_LEVELS = 3
LEAD_PICTURE_SIBLINGS = 4
# A caption this much of which is link is a teaser's ...
LEAD_CAPTION_LINK_SHARE = 0.5
# ... unless it is a credit this short naming its source ("Фото: <a>ТАСС</a>").
CREDIT_MAX_WORDS = 6


def find_lead_picture(
    containers: list[etree._Element], headline: etree._Element | None
) -> etree._Element | None:
    """The story's picture set just above its body container, below the `headline` (when one
    is known): a <figure> with an image and a caption, or a caption with its picture beside it,
    neither a link to elsewhere. Nothing above the headline is taken, so neither a masthead's
    picture nor a sidebar's ("Today's photos") set before it in the markup; nor a picture a box
    titles as its own ("Фото дня"), nor the writer's portrait by the byline."""
    picture = _picture_above(containers)
    if picture is None or headline is None:
        return picture
    return picture if in_document_order([headline, picture])[0] is headline else None


def _picture_above(containers: list[etree._Element]) -> etree._Element | None:
    if not containers:
        return None
    node = containers[0]
    for _ in range(LEAD_PICTURE_LEVELS):
        for count, sibling in enumerate(_worded_siblings_before(node)):
            if count >= LEAD_PICTURE_SIBLINGS:
                break
            headline = sibling if sibling.tag == "h1" else next(sibling.iter("h1"), None)
            if headline is not None:
                # the article's header: its headline, then maybe the story's picture
                return _picture_in(sibling, after=headline)
            picture = _picture_in(sibling)
            if picture is not None:
                return picture
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return None


def _worded_siblings_before(node: etree._Element) -> Iterator[etree._Element]:
    """The elements before `node` beside it, nearest first, that hold words: line breaks,
    spacer images and comments between a picture and the text it opens are passed over."""
    for sibling in node.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) and normalize_space(sibling.text_content()):
            yield sibling


def _picture_in(box: etree._Element, after: etree._Element | None = None) -> etree._Element | None:
    """The first story's picture in `box`: after the headline `after`, when given (a deck or a
    date may come between), else with no text of `box` before it (a box's own title)."""
    started = after is None
    skipped = set(after.iter()) if after is not None else set()
    for el in box.iter():
        if el is after:
            started = True
            continue
        if not started or el in skipped or not _story_picture(el):
            continue
        if (after is None and text_before(box, el)) or _portrait(el, box):
            return None
        return el
    return None


def _portrait(el: etree._Element, box: etree._Element) -> bool:
    """`el`, or what holds it inside `box`, is named a portrait (the box may hold a byline)."""
    for node in (el, *el.iterancestors()):
        if node is box:
            return False
        if PORTRAIT_ATTR.search(attr_text(node)):
            return True
    return False


def _story_picture(el: etree._Element) -> bool:
    if el.tag == "figure":
        if not any(picture_source(img) for img in el.iter("img")):
            return False
        captions = [c for c in el.iter("figcaption") if normalize_space(c.text_content())]
    elif isinstance(el.tag, str) and is_caption(el) and image_before(el):
        captions = [el] if normalize_space(el.text_content()) else []
    else:
        return False
    if not captions or any(_linked_caption(c) for c in captions):
        return False
    if any(_elsewhere(a) for img in el.iter("img") for a in img.iterancestors("a")):
        return False  # a teaser: its picture links to another story
    # ... or the whole of it does (looked up last: it walks every ancestor)
    return not any(_elsewhere(a) for a in el.iterancestors("a"))


def _elsewhere(link: etree._Element) -> bool:
    """`link` leads to another page: not a lightbox's link to the picture enlarged."""
    href = (link.get("href") or "").strip()
    return bool(href) and not PICTURE_FILE.search(href)


def _linked_caption(caption: etree._Element) -> bool:
    """A caption that is mostly a link (a teaser's), but for a short credit linking its source
    ("Фото: <a>Telegram-канал</a>")."""
    text = normalize_space(caption.text_content())
    if CREDIT_OPENING.match(text) and len(text.split()) <= CREDIT_MAX_WORDS:
        return False
    return link_density(caption) >= LEAD_CAPTION_LINK_SHARE


# The standfirst set under the headline with no class that names it (a deck in the article's
# header): looked for among the elements after the headline, STANDFIRST_SIBLINGS at each of
# STANDFIRST_LEVELS levels up, before the body begins. It reads as a sentence: this many words ...
STANDFIRST_LEVELS = 2
STANDFIRST_SIBLINGS = 3
STANDFIRST_MIN_WORDS = 8
# ... ending as one does, or this many words where a deck leaves off its full stop ...
STANDFIRST_UNENDED_WORDS = 12
# ... and a deck is short: a longer text under the headline is the body's own opening.
STANDFIRST_MAX_CHARS = 400
_STANDFIRST_END = re.compile(r"[.!?…\"”»)]$")
# A block holding a picture, its caption or a date is the header's lead image or dateline.
_NO_STANDFIRST_IN = ("img", "picture", *FIGURE_TAGS, "time")


def find_standfirst(
    headline: etree._Element | None, containers: list[etree._Element]
) -> etree._Element | None:
    """The standfirst between the headline and the body: the first block after the headline
    in its header that reads as a sentence, not a byline, date, caption or chrome. It is the
    copy's lead (a deck, whatever its tag), not a paragraph of the body."""
    if headline is None or not containers:
        return None
    begins = document_place(containers[0])
    for el in _after_headline(headline):
        if document_place(el) >= begins or any(holds(el, c) for c in containers):
            return None
        if _standfirst(el):
            return None if _repeats_opening(el, containers[0]) else el
    return None


def _after_headline(headline: etree._Element) -> Iterator[etree._Element]:
    """The elements after `headline`: STANDFIRST_SIBLINGS at each of STANDFIRST_LEVELS up."""
    node: etree._Element | None = headline
    for _ in range(STANDFIRST_LEVELS + 1):
        if node is None or node.tag in PAGE_WIDE:
            return
        for count, sibling in enumerate(node.itersiblings()):
            if count >= STANDFIRST_SIBLINGS or not isinstance(sibling.tag, str):
                break
            yield sibling
        node = node.getparent()


# A summary that repeats the body's opening (a wire story's lead set twice) is no standfirst:
# this share of its three-word runs in the body's first STANDFIRST_OPENING_CHARS.
STANDFIRST_REPEATED_SHARE = 0.5
STANDFIRST_OPENING_CHARS = 1000


def _repeats_opening(el: etree._Element, body: etree._Element) -> bool:
    """`el` repeats the opening of `body`'s paragraphs (its pictures' captions not counted)."""
    paragraphs = " ".join(p.text_content() for p in body.iter("p") if not _in_figure(p))
    runs = _word_runs(el.text_content())
    opening = set(_word_runs((paragraphs or body.text_content())[:STANDFIRST_OPENING_CHARS]))
    return sum(run in opening for run in runs) >= STANDFIRST_REPEATED_SHARE * len(runs)


def _word_runs(text: str) -> list[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return [tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))]


def _standfirst(el: etree._Element) -> bool:
    if el.tag in FIGURE_TAGS or any(el.find(f".//{tag}") is not None for tag in _NO_STANDFIRST_IN):
        return False
    text = normalize_space(el.text_content())
    words = len(text.split())
    return (
        STANDFIRST_MIN_WORDS <= words
        and len(text) <= STANDFIRST_MAX_CHARS
        and (words >= STANDFIRST_UNENDED_WORDS or _STANDFIRST_END.search(text) is not None)
        and link_density(el) < 0.3
        and not _standfirst_lookalike(text)
    )


def _standfirst_lookalike(text: str) -> bool:
    """`text` reads as a sentence but is the site's: chrome, a byline or credit, a date, a
    labelled field, a prompt, a caption's credit, fields parted by separators."""
    return any(
        (
            chrome_text(text),
            BYLINE_RE.search(text),
            date_line(text),
            LABELLED_LINE_RE.match(text),
            PROMPT_RE.match(text),
            CREDIT_TAIL_RE.search(text),
            FIELD_SEPARATORS_RE.search(text),
        )
    )


def find_lead(containers: list[etree._Element]) -> etree._Element | None:
    """A lead paragraph just before the body container, named as one by its class or, in a box
    of no name, by its only paragraph's ("newsHeading", "article__description", p.introcopy)."""
    if not containers:
        return None
    node = containers[0]
    for _ in range(3):
        for count, sibling in enumerate(node.itersiblings(preceding=True)):
            if count >= 4 or not isinstance(sibling.tag, str):
                break
            if sibling.tag not in HEADING_TAGS and _named_lead(sibling):
                return sibling
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
    return None


def _named_lead(el: etree._Element) -> bool:
    names = attr_text(el) + " " + el.get("itemprop", "")
    only = _only_paragraph(el)
    if only is not None and only is not el and not names.strip():
        # a box of no name lends its paragraph's; a named one (an author's, a video's) is what
        # it says, whatever its paragraph's class ("author-description")
        names = attr_text(only)
    if not LEAD_ATTR.search(names):
        return False
    text = normalize_space(el.text_content())
    return 30 <= len(text) <= 800 and link_density(el) < 0.3 and not chrome_text(text)


def _only_paragraph(el: etree._Element) -> etree._Element | None:
    """`el` itself where it is a <p>; the one <p> a box holds with nothing else; else None."""
    if el.tag == "p":
        return el
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag != "p" or (el.text or "").strip():
        return None
    return children[0]


# The story's opening set before the box its name calls the body, a paragraph a box whose name
# calls it one ("firstPar", "secondPar", then div.body): each a paragraph of prose this long at
# least, ending as a sentence. A box named otherwise (a bio, a caption, a key-points summary, a
# pitch, a disclosure) opens nothing, and a bare <p> only after the lead the page names.
OPENING_PARAGRAPH_CHARS = 60
OPENING_MAX_LINK_DENSITY = 0.2
_ENDS_AS_SENTENCE = re.compile(r"[.!?…][\"'»”’)]*$")
# A class token naming a paragraph ("firstPar", "para", "paragraph2") ...
_PARAGRAPH_CLASS = re.compile(r"(?:[a-z\d]Par(?:a|agraph)?|^(?:par|para|paragraph))\d*$")
# ... and one naming a kind of paragraph box, which must be prose ("paragraph--type--text"), not
# a pull quote, a note or a bio ("paragraph--type--pullquote", "para-note").
_PARAGRAPH_KIND = re.compile(r"^para(?:graph)?[-_]+(?:type[-_]+)?([a-z]+)", re.IGNORECASE)
_PROSE_PARAGRAPH_KINDS = frozenset({"text", "body", "content", "view"})
_OPENING_BOX_TAGS = ("div", "span", "section")


def opening_before(
    containers: list[etree._Element], headline: etree._Element | None
) -> list[etree._Element]:
    """`containers`, the first opened by the paragraphs of the story set just before it, beside
    it and after the headline: each in a box its name calls a paragraph, or a bare <p> after
    the lead the page names ("article-lead"). A bare <p> with no named lead before it may be
    the deck, which stays the copy's lead."""
    begins = document_place(headline) if headline is not None else None
    opening: list[etree._Element] = []
    bare: list[etree._Element] = []
    sibling = containers[0].getprevious()
    while sibling is not None and (begins is None or document_place(sibling) > begins):
        if _opening_paragraph(sibling):
            opening += [*bare, sibling]
            bare = []
        elif _bare_paragraph(sibling):
            bare.append(sibling)
        else:
            break
        sibling = sibling.getprevious()
    if bare and sibling is not None and isinstance(sibling.tag, str) and _named_lead(sibling):
        opening += bare
    return [*reversed(opening), *containers]


def _named_paragraph(el: etree._Element) -> bool:
    """`el`'s class calls it a paragraph, and no kind of paragraph but prose."""
    names = el.get("class", "").split()
    kinds = [m.group(1).lower() for name in names if (m := _PARAGRAPH_KIND.match(name))]
    return any(_PARAGRAPH_CLASS.search(name) for name in names) and all(
        kind in _PROSE_PARAGRAPH_KINDS for kind in kinds
    )


def _opening_paragraph(el: etree._Element) -> bool:
    """`el` is a box its name calls a paragraph, holding one <p> of prose and nothing else."""
    if el.tag not in _OPENING_BOX_TAGS or not _named_paragraph(el):
        return False
    paragraph = _only_paragraph(el)
    if paragraph is None or LEAD_ATTR.search(attr_text(el) + " " + attr_text(paragraph)):
        return False
    return _prose_paragraph(paragraph)


def _bare_paragraph(el: etree._Element) -> bool:
    """`el` is a <p> of no class or id, of prose."""
    return el.tag == "p" and not attr_text(el).strip() and _prose_paragraph(el)


def _prose_paragraph(paragraph: etree._Element) -> bool:
    text = normalize_space(paragraph.text_content())
    return (
        len(text) >= OPENING_PARAGRAPH_CHARS
        and _ENDS_AS_SENTENCE.search(text) is not None
        and link_density(paragraph) < OPENING_MAX_LINK_DENSITY
        and not _standfirst_lookalike(text)
    )
