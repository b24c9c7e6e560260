"""The `Article` record that flows through every stage, and its parts.

fetch fills `url`/`html`, extract fills the metadata and `blocks`, labels moves legal labels
out of the body into `labels`/`notes` and marks inline ones as `Block.fixed` spans, translate
fills every `*_en` field, render and publish only read. `revised_at` is set when a scheduled
run re-translated the article because its source was edited; `credit` is the source's own
republication line (`attribution` in config.toml), closing the attribution block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_TYPES = ("paragraph", "heading", "quote", "list_item", "caption", "table")


@dataclass
class Link:
    """An anchor inside a block: `text` occurs in the block's text at `start`.

    In `Block.links_en`, `start` is None when the translated anchor could not be found in the
    translated text; render then shows the link as a numbered reference.
    """

    text: str
    href: str
    start: int | None = None


@dataclass
class Fixed:
    """A span of the source text `[start, end)` that must come out as `en`, word for word.

    Used for inline legal marks (rendered by template) and glossary terms; never sent to an
    engine.
    """

    start: int
    end: int
    en: str


@dataclass
class Block:
    """One unit of body text: a paragraph, heading, quote, list item, caption or table row.

    A caption carries its caption and photo credit as one text, and `image`, the picture it
    describes.
    """

    type: str
    text: str
    links: list[Link] = field(default_factory=list)
    fixed: list[Fixed] = field(default_factory=list)
    level: int | None = None
    text_en: str | None = None
    links_en: list[Link] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    image: str | None = None  # a caption's picture (absolute URL): a caption never floats alone


@dataclass
class Label:
    """A legally required status label, rendered from a fixed English template.

    `kind` is e.g. "foreign-agent" (2022 formula), "foreign-agent-media" (2017 formula),
    "undesirable", "extremist", "terrorist", "banned"; `placement` is "page" (leads the copy) or
    "inline" (stays where the name is). `in_sentence` marks an inline label the engine translated
    with its sentence (the mark was the sentence's predicate); the publish gate checks its English.
    """

    kind: str
    source_text: str
    text: str
    party: str | None = None
    party_en: str | None = None
    placement: str = "page"
    in_sentence: bool = False


@dataclass
class Note:
    """A footnote such as "* ... banned in Russia", kept only while its referent is in the copy."""

    kind: str
    source_text: str
    text: str
    referent: str | None = None


@dataclass
class Image:
    url: str
    caption: str | None = None
    caption_en: str | None = None


@dataclass
class Article:
    """Everything known about one article, source and English side by side."""

    url: str
    html: str = ""
    final_url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    outlet_en: str | None = None
    language: str = "ru"
    title: str = ""
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    lead: str | None = None
    image: Image | None = None
    blocks: list[Block] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title_en: str | None = None
    lead_en: str | None = None
    engine: str | None = None
    translated_at: str | None = None
    # tokens a language-model engine reported for this article (prompt, completion)
    tokens_in: int = 0
    tokens_out: int = 0
    revised_at: str | None = None
    credit: str | None = None
    fetched_at: str | None = None

    @property
    def source_url(self) -> str:
        """The address to credit: canonical if the page gave one, else where it was fetched."""
        return self.canonical_url or self.final_url or self.url
