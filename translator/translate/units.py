"""The texts of an article as the engine sees them: masked, cut into lines and pieces.

A `Unit` is one text to translate (headline, lead, caption, block, anchor): its fixed spans
masked with placeholders, each line cut (only when over the engine's limit) into pieces.
`translate_units` fills every unit's English through a `Session`; a line whose placeholders
came back wrong is redone as the pieces between its placeholders.
"""

from __future__ import annotations

from collections.abc import Callable

from translator.article import Fixed
from translator.errors import BadTranslation
from translator.translate.segment import (
    Masked,
    mask,
    needs_translation,
    normalise,
    placeholders,
    split_at_placeholders,
    split_to_fit,
    unmask,
)
from translator.translate.session import Session


class Unit:
    """One text to translate (block, title, lead, caption or anchor), masked and cut up."""

    def __init__(self, text: str, fixed: list[Fixed], fits_one: Callable[[str], bool]):
        self.text = text
        self.masked: Masked = mask(text, fixed)
        self.lines: list[tuple[str, list[str], str]] = []
        for line in self.masked.text.split("\n"):
            core = line.strip()
            lead, trail = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()) :]
            pieces = split_to_fit(core, fits_one) if needs_translation(core) else []
            self.lines.append((lead, pieces, trail if core else ""))
        self.masked_en: str | None = None

    def pieces(self) -> list[str]:
        return [p for _, pieces, _ in self.lines for p in pieces]

    def keep(self) -> dict[str, dict[str, str]]:
        """piece key -> what each of its placeholders stands for."""
        values = self.masked.values
        return {
            normalise(p): {
                f"{{{i}}}": values[i] for i in sorted(placeholders(p)) if i < len(values)
            }
            for p in self.pieces()
            if placeholders(p)
        }

    @property
    def english(self) -> str:
        return unmask(self.masked_en or "", self.masked.values)


def translate_units(units: list[Unit], session: Session) -> None:
    """Fill `masked_en` of every unit; lines whose placeholders got lost are redone in pieces."""
    keep = {key: values for u in units for key, values in u.keep().items()}
    results, invalid = session.translate([p for u in units for p in u.pieces()], keep)
    redo = [
        (unit, i)
        for unit in units
        for i, (_, pieces, _) in enumerate(unit.lines)
        if any(normalise(p) in invalid for p in pieces)
    ]
    chunks: dict[str, str] = {}
    if redo:
        texts = [
            c.strip()
            for unit, i in redo
            for p in unit.lines[i][1]
            for c in split_at_placeholders(p)
            if needs_translation(c)
        ]
        chunks, bad = session.translate(texts)
        if bad:
            raise BadTranslation("the engine changed text that holds no placeholder")
    redo_set = {(id(u), i) for u, i in redo}
    for unit in units:
        unit.masked_en = "\n".join(
            _line_en(unit, i, (id(unit), i) in redo_set, results, chunks)
            for i in range(len(unit.lines))
        )


def _line_en(
    unit: Unit, i: int, redone: bool, results: dict[str, str], chunks: dict[str, str]
) -> str:
    lead, pieces, trail = unit.lines[i]
    if not pieces:
        return unit.masked.text.split("\n")[i]
    if redone:
        parts = [_chunk_en(c, chunks) for p in pieces for c in split_at_placeholders(p)]
        return lead + "".join(parts) + trail
    return lead + " ".join(results[normalise(p)] for p in pieces) + trail


def _chunk_en(chunk: str, chunks: dict[str, str]) -> str:
    if not needs_translation(chunk):
        return chunk
    lead = chunk[: len(chunk) - len(chunk.lstrip())]
    trail = chunk[len(chunk.rstrip()) :]
    return lead + chunks[normalise(chunk)] + trail
