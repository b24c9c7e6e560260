"""Generic extraction passes over one lxml tree: clean, find the body, emit blocks, filter blocks.

Each pass is a small named function; `translator.extract.extract` runs them in order. Site rules
(translator/extract/sites.py) only feed them selectors and text patterns, so every pass also
works on a layout no rule knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from translator.article import Block, Link

# Elements that never carry article text.
INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "dialog",
    "audio",
    "video",
    "map",
)
STRUCTURAL_CHROME_TAGS = ("nav", "footer", "aside", "menu", "form")

# Class/id tokens of page furniture (readability's "unlikely candidates", extended). STRONG ones
# name what is never article text; WEAK ones also name layout wrappers that may hold the article.


def _tokens(*names: str) -> re.Pattern:
    """A regex matching any of `names` as a whole class/id token (split on space, - and _)."""
    return re.compile(r"(^|[-_ ])(" + "|".join(names) + r")($|[-_ ])", re.IGNORECASE)


CHROME_STRONG_TOKENS = (
    r"nav",
    r"navbar",
    r"menu",
    r"breadcrumbs?",
    r"footer",
    r"share",
    r"sharing",
    r"social",
    r"socials",
    r"comments?",
    r"disqus",
    r"related",
    r"recommend\w*",
    r"promo",
    r"cookies?",
    r"consent",
    r"gdpr",
    r"newsletter",
    r"subscribe",
    r"donat\w*",
    r"tags",
    r"tagcloud",
    r"rubrics",
    r"outbrain",
    r"taboola",
    r"smi2",
    r"read-also",
    r"readalso",
    r"see-also",
    r"more-news",
    r"visually-hidden",
    r"sr-only",
    r"print-only",
    r"app-banner",
    r"tip-off",
    r"credits?",
    r"copyright",
    r"photo-?credit",
    r"toolbar",
    r"pagination",
    r"pager",
    r"login",
    r"signin",
    r"signup",
    r"skip-link",
    r"author-card",
    r"tooltip",
    r"popover",
    r"hovercard",
)
CHROME_WEAK_TOKENS = (
    r"masthead",
    r"sidebar",
    r"banner",
    r"subscription",
    r"subscr\w*",
    r"paywall",
    r"popup",
    r"modal",
    r"overlay",
    r"advert\w*",
    r"ads?",
    r"adv",
    r"advertisement",
    r"sponsor\w*",
    r"teasers?",
    r"widget",
    r"byline",
    r"inject\w*",
    r"partners?",
)
CHROME_STRONG = _tokens(*CHROME_STRONG_TOKENS)
CHROME_WEAK = _tokens(*CHROME_WEAK_TOKENS)
CHROME_ATTR = _tokens(*CHROME_STRONG_TOKENS, *CHROME_WEAK_TOKENS)
CONTENT_ATTR = re.compile(
    r"(^|[-_ ])(article|articlebody|article-body|article-text|body|content|entry|entry-content|"
    r"post|post-content|story|story-body|text|main|wsw|publish)($|[-_ ])",
    re.IGNORECASE,
)
CAPTION_ATTR = _tokens(
    r"caption", r"figcaption", r"wp-caption-text", r"cutline", r"image-caption", r"photo-caption"
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "table",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "div",
    "section",
    "article",
    "figure",
    "header",
    "main",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "caption",
}
INLINE_TAGS = {
    "a",
    "b",
    "strong",
    "em",
    "i",
    "u",
    "small",
    "big",
    "sup",
    "sub",
    "code",
    "cite",
    "q",
    "abbr",
    "time",
    "mark",
    "label",
    "span",
    "font",
    "s",
    "strike",
    "del",
    "ins",
    "tt",
    "var",
    "kbd",
}
PARAGRAPH_TAGS = {"p", "pre", "td", "blockquote"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# Chrome recognised by its words, in any language the pipeline meets. Matched against the start
# of a whole block (after whitespace normalisation), case-insensitively.
CHROME_TEXT = [
    r"читайте (также|материал|еще|ещё|подробнее)\b",
    r"смотрите также\b",
    r"см\. также\b",
    r"по теме:",
    r"новости по теме\b",
    r"ссылки по теме\b",
    r"скачайте (наше )?приложение",
    r"мы обновили приложени",
    r"знаете больше\?",
    r"подпи(шитесь|сывайтесь) на\b",
    r"подписаться на\b",
    r"поддержите\b",
    r"станьте (соучастником|подписчиком|патроном)",
    r"задонать",
    r"(сделайте|сделать) пожертвование",
    r"помогите нам\b",
    r"(установите|загрузите) (наше )?приложение",
    r"мы в (соцсетях|социальных сетях|телеграме?)",
    r"следите за (нами|новостями)",
    r"наш телеграм",
    r"присылайте (нам )?(новости|сообщения|фото|видео)",
    r"(хотите сообщить новость|есть новость|есть что рассказать)\?",
    r"если вы (нашли|заметили) ошибку",
    r"выделите (ее|её) и нажмите",
    r"сообщить об ошибке",
    r"erid\s*:",
    r"на правах рекламы",
    r"как читать .{0,40}без vpn",
    r"главное за (день|неделю)\b",
    r"(ещ[её] )?больше (новостей|материалов|интересного)",
    r"новости партнеров",
    r"читайте нас\b",
    r"присоединяйтесь к нам\b",
    r"(все|другие) материалы (рубрики|по теме|автора)",
    r"ещ[её] (\d+ )?комментари",
    r"подписаться\s*$",
    r"материалы \S+ содержат оценки",
    r"мы используем (файлы )?cookie",
    r"мы используем куки",
    r"сайт использует (файлы )?cookie",
    r"нашли опечатку",
    r"фото(графия)?:\s",
    r"фото\s*[—–-]\s",
    r"источник фото",
    r"реклама\s*([.:]|$)",
    r"поделиться\b",
    r"комментарии\s*\(\d+\)",
    r"[©®]",
    r"18\+\s*$",
    r"16\+\s*$",
    r"12\+\s*$",
    r"6\+\s*$",
    r"0\+\s*$",
    r"настоящий ресурс содержит материалы",
    r"отдельные публикации могут содержать",
    r"обход блокировки",
    r"безопасная связь",
    r"(also )?read (also|more)\s*:",
    r"see also\s*:",
    r"related( articles| stories| content)?\s*:",
    r"advertisement\s*$",
    r"sign up for\b",
    r"subscribe to (our|the)\b",
    r"follow us\b",
    r"share (this|on)\b",
    r"click here to\b",
    r"all rights reserved",
    r"copyright\b",
    r"disclaimer\s*:",
    r"if you (enjoyed|liked) this",
    r"follow @",
    r"follow (him|her|them|us) (on|at)\b",
    r"join our\b",
    r"this (document|article|material) is subject to copyright",
    r"citation\s*:",
    r"don'?t miss\b",
    r"(additional )?reporting by\b",
    r"editing by\b",
    r"(image|photo|picture) (credit|source)\s*:",
    r"credit\s*:",
    r"(image|photo|slide) \d+ (of|/) \d+",
    r"have a (news )?tip\?",
    r"get the latest\b.{0,60}\b(inbox|newsletter)",
    r"we'?d (like|love) to hear",
    r"check out our\b",
    r"sponsored( links| content| stories)?\s*$",
    r"you (may|might) also (like|be interested|enjoy)",
    r"tags\s*:",
    (
        r"(close|caption|menu|print|email|loading\W*|next|previous|prev|"
        r"back to top|comments?|\d+ comments?)\s*$"
    ),
]
CHROME_TEXT_RE = re.compile(r"^\W{0,3}(?:" + "|".join(CHROME_TEXT) + ")", re.IGNORECASE)
# Chrome recognised by how a short block ends.
CHROME_TAIL_RE = re.compile(
    r"(contributed (reporting )?to this (report|story)|all rights reserved)\.?\s*$", re.IGNORECASE
)

SOCIAL_NAMES = re.compile(
    r"\b(telegram|телеграм\w*|вконтакте|vk|youtube|ютуб\w*|whatsapp|instagram|инстаграм\w*|facebook|фейсбук\w*|"
    r"одноклассники|twitter|твиттер\w*|tiktok|тикток\w*|дзен\w*|rutube|viber|signal|vpn|app store|google play)\b",
    re.IGNORECASE,
)
SOCIAL_HOSTS = re.compile(
    r"//([\w.-]+\.)?(t\.me|telegram\.me|vk\.com|youtube\.com|youtu\.be|wa\.me|whatsapp\.com|instagram\.com|"
    r"facebook\.com|ok\.ru|twitter\.com|x\.com|tiktok\.com|dzen\.ru|rutube\.ru|apps\.apple\.com|play\.google\.com)\b",
    re.IGNORECASE,
)
CALL_TO_ACT = re.compile(
    r"подпис|читайте нас|читать нас|присылайте|пишите|смотрите нас|следите|скачайте|установите|"
    r"без (установки )?vpn|follow us|subscribe|join us",
    re.IGNORECASE,
)
OUR_CHANNEL = re.compile(
    r"\bнаш(ем|ему|его|ем телеграм-|)\s*(телеграм|telegram|канал|youtube|ютуб|паблик|чат)|\bour (telegram|channel|newsletter)",
    re.IGNORECASE,
)
FOOTNOTE_RE = re.compile(r"^\*+\s*\S")
ASTERISK_MARK_RE = re.compile(r"\w[»\"”]?\*")

# Headings that open a block of links to other stories: the whole container goes.
RELATED_HEADING_RE = re.compile(
    r"^\W*(читайте также|смотрите также|по теме|новости по теме|ссылки по теме|другие материалы|"
    r"что еще почитать|что ещё почитать|самое читаемое|последние новости|популярное|"
    r"read (also|more)|see also|related|more (from|on|stories)|most (read|popular)|recommended)\b",
    re.IGNORECASE,
)

_WS = re.compile(r"[ \t\r\n\f\v\u200b\ufeff]+")
_WS_KEEP_ZW = re.compile(r"[ \t\r\n\f\v]+")


def normalize_space(text: str) -> str:
    """Collapse runs of ASCII whitespace into one space and strip; NBSP and zero-width spaces stay."""
    return _WS_KEEP_ZW.sub(" ", text).strip()


def attr_text(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse(html: str) -> lxml_html.HtmlElement | None:
    """The document tree of `html`, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    # lxml refuses a str that declares its own encoding; the text is already decoded.
    html = re.sub(r"^[\ufeff\s]*<\?xml[^>]*>", "", html)
    # Control characters and lone surrogates survive parsing but make lxml refuse the text
    # again later (ValueError on any edit), so they go before the tree is built.
    html = NOT_XML_TEXT.sub("", html)
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def drop(el: etree._Element) -> None:
    """Remove `el` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def drop_invisible(root: etree._Element) -> None:
    """Scripts, styles, templates, forms, media, comments and elements hidden by markup."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            drop(el)
    for el in list(root.iter(*INVISIBLE_TAGS)):
        drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        if (
            el.get("hidden") is not None
            or el.get("aria-hidden") == "true"
            or HIDDEN_STYLE.search(el.get("style", ""))
        ):
            drop(el)


