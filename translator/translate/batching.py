"""Which segments go in which request.

`pack` fills as few requests as the engine's limit allows (engines without a view of the
article); `consecutive` cuts an article into consecutive parts at segment (paragraph)
boundaries, for the language models that translate a part at a time in article order.
"""

from __future__ import annotations

from collections.abc import Callable

Item = tuple[str, str]  # (memory key, text sent)
Fits = Callable[[list[str]], bool]

# How many of the latest requests a segment may still join in the in-order packing; bounds
# the `fits` calls per segment on long inputs (an MT test set of thousands of lines).
OPEN_REQUESTS = 8
# Up to this many segments (an article: usually tens) the longest-first packing is tried too.
DECREASING_UP_TO = 200


def pack(items: list[Item], fits: Fits) -> list[list[Item]]:
    """Items into as few requests as the engine's limit allows, each request in article
    order: first-fit in article order, or first-fit longest-first when that needs fewer
    (it fills requests tighter when a few long paragraphs leave gaps)."""
    packed = _first_fit(list(enumerate(items)), fits, OPEN_REQUESTS)
    if 1 < len(packed) and len(items) <= DECREASING_UP_TO:
        longest_first = sorted(enumerate(items), key=lambda pair: -len(pair[1][1]))
        tighter = _first_fit(longest_first, fits, None)
        if len(tighter) < len(packed):
            packed = tighter
    return [[item for _, item in sorted(batch, key=lambda pair: pair[0])] for batch in packed]


def consecutive(items: list[Item], fits: Fits) -> list[list[Item]]:
    """Items in article order cut into consecutive parts, each as long as fits."""
    parts: list[list[Item]] = []
    for item in items:
        if parts and fits([text for _, text in parts[-1]] + [item[1]]):
            parts[-1].append(item)
        else:
            parts.append([item])
    return parts


def _first_fit(
    numbered: list[tuple[int, Item]], fits: Fits, window: int | None
) -> list[list[tuple[int, Item]]]:
    """Each item into the first request (of the latest `window`, or all) it still fits in,
    checked with the request's items in article order, else into a new one."""
    batches: list[list[tuple[int, Item]]] = []
    for number, item in numbered:
        for batch in batches[-window:] if window else batches:
            candidate = sorted(batch + [(number, item)], key=lambda pair: pair[0])
            if fits([text for _, (_, text) in candidate]):
                batch.append((number, item))
                break
        else:
            batches.append([(number, item)])
    return batches
