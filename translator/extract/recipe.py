"""A recipe's ingredients and method, set in boxes of their own beside the story's text.

A recipe page (a lifestyle section's "how to bake it") sets the writer's introduction in the
story's box and the recipe card, its ingredients list and numbered steps, in boxes beside it.
The card has list items and short lines where the scoring looks for paragraphs, so it never
wins a place in the body; yet it is what the page is for. Where the page declares itself a
Recipe (schema.org, in JSON-LD or microdata), the boxes its class, id or itemprop names a
recipe's part join the body, when they belong to the same story as the body's containers.
"""

from __future__ import annotations

import re

from lxml import etree

from translator.extract.metadata import json_ld
from translator.extract.tree import attr_text, in_document_order, link_density, outermost

# What names a recipe's part: "mntl-structured-ingredients", "wprm-recipe-instructions",
# "recipe__steps", itemprop="recipeIngredient".
RECIPE_PART_ATTR = re.compile(
    r"(^|[-_ ])(ingredients?|instructions|directions|steps|method|preparation)($|[-_ ])",
    re.IGNORECASE,
)
RECIPE_ITEMPROPS = frozenset({"recipeingredient", "ingredients", "recipeinstructions"})
# Cheap first look (C-side): no element whose name may be a part's, no recipe.
_MAY_BE_PART = etree.XPath(
    "//*[@itemprop or contains(@class, 'ngredient') or contains(@class, 'nstruction') or "
    "contains(@class, 'irection') or contains(@class, 'step') or contains(@class, 'ethod') or "
    "contains(@class, 'reparation') or contains(@id, 'ngredient') or contains(@id, 'nstruction')]"
)
_MICRODATA_RECIPE = etree.XPath("//*[@itemtype][contains(@itemtype, 'schema.org/Recipe')]")
# A part belongs to the story where it shares an ancestor with the body's first container this
# many levels up at most, short of <body> (a sidebar's "recipe of the day" shares only that).
STORY_LEVELS = 6
# A box mostly links is a list of other recipes, not this one's part.
MAX_PART_LINK_DENSITY = 0.5


def declared_in(html: str) -> bool:
    """`html` may declare a Recipe (a JSON-LD type, a microdata item): the cheap look at the
    markup's text before `is_recipe` ("Recipes" in a menu is none)."""
    return "Recipe" in html and ('"Recipe"' in html or "schema.org/Recipe" in html)


def is_recipe(root: etree._Element) -> bool:
    """The page, as it came (its scripts still there), declares a Recipe and names its parts."""
    return any(_names_part(el) for el in _MAY_BE_PART(root)) and _declares_recipe(root)


def with_recipe(root: etree._Element, containers: list[etree._Element]) -> list[etree._Element]:
    """`containers` and the recipe's parts set beside them in the same story, in document
    order: for a page that `is_recipe`."""
    parts = [el for el in _MAY_BE_PART(root) if _names_part(el)]
    if not containers or not parts:
        return containers
    around = _story_ancestors(containers[0])
    added = [
        el
        for el in outermost(parts)
        if not any(_holds(c, el) or _holds(el, c) for c in containers)
        and any(a in around for a in el.iterancestors())
        and el.text_content().strip()
        and link_density(el) <= MAX_PART_LINK_DENSITY
    ]
    if not added:
        return containers
    return in_document_order(outermost([*containers, *added]))


def _names_part(el: etree._Element) -> bool:
    if (el.get("itemprop") or "").lower() in RECIPE_ITEMPROPS:
        return True
    return RECIPE_PART_ATTR.search(attr_text(el)) is not None


def _declares_recipe(root: etree._Element) -> bool:
    for item in json_ld(root):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "Recipe" in kinds:
            return True
    return bool(_MICRODATA_RECIPE(root))


def _story_ancestors(el: etree._Element) -> set[etree._Element]:
    around = set()
    for level, ancestor in enumerate(el.iterancestors()):
        if level >= STORY_LEVELS or ancestor.tag in ("body", "html"):
            break
        around.add(ancestor)
    return around


def _holds(box: etree._Element, el: etree._Element) -> bool:
    return el is box or any(a is box for a in el.iterancestors())