def drop_selectors(root: etree._Element, selectors: Iterable[str]) -> None:
    """Remove every element matching one of the CSS `selectors`."""
    for selector in selectors:
        for el in root.cssselect(selector):
            drop(el)


def drop_chrome_elements(root: etree._Element, keep: Iterable[etree._Element] = ()) -> None:
    """Navigation, footers, asides and elements whose class/id names page furniture.

    `keep` (the body containers, when a selector found them) and their ancestors are never dropped.
    """
    protected = _with_ancestors(keep)
    total = _prose_chars(root) or 1
    for el in list(root.iter(*STRUCTURAL_CHROME_TAGS, "header")):
        if el in protected or el.getparent() is None:
            continue
        if el.tag == "header" and _is_article_header(el):
            continue
        if el.tag == "form" and _prose_chars(el) > 0.3 * total:
            continue  # ASP.NET pages wrap the whole page in one <form>
        drop(el)
    for el in list(root.iter()):
        if (
            not isinstance(el.tag, str)
            or el.tag in ("html", "body", "article", "main")
            or el in protected
        ):
            continue
        if el.getparent() is None:
            continue
        attrs = attr_text(el)
        if not attrs.strip():
            continue
        if CHROME_STRONG.search(attrs):
            limit = 0.5  # a comment thread may outweigh the article; only the main wrapper survives
        elif CHROME_WEAK.search(attrs) and not CONTENT_ATTR.search(attrs):
            limit = 0.3  # "paywall"/"has-sidebar" page wrappers hold the article
        else:
            continue
        if _prose_chars(el) > limit * total:
            continue
        drop(el)


