"""A recipe's card (ingredients, steps) set beside the story's text joins the body on a page
that declares a Recipe, and only in the story's own part of the page."""

from __future__ import annotations

import pytest

from translator.article import Article
from translator.extract import extract

INTRO = [
    (
        "Этот пирог с яблоками и корицей пекла еще моя бабушка, и за тридцать лет рецепт почти не"
        " изменился, разве что сахара стало меньше."
    ),
    (
        "Главное в нем тесто: его замешивают на холодном масле, и тогда корж выходит рассыпчатым, а"
        " яблоки не дают ему размокнуть."
    ),
    (
        "Яблоки лучше брать кислые, антоновку или семеренко, а корицу добавлять в самом конце, чтобы"
        " она не горчила при выпекании."
    ),
]
INGREDIENTS = [
    "200 г муки",
    "120 г холодного сливочного масла",
    "4 кислых яблока",
    "1 ч. л. корицы",
]
STEPS = [
    "Порубите масло с мукой в крошку, добавьте ложку ледяной воды и соберите тесто в шар.",
    "Раскатайте тесто, выложите в форму, сверху разложите дольки яблок и посыпьте корицей.",
    "Выпекайте сорок минут при 180 градусах, пока края не зарумянятся.",
]
RECIPE_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Recipe",'
    ' "name": "Яблочный пирог"}</script>'
)


def _card(ingredients: str = "recipe-ingredients", steps: str = "recipe__steps") -> str:
    items = "".join(f"<li>{line}</li>" for line in INGREDIENTS)
    done = "".join(f"<li><p>{line}</p></li>" for line in STEPS)
    return (
        f"<div class='{ingredients}'><h2>Ингредиенты</h2><ul>{items}</ul></div>"
        f"<div class='{steps}'><h2>Приготовление</h2><ol>{done}</ol></div>"
    )


def _recipe_page(head: str, card: str, aside: str = "", item: str = "", after: str = "") -> Article:
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    html = (
        f"<html><head><title>Яблочный пирог бабушки</title>{head}</head><body>"
        "<nav><a href='/'>Главная</a> <a href='/recipes'>Рецепты</a></nav>"
        f"<main><article{item}><h1>Яблочный пирог бабушки</h1><div class='content'>"
        f"<div class='intro'><div class='intro__text'>{intro}</div></div>{card}</div>"
        f"</article>{after}</main>{aside}</body></html>"
    )
    return extract(Article(url="https://food.example/2024/10/pie.html", html=html))


MICRODATA_CARD = (
    "".join(f"<span itemprop='recipeIngredient'>{i}</span><br>" for i in INGREDIENTS)
    + "<div itemprop='recipeInstructions'>"
    + "".join(f"<p>{s}</p>" for s in STEPS)
    + "</div>"
)
MICRODATA_ITEM = " itemscope itemtype='https://schema.org/Recipe'"


def _texts(article: Article) -> list[str]:
    return [b.text for b in article.blocks]


@pytest.mark.parametrize(
    ("head", "card", "item"),
    [
        pytest.param(RECIPE_LD, _card(), "", id="json-ld"),
        pytest.param(
            RECIPE_LD,
            _card("mntl-structured-ingredients", "wprm-recipe-instructions"),
            "",
            id="names",
        ),
        pytest.param("", MICRODATA_CARD, MICRODATA_ITEM, id="microdata"),
    ],
)
def test_a_recipe_card_beside_the_story_is_the_story(head: str, card: str, item: str) -> None:
    texts = _texts(_recipe_page(head, card, item=item))
    assert texts[: len(INTRO)] == INTRO
    assert all(any(line in text for text in texts) for line in [*INGREDIENTS, *STEPS])


def test_a_card_named_so_on_a_page_that_declares_no_recipe_is_left_alone() -> None:
    texts = _texts(_recipe_page("", _card()))
    assert texts == INTRO


def test_a_recipe_box_outside_the_story_stays_out() -> None:
    # a sidebar's "recipe of the day" under <body>, beside the story's <main>
    aside = (
        "<div class='rail'><div class='recipe-of-the-day'>"
        + _card("daily-ingredients", "daily-steps")
        + "</div></div>"
    )
    texts = _texts(_recipe_page(RECIPE_LD, "", aside))
    assert texts == INTRO


def test_a_sidebars_recipe_of_the_day_on_a_news_page_stays_out() -> None:
    # its own microdata item declares it; the story is no recipe
    widget = f"<div class='recipe-of-day'{MICRODATA_ITEM}><b itemprop='name'>Окрошка</b>"
    aside = f"<div class='col-right'>{widget}{MICRODATA_CARD}</div></div>"
    texts = _texts(_recipe_page("", "", after=aside))
    assert texts == INTRO


