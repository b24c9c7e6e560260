"""Several segments in one string, for engines that take one string a request.

`join_segments` puts a numbered boundary marker between consecutive segments; `split_segments`
cuts the answer back at the markers and refuses (BadTranslation) unless it holds exactly the
markers sent, in order, each once, with no piece empty. The caller then sends smaller
requests: a guessed split could put one paragraph's English under another.
"""

from __future__ import annotations

import re
from collections import Counter

from translator.errors import BadTranslation
from translator.translate.checks import numbers, shape_fault

# Why `[[N]]`: engines copy bracketed digits verbatim (they read as citation or footnote marks,
# and digits have nothing to translate into); it is plain ASCII, so the boundary needs no
# newline (deep-translator reads Google's page with get_text(strip=True), which loses them)
# and costs 15 URL bytes ("+%5B%5B1%5D%5D+"); the doubled square brackets keep it apart from
# the `{N}` placeholders of fixed spans and from the single "[1]" citations of news text.
# Engines may add or drop spaces around and inside it, so the pattern allows any.
MARKER_RE = re.compile(r"\s*\[\s*\[\s*(\d{1,4})\s*\]\s*\]\s*")


def marker(number: int) -> str:
    """The boundary before segment `number` (1-based: the first segment has none)."""
    return f" [[{number}]] "


def packable(segment: str) -> bool:
    """Whether `segment` may share a request: text that looks like a marker goes alone."""
    return MARKER_RE.search(segment) is None


def join_segments(segments: list[str]) -> str:
    """The one string sent for these segments (a single segment is sent as it is)."""
    if len(segments) == 1:
        return segments[0].strip()
    return "".join((marker(i) if i else "") + text.strip() for i, text in enumerate(segments))


def split_segments(answer: str, segments: list[str], engine: str) -> list[str]:
    """The answer to `join_segments(segments)`, one translation per segment.

    Raises BadTranslation when the markers are not exactly 1..count-1 in order, a piece is
    empty or starts with a closing mark (ends with an opening one) its source did not, so
    nothing is ever assigned to the wrong segment and no marker reaches the output
    (a lone segment's answer may hold marker-like text only if the segment did).
    """
    count = len(segments)
    if count == 1:
        if packable(segments[0]) and not packable(answer):
            raise BadTranslation(f"{engine}: the answer holds a boundary marker that was not sent")
        return [answer.strip()]
    found = list(MARKER_RE.finditer(answer))
    numbers = [int(m.group(1)) for m in found]
    if numbers != list(range(1, count)):
        shown = ", ".join(map(str, numbers[:12])) + (", ..." if len(numbers) > 12 else "")
        raise BadTranslation(
            f"{engine}: sent {count} segments with markers 1..{count - 1}, "
            f"the answer holds [{shown}]"
        )
    pieces, pos = [], 0
    for match in found:
        pieces.append(answer[pos : match.start()].strip())
        pos = match.end()
    pieces.append(answer[pos:].strip())
    if not all(pieces):
        raise BadTranslation(f"{engine}: segment {pieces.index('') + 1} of {count} came back empty")
    for number, (source, piece) in enumerate(zip(segments, pieces), 1):
        if _slipped(source.strip(), piece):
            raise BadTranslation(
                f"{engine}: punctuation moved across the boundary of segment {number} of {count}"
            )
    moved = words_moved(segments, pieces)
    if moved:
        raise BadTranslation(f"{engine}: text moved across the boundary of segment {moved}")
    return pieces


# Closing marks cannot start a segment, nor opening ones end it, unless the source did so:
# an engine that put a sentence's final stop or quote on the far side of a marker would
# otherwise leave it with the wrong segment.
_CLOSING = ".,;:!?)]}»”’…"
_OPENING = "([{«“„‘"


def _slipped(source: str, piece: str) -> bool:
    if piece[0] in _CLOSING and not source.startswith(piece[0]):
        return True
    return piece[-1] in _OPENING and not source.endswith(piece[-1])


def words_moved(sources: list[str], pieces: list[str]) -> int:
    """The 1-based number of the first segment whose answer shows text moved across one of
    its boundaries, else 0: a segment not shaped like its source (`checks.shape_fault`), or,
    when the answer holds the source's numbers, a segment without its own."""
    keep_numbers = sum((numbers(s) for s in sources), Counter()) == sum(
        (numbers(p) for p in pieces), Counter()
    )
    for number, (source, piece) in enumerate(zip(sources, pieces), 1):
        if shape_fault(source, piece) or (keep_numbers and numbers(source) != numbers(piece)):
            return number
    return 0