def _with_ancestors(elements: Iterable[etree._Element]) -> set[etree._Element]:
    found: set[etree._Element] = set()
    for el in elements:
        found.add(el)
        found.update(el.iterancestors())
    return found


def _prose_chars(el: etree._Element) -> int:
    """Characters of text outside links: what a wrapper of the article holds most of."""
    text = len(_WS.sub(" ", el.text_content()))
    links = sum(len(_WS.sub(" ", a.text_content())) for a in el.iter("a"))
    return max(0, text - links)


def _is_article_header(el: etree._Element) -> bool:
    """A <header> inside an article holds the headline and lead, not site chrome."""
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def drop_related_boxes(root: etree._Element, keep: Iterable[etree._Element] = ()) -> None:
    """Containers opened by a "read also"/"related" heading or caption: other stories' links.

    `keep` (the body containers) and their ancestors are never dropped, however short.
    """
    protected = _with_ancestors(keep)
    for el in list(root.iter("section", "div", "aside", "ul", "p")):
        if el.getparent() is None or el in protected:
            continue
        first = _first_text(el)
        if not first or not RELATED_HEADING_RE.match(first):
            continue
        text = normalize_space(el.text_content())
        if len(text) > 600:
            continue
        drop(el)


def _first_text(el: etree._Element) -> str:
    for text in el.itertext():
        text = text.strip()
        if text:
            return text
    return ""


