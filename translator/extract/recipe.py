"""A recipe's ingredients and method, set in boxes of their own beside the story's text.

A recipe page (a lifestyle section's "how to bake it") sets the writer's introduction in the
story's box and the recipe card, its ingredients list and numbered steps, in boxes beside it.
The card has list items and short lines where the scoring looks for paragraphs, so it never
wins a place in the body; yet it is what the page is for. Where the page declares itself a
Recipe (schema.org: a JSON-LD item named as its headline, or a microdata item holding the
story's text), the boxes its class, id or itemprop names a recipe's part join the body, when
they belong to the same story as the body's containers.
"""

from __future__ import annotations

import re

from lxml import etree

from translator.extract.body import document_place
from translator.extract.metadata import json_ld, named_headline, page_title
from translator.extract.tree import (
    attr_text,
    holds,
    in_document_order,
    link_density,
    normalize_space,
    outermost,
)

# What names a recipe's part: its ingredients ("mntl-structured-ingredients"), or its method
# named with the recipe ("wprm-recipe-instructions", "recipe__steps"; a "map-directions" box,
# "entry-instructions", a "payment-method" are a restaurant's, a contest's, a shop's), or
# itemprop="recipeIngredient".
INGREDIENTS_ATTR = re.compile(r"(^|[-_ ])ingredients?($|[-_ ])", re.IGNORECASE)
METHOD_ATTR = re.compile(
    r"(^|[-_ ])(instructions|directions|steps|method|preparation)($|[-_ ])", re.IGNORECASE
)
RECIPE_ATTR = re.compile(r"(^|[-_ ])recipe($|[-_ ])", re.IGNORECASE)
RECIPE_ITEMPROPS = frozenset({"recipeingredient", "ingredients", "recipeinstructions"})
# ... and what names another box about them, the part or a box around it: a shop's or a
# delivery's, a button bar's, a slideshow's, a printable copy's, a promotion's, other recipes'
# ("shop-ingredients", "ingredients-delivery", "save-recipe-steps", "steps-carousel",
# "printable-version", "ingredient-spotlight", "next-up", "infinite-wrap", "ingredient-recipes").
NOT_PART_ATTR = re.compile(
    r"(^|[-_ ])(shop|buy|order|delivery|save|print|printable|jump|share|rate|rating|reviews?|"
    r"related|more|other|similar|next|up-?next|infinite|teasers?|promo|sponsored|spotlight|"
    r"carousel|slider|slides?|gallery|recipes|nav|toc)($|[-_ ])",
    re.IGNORECASE,
)
# Cheap first look (C-side): no element whose name may be a part's, no recipe.
_MAY_BE_PART = etree.XPath(
    "//*[@itemprop or contains(@class, 'ngredient') or contains(@class, 'nstruction') or "
    "contains(@class, 'irection') or contains(@class, 'step') or contains(@class, 'ethod') or "
    "contains(@class, 'reparation') or contains(@id, 'ngredient') or contains(@id, 'nstruction')]"
)
# The microdata Recipe item a part is set in, if any.
_IN_MICRODATA_RECIPE = etree.XPath(
    "ancestor-or-self::*[@itemtype][contains(@itemtype, 'schema.org/Recipe')]"
)
# A part belongs to the story where it shares an ancestor with the body's first container this
# many levels up at most, short of <body> (a sidebar's "recipe of the day" shares only that).
STORY_LEVELS = 6
# A box this much links is a list of other recipes ("ingredient-recipes"), not this one's part.
MAX_PART_LINK_DENSITY = 0.2


def declared_in(html: str) -> bool:
    """`html` may declare a Recipe (a JSON-LD type, a microdata item): the cheap look at the
    markup's text before `declaration` ("Recipes" in a menu is none)."""
    return "Recipe" in html and ('"Recipe"' in html or "schema.org/Recipe" in html)


def declaration(root: etree._Element) -> str | None:
    """How the page, as it came (its scripts still there), declares itself a recipe whose
    parts it names: "json-ld" (a Recipe item named as the page's headline is, the page's
    own), "microdata" (a Recipe item set in the page, which may be a sidebar's "recipe of the
    day"), or None."""
    parts = [el for el in _MAY_BE_PART(root) if _names_part(el)]
    if not parts:
        return None
    if _declared_in_json_ld(root):
        return "json-ld"
    return "microdata" if any(_IN_MICRODATA_RECIPE(el) for el in parts) else None


