"""Properties of the segment helpers: masking round-trips, cutting loses nothing, numbers,
packed segments split back exactly or not at all."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from translator.article import Fixed
from translator.errors import BadTranslation
from translator.translate.checks import numbers_match
from translator.translate.packing import join_segments, marker, packable, split_segments
from translator.translate.segment import (
    mask,
    normalise,
    placeholders,
    split_to_fit,
    unmask,
)

WORDS = st.sampled_from(
    [
        "Суд",
        "оштрафовал",
        "издание",
        "на",
        "500",
        "рублей.",
        "{1}",
        "Он",
        "сказал:",
        "«да».",
        "2024",
        "года",
        "—",
        "Москве",
        "\u00a0",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=60), st.data())
def test_mask_then_unmask_gives_the_fixed_text(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    spans = [Fixed(a, b, f"<{a}>") for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    masked = mask(text, spans)
    expected, pos = [], 0
    for f in spans:
        expected += [text[pos : f.start], f.en]
        pos = f.end
    expected.append(text[pos:])
    assert unmask(masked.text, masked.values) == "".join(expected)
    # one placeholder per value, each used once: text that looked like one was escaped
    assert sorted(placeholders(masked.text).elements()) == list(range(len(masked.values)))


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=200), st.integers(5, 80))
@example(["\u00a0", "\u00a0", "Суд"], 5)  # was cut to "С", "уд": padding counted as the word
@example(["Суд", "\u00a0", "на", "\u00a0"], 5)
@example(["\u00a0"], 5)
def test_split_to_fit_loses_nothing_and_every_piece_fits(words: list[str], limit: int) -> None:
    text = " ".join(words)
    pieces = split_to_fit(text, lambda t: len(t) <= limit)
    assert all(len(p) <= limit for p in pieces)
    assert all(p and p == p.strip() for p in pieces)
    # only whitespace between pieces may change (they are joined again with a space)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    if all(len(w) <= limit for w in text.split()):  # else a word had to be cut mid-way
        assert normalise(" ".join(pieces)) == normalise(text)


def test_split_prefers_sentence_ends() -> None:
    text = "Первое предложение здесь. Второе предложение тоже. Третье."
    assert split_to_fit(text, lambda t: len(t) <= 30) == [
        "Первое предложение здесь.",
        "Второе предложение тоже.",
        "Третье.",
    ]


def test_numbers_are_compared_across_conventions() -> None:
    assert numbers_match(
        "1,5 млн и 12 000 рублей в 2024 году", "1.5 million and 12,000 rubles in 2024"
    )
    assert numbers_match("3,50 доллара", "3.5 dollars")
    assert not numbers_match("5 человек", "6 people")
    assert not numbers_match("в 2024 году 15 человек", "in 2024 people")


SEGMENTS = st.lists(
    st.lists(WORDS, min_size=1, max_size=12).map(" ".join).filter(lambda t: t.strip()),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(SEGMENTS)
def test_packed_segments_split_back_exactly(segments: list[str]) -> None:
    joined = join_segments(segments)
    assert "\n" not in joined
    assert split_segments(joined, segments, "x") == [s.strip() for s in segments]


@settings(max_examples=200, deadline=None)
@given(SEGMENTS.filter(lambda s: len(s) > 1), st.data())
def test_a_lost_duplicated_or_swapped_marker_is_refused(
    segments: list[str], data: st.DataObject
) -> None:
    joined = join_segments(segments)
    n = data.draw(st.integers(1, len(segments) - 1))
    how = data.draw(st.sampled_from(["drop", "double", "swap", "renumber"]))
    if how == "drop":
        broken = joined.replace(marker(n), " ")
    elif how == "double":
        broken = joined.replace(marker(n), marker(n) + marker(n).strip() + " ")
    elif how == "renumber":
        broken = joined.replace(marker(n), marker(n + len(segments)))
    else:
        if len(segments) < 3:
            return
        m = n % (len(segments) - 1) + 1
        broken = (
            joined.replace(marker(n), "\0").replace(marker(m), marker(n)).replace("\0", marker(m))
        )
    with pytest.raises(BadTranslation):
        split_segments(broken, segments, "x")


def test_punctuation_moved_across_a_marker_is_refused() -> None:
    segments = ["Суд оштрафовал издание.", "«Мы обжалуем», — сказал редактор.", "Дело"]
    sent = join_segments(segments)
    assert split_segments(sent, segments, "x") == segments
    with pytest.raises(BadTranslation, match="punctuation"):
        split_segments(
            "The court fined the outlet [[1]] . «We will appeal,» said the editor. [[2]] Case",
            segments,
            "x",
        )
    with pytest.raises(BadTranslation, match="punctuation"):
        split_segments(
            "The court fined the outlet. « [[1]] We will appeal,» the editor said. [[2]] Case",
            segments,
            "x",
        )


def test_a_marker_in_a_lone_segments_answer_is_refused_unless_it_was_sent() -> None:
    with pytest.raises(BadTranslation, match="not sent"):
        split_segments("Court [[3]]", ["Суд"], "x")
    assert split_segments("See note [[1]]", ["См. сноску [[1]]"], "x") == ["See note [[1]]"]
    assert not packable("сноска [ [2] ]") and packable("ссылка [1] и {0}")


def test_packing_takes_the_longest_first_when_that_needs_fewer_requests() -> None:
    from translator.translate.batching import pack as _pack

    items = [(t, t) for t in ["aaaaaa", "bbbbb", "cccc", "ddddd"]]
    fits = lambda texts: sum(map(len, texts)) <= 10
    # in article order: [a] [b c] and d fits in neither; longest first: [a c] [b d]
    assert _pack(items, fits) == [[items[0], items[2]], [items[1], items[3]]]
    # when article order packs as tightly, it is kept
    assert _pack(items[1:], fits) == [[items[1], items[2]], [items[3]]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 10), min_size=1, max_size=40), st.integers(10, 30))
def test_packing_loses_nothing_and_every_request_fits(sizes: list[int], limit: int) -> None:
    from translator.translate.batching import pack as _pack

    items = [(f"k{i}", "x" * n) for i, n in enumerate(sizes)]
    fits = lambda texts: sum(map(len, texts)) <= limit
    batches = _pack(items, fits)
    assert sorted(i for b in batches for i in b) == sorted(items)
    assert all(fits([t for _, t in b]) for b in batches)
    assert all(b == sorted(b, key=items.index) for b in batches)
    assert len(batches) <= 2 * -(-sum(sizes) // limit)  # first-fit is within 2x the bound