# ---- finding the body -------------------------------------------------------------------------


def find_by_selectors(root: etree._Element, selectors: Iterable[str]) -> list[etree._Element]:
    """The elements of the first selector that matches and holds text."""
    for selector in selectors:
        found = [el for el in root.cssselect(selector) if normalize_space(el.text_content())]
        if found:
            return _outermost(found)
    return []


def _outermost(elements: list[etree._Element]) -> list[etree._Element]:
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


def link_density(el: etree._Element) -> float:
    text_len = len(normalize_space(el.text_content())) or 1
    link_len = sum(len(normalize_space(a.text_content())) for a in el.iter("a"))
    return min(1.0, link_len / text_len)


def score_candidates(root: etree._Element) -> list[etree._Element]:
    """The body container(s) by paragraph scoring (readability's method, trimmed for speed)."""
    scores: dict[etree._Element, float] = {}

    body = root.find("body")

    def credit(el: etree._Element | None, points: float) -> None:
        if el is not None and el.tag == "html":
            el = body  # text loose in <body> belongs to the body, not to <head>'s parent
        if el is not None and isinstance(el.tag, str):
            scores[el] = scores.get(el, 0.0) + points

    seen: set[etree._Element] = set()
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in ("html", "head"):
            continue
        if tag in PARAGRAPH_TAGS:
            text = normalize_space(el.text_content())
            owner = el.getparent()
        elif _has_own_text(el):
            # Loose text (between <br>s, in styled spans): find the block it belongs to.
            block = el
            while block.tag in INLINE_TAGS and block.getparent() is not None:
                block = block.getparent()
            if (
                block in seen
                or block.tag in PARAGRAPH_TAGS
                or block.tag in ("li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6")
            ):
                continue
            seen.add(block)
            if _has_block_child(block):
                text, owner = normalize_space(_own_text(block)), block
            else:  # a <div> used as a paragraph
                text, owner = normalize_space(block.text_content()), block.getparent()
        else:
            continue
        if len(text) < 25 or owner is None:
            continue
        points = 1 + text.count(",") + text.count("،") + min(len(text) // 100, 3)
        credit(owner, points)
        credit(owner.getparent(), points / 2)
    if not scores:
        return []
    weighted = {el: s * (1 - link_density(el)) + _class_weight(el) for el, s in scores.items()}
    best = max(weighted, key=weighted.get)
    threshold = max(10.0, weighted[best] * 0.2)
    parent = best.getparent()
    if parent is None:
        return [best]
    chosen = []
    for sibling in parent:
        if sibling is best:
            chosen.append(sibling)
        elif not isinstance(sibling.tag, str):
            continue
        elif weighted.get(sibling, 0) >= threshold and _class_weight(sibling) >= 0:
            chosen.append(sibling)
        elif sibling.tag == "p":
            text = normalize_space(sibling.text_content())
            density = link_density(sibling)
            if (len(text) > 80 and density < 0.25) or (
                text and density == 0 and re.search(r"\.( |$)", text)
            ):
                chosen.append(sibling)
    return chosen


def _class_weight(el: etree._Element) -> float:
    attrs = attr_text(el)
    weight = 0.0
    if CONTENT_ATTR.search(attrs):
        weight += 25
    if CHROME_ATTR.search(attrs):
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


def find_lead(containers: list[etree._Element]) -> etree._Element | None:
    """A lead paragraph just before the body container ("newsHeading", "article__description")."""
    if not containers:
        return None
    node = containers[0]
    for _ in range(3):
        for count, sibling in enumerate(node.itersiblings(preceding=True)):
            if count >= 4 or not isinstance(sibling.tag, str):
                break
            if sibling.tag in HEADING_TAGS or not LEAD_ATTR.search(
                attr_text(sibling) + " " + sibling.get("itemprop", "")
            ):
                continue
            text = normalize_space(sibling.text_content())
            if (
                30 <= len(text) <= 800
                and link_density(sibling) < 0.3
                and not CHROME_TEXT_RE.match(text)
            ):
                return sibling
        node = node.getparent()
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
    return None


# ---- emitting blocks --------------------------------------------------------------------------


def inline_text(el: etree._Element, base_url: str | None) -> tuple[str, list[Link]]:
    """The normalised text of `el` and its links, each with the offset of its anchor text."""
    pieces: list[tuple[str, etree._Element | None]] = []
    _collect(el, pieces, None, top=True)
    text = ""
    links: list[Link] = []
    last_anchor = None
    for piece, anchor in pieces:
        piece = _WS_KEEP_ZW.sub(" ", piece)
        if text.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if not text:
            piece = piece.lstrip(" ")
        if anchor is not None and piece.strip():
            if anchor is last_anchor and links:
                links[-1].text = text[links[-1].start :] + piece.rstrip(" \u00a0")
            else:
                lead = len(piece) - len(piece.lstrip(" \u00a0"))
                href = _absolute(anchor.get("href"), base_url)
                links.append(Link(text=piece.strip(" \u00a0"), href=href, start=len(text) + lead))
            last_anchor = anchor
        elif piece.strip():
            last_anchor = None
        text += piece
    lead = len(text) - len(text.lstrip(" \u00a0"))
    stripped = text.strip(" \u00a0")
    for link in links:
        link.start -= lead
    return stripped, [link for link in links if 0 <= link.start < len(stripped) and link.text]


def _collect(el, pieces, anchor, top=False):
    """Text pieces of `el` in order, each with the <a> it sits in (or None)."""
    if not isinstance(el.tag, str):
        return
    tag = el.tag
    if tag == "br":
        pieces.append((" ", None))
        return
    if tag == "img":
        return
    href = el.get("href") if tag == "a" else None
    if href and not href.strip().startswith(("javascript:", "#")):
        anchor = el
    if tag in ("td", "th") and not top:
        pieces.append((" | ", None))
    if el.text:
        pieces.append((el.text, anchor))
    for child in el:
        _collect(child, pieces, anchor)
        if child.tail:
            pieces.append((child.tail, anchor))
    if tag in BLOCK_TAGS and not top:
        pieces.append((" ", None))


def _absolute(href: str, base_url: str | None) -> str:
    href = href.strip()
    try:
        return urljoin(base_url, href) if base_url else href
    except ValueError:
        return href


def emit_blocks(containers: list[etree._Element], base_url: str | None) -> list[Block]:
    """Blocks in source order: paragraphs, headings, quotes, list items, captions, table rows."""
    blocks: list[Block] = []
    for container in containers:
        blocks.extend(_walk(container, base_url, quote=False))
    return blocks


def _walk(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Block]:
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag in HEADING_TAGS:
        yield from _block("heading", el, base_url, level=int(tag[1]))
        return
    if tag == "p" or tag == "pre":
        if _has_block_child(el):
            yield from _walk_mixed(el, base_url, quote)
        else:
            yield from _block("quote" if quote else "paragraph", el, base_url)
        return
    if tag in ("li", "dd", "dt"):
        if _has_block_child(el):
            yield from _walk_mixed(el, base_url, quote)
        else:
            yield from _block("quote" if quote else "list_item", el, base_url)
        return
    if (
        tag == "figcaption"
        or tag == "caption"
        or (CAPTION_ATTR.search(attr_text(el)) and not _has_paragraphs(el))
    ):
        yield from _block("caption", el, base_url)
        return
    if tag == "blockquote":
        yield from _walk_mixed(el, base_url, quote=True)
        return
    if tag == "table":
        yield from _table(el, base_url)
        return
    yield from _walk_mixed(el, base_url, quote)


def _walk_mixed(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Block]:
    """Children in order; loose inline content between block children becomes its own block."""
    run: list = []
    kind = "quote" if quote else "paragraph"

    def flush():
        if not run:
            return
        wrapper = lxml_html.Element("span")
        for item in run:
            if isinstance(item, str):
                if len(wrapper):
                    wrapper[-1].tail = (wrapper[-1].tail or "") + item
                else:
                    wrapper.text = (wrapper.text or "") + item
            else:
                clone = lxml_html.fromstring(
                    etree.tostring(item, encoding="unicode", with_tail=False)
                )
                wrapper.append(clone)
        run.clear()
        yield from _block(kind, wrapper, base_url)

    if el.text and el.text.strip():
        run.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            yield from flush()
            yield from _walk(child, base_url, quote)
        elif isinstance(child.tag, str):
            run.append(child)
        if child.tail and child.tail.strip() or child.tail and run:
            run.append(child.tail)
    yield from flush()


def _has_paragraphs(el: etree._Element) -> bool:
    return (
        any(True for _ in el.iter("p", "li", "h2", "h3", "blockquote"))
        and len(normalize_space(el.text_content())) > 400
    )


def _has_block_child(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iterdescendants())


def _block(
    kind: str, el: etree._Element, base_url: str | None, level: int | None = None
) -> Iterator[Block]:
    text, links = inline_text(el, base_url)
    if text.strip(" \u00a0\u200b"):
        yield Block(type=kind, text=text, links=links, level=level)


def _table(table: etree._Element, base_url: str | None) -> Iterator[Block]:
    for row in table.iter("tr"):
        cells = [
            inline_text(cell, base_url)
            for cell in row
            if isinstance(cell.tag, str) and cell.tag in ("td", "th")
        ]
        cells = [(t, links) for t, links in cells if t]
        if not cells:
            continue
        text, links = "", []
        for cell_text, cell_links in cells:
            if text:
                text += " | "
            for link in cell_links:
                links.append(Link(text=link.text, href=link.href, start=link.start + len(text)))
            text += cell_text
        yield Block(type="table", text=text, links=links)


# ---- filtering blocks -------------------------------------------------------------------------


def drop_chrome_blocks(blocks: list[Block], patterns: list[re.Pattern]) -> list[Block]:
    """Blocks that open with a chrome phrase (generic list plus the site's), age marks, link lists."""
    kept = []
    dropped_marks = False  # the last dropped block had asterisked names: its footnote goes with it
    for block in blocks:
        text = block.text.strip()
        if dropped_marks and FOOTNOTE_RE.match(text):
            continue
        dropped_marks = False
        tail = len(text) < 400 and CHROME_TAIL_RE.search(text)
        if (
            (CHROME_TEXT_RE.match(text) or tail)
            and block.type != "heading"
            or any(p.search(text) for p in patterns)
        ):
            dropped_marks = bool(ASTERISK_MARK_RE.search(text))
            continue
        if block.type == "heading" and (
            CHROME_TEXT_RE.match(text) or RELATED_HEADING_RE.match(text)
        ):
            continue
        if _link_list(block) or _social_promo(block):
            dropped_marks = dropped_marks or bool(ASTERISK_MARK_RE.search(text))
            continue
        kept.append(block)
    return kept


def _link_list(block: Block) -> bool:
    """A block that is all link (a teaser), unless it reads like a sentence of body text."""
    if not block.links:
        return False
    linked = sum(len(link.text) for link in block.links)
    density = linked / max(1, len(block.text))
    if density < 0.8:
        return False
    return block.type in ("list_item", "heading") or len(block.text) < 150


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


def drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text after it belonged to a dropped box."""
    while blocks and blocks[-1].type == "heading":
        blocks = blocks[:-1]
    return blocks


def dedupe(blocks: list[Block]) -> list[Block]:
    """Drop repeats of the same caption/paragraph (hidden modal copies, lead repeated)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for block in blocks:
        key = (block.type, block.text)
        if key in seen and len(block.text) > 20:
            continue
        seen.add(key)
        kept.append(block)
    return kept