def with_recipe(
    root: etree._Element,
    containers: list[etree._Element],
    headline: etree._Element | None,
    declared: str,
) -> list[etree._Element]:
    """`containers` and the recipe's parts set after the first of them in the same story, in
    document order, on a page `declared` a recipe (`declaration`). A part in a branch that
    holds a headline other than the page's `headline` is the next story's, stacked after this
    one; by microdata, a part counts only in a Recipe item that holds the story's text. (A
    column of ingredients set before the story's text would open the body above its lead
    picture, which then goes.)"""
    parts = [el for el in _MAY_BE_PART(root) if _names_part(el)]
    if not containers or not parts:
        return containers
    if declared == "microdata":
        parts = [el for el in parts if _in_the_storys_item(el, containers[0])]
    around = _story_ancestors(containers[0])
    begins = document_place(containers[0])
    added = [
        el
        for el in outermost(parts)
        if not any(holds(c, el) or holds(el, c) for c in containers)
        and document_place(el) > begins
        and (branch := _branch_under(el, around)) is not None
        and not _another_headline(branch, headline)
        and not _named_otherwise(el, branch)
        and el.text_content().strip()
        and link_density(el) <= MAX_PART_LINK_DENSITY
    ]
    if not added:
        return containers
    return in_document_order(outermost([*containers, *added]))


def _names_part(el: etree._Element) -> bool:
    if (el.get("itemprop") or "").lower() in RECIPE_ITEMPROPS:
        return True
    names = attr_text(el)
    if NOT_PART_ATTR.search(names) is not None:
        return False
    return INGREDIENTS_ATTR.search(names) is not None or (
        METHOD_ATTR.search(names) is not None and RECIPE_ATTR.search(names) is not None
    )


def _declared_in_json_ld(root: etree._Element) -> bool:
    """A JSON-LD Recipe named as the page's headline is (a sidebar's "recipe of the week"
    declared beside a news story's NewsArticle is another dish)."""
    headlines = [normalize_space(h.text_content()) for h in root.iter("h1")]
    headlines.append(page_title(root))
    for item in json_ld(root):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "Recipe" in kinds and any(_names(item.get("name"), h) for h in headlines):
            return True
    return False


# A Recipe's name names the page's headline where this share of its words, and two of them at
# least (all of a one-word name), are the headline's: "Strawberry Shortcake" beside a story on
# the strawberry harvest shares one word, the season's, not the dish; a sidebar's "Easy
# Weeknight Soup" shares two of three with "Easy Weeknight Pasta", not the dish either.
NAME_WORDS_SHARE = 0.75
NAME_MIN_WORDS = 2
_WORD = re.compile(r"[^\W\d_]{3,}")


def _names(name: object, headline: str) -> bool:
    if not isinstance(name, str):
        return False
    words = {w.lower() for w in _WORD.findall(name)}
    shown = {w.lower() for w in _WORD.findall(headline)}
    needed = min(len(words), max(NAME_MIN_WORDS, NAME_WORDS_SHARE * len(words)))
    return bool(words) and len(words & shown) >= needed


def _in_the_storys_item(el: etree._Element, container: etree._Element) -> bool:
    return any(holds(item, container) for item in _IN_MICRODATA_RECIPE(el))


def _another_headline(branch: etree._Element, headline: etree._Element | None) -> bool:
    """`branch` holds a headline other than the page's: an <h1>, or a line its class names a
    headline (the next post an endless scroll loaded, under its h2.entry-title)."""
    return any(
        el is not headline and (el.tag == "h1" or named_headline(el))
        for el in branch.iter()
        if isinstance(el.tag, str)
    )


def _named_otherwise(el: etree._Element, branch: etree._Element) -> bool:
    """A box around the part `el`, up to the top of its `branch`, names it another box's."""
    if el is branch:
        return False
    for ancestor in el.iterancestors():
        if NOT_PART_ATTR.search(attr_text(ancestor)) is not None:
            return True
        if ancestor is branch:
            return False
    return False


def _branch_under(el: etree._Element, around: set[etree._Element]) -> etree._Element | None:
    """The branch holding `el` under the first of its ancestors in `around`, or None."""
    branch = el
    for ancestor in el.iterancestors():
        if ancestor in around:
            return branch
        branch = ancestor
    return None


def _story_ancestors(el: etree._Element) -> set[etree._Element]:
    around = set()
    for level, ancestor in enumerate(el.iterancestors()):
        if level >= STORY_LEVELS or ancestor.tag in ("body", "html"):
            break
        around.add(ancestor)
    return around