def test_the_next_stacked_storys_recipe_card_is_not_this_storys() -> None:
    nxt = "<article><h1>Квас за три дня</h1>" + _card() + "</article>"
    texts = _texts(_recipe_page(RECIPE_LD, "", after=nxt))
    assert texts == INTRO


@pytest.mark.parametrize(
    "name",
    [
        # a shop's widget, a button bar's hint, a slideshow of the steps, other recipes
        "shop-ingredients",
        "save-recipe-steps",
        "steps-carousel",
        "ingredient-recipes",
        # a method named without the recipe: a restaurant's driving directions, a contest's
        # rules, a shop's payment box, a pitch
        "map-directions",
        "entry-instructions",
        "payment-method",
        "next-steps",
    ],
)
def test_a_box_about_the_recipe_or_naming_a_method_without_it_is_not_its_part(name: str) -> None:
    box = (
        f"<div class='{name}'><p>Закажите продукты для этого рецепта с доставкой за час.</p></div>"
    )
    texts = _texts(_recipe_page(RECIPE_LD, _card() + box))
    assert "Закажите продукты для этого рецепта с доставкой за час." not in texts


def test_a_recipe_declared_beside_a_news_story_under_another_name_is_not_the_pages() -> None:
    # the sidebar's "recipe of the week" in the page's JSON-LD, with its card in the column
    other = RECIPE_LD.replace("Яблочный пирог", "Рецепт недели: окрошка")
    aside = f"<div class='col-right'>{_card()}</div>"
    texts = _texts(_recipe_page(other, "", after=aside))
    assert texts == INTRO


@pytest.mark.parametrize(
    "around", ["next-up", "printable-version", "teaser", "ingredients-delivery", "spotlight"]
)
def test_a_part_in_a_box_named_for_another_is_not_this_recipes(around: str) -> None:
    # the next recipe's teaser, a printable copy of the card: its ingredients are not joined
    other = "<div class='ingredients'><ul><li>Мука — 500 г, дрожжи — 10 г, вода — 300 мл</li></ul></div>"
    texts = _texts(_recipe_page(RECIPE_LD, _card() + f"<div class='{around}'>{other}</div>"))
    assert "Мука — 500 г, дрожжи — 10 г, вода — 300 мл" not in texts


def test_the_next_post_an_endless_scroll_loaded_keeps_its_recipe_card() -> None:
    # Jetpack's next post: its headline an h2.entry-title, not an <h1>
    nxt = (
        "<div class='infinite-wrap'><h2 class='entry-title'>Квас за три дня</h2>"
        + _card()
        + "</div>"
    )
    texts = _texts(_recipe_page(RECIPE_LD, "", after=nxt))
    assert texts == INTRO


def test_a_recipe_sharing_one_word_with_the_headline_is_not_the_pages() -> None:
    # "Яблочный штрудель" beside "Яблочный пирог бабушки": the season's word, not the dish
    other = RECIPE_LD.replace("Яблочный пирог", "Яблочный штрудель")
    texts = _texts(_recipe_page(other, "", after=f"<div class='col-side'>{_card()}</div>"))
    assert texts == INTRO


def test_a_recipe_sharing_generic_words_with_the_headline_is_not_the_pages() -> None:
    # a sidebar's "Easy Weeknight Soup" beside "Easy Weeknight Pasta": two words of three
    other = RECIPE_LD.replace("Яблочный пирог", "Пирог бабушки с капустой")
    texts = _texts(_recipe_page(other, "", after=f"<div class='col-side'>{_card()}</div>"))
    assert texts == INTRO


def test_a_column_of_ingredients_set_before_the_storys_text_costs_it_no_lead_picture() -> None:
    # the card's column first in the markup: joining it would open the body above the picture
    intro = "".join(f"<p>{p}</p>" for p in INTRO)
    html = (
        f"<html><head><title>Яблочный пирог бабушки</title>{RECIPE_LD}</head><body><main>"
        "<article><h1>Яблочный пирог бабушки</h1><div class='cols'>"
        "<div class='recipe-ingredients'><ul><li>200 г муки</li></ul></div><div class='main-col'>"
        "<figure><img src='/pie.jpg'><figcaption>Пирог из антоновки</figcaption></figure>"
        f"<div class='text'>{intro}</div></div></div></article></main></body></html>"
    )
    article = extract(Article(url="https://food.example/2024/10/pie.html", html=html))
    assert [b.text for b in article.blocks][:2] == ["Пирог из антоновки", INTRO[0]]
