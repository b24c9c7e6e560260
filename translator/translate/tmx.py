"""`translator memory export`: the translation memory as a TMX 1.4 file other CAT tools read.

The entries are streamed from the store as they are written, so an export of millions of
segments holds one page of them in memory at a time."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from translator import __version__
from translator.output.publish import write_atomic
from translator.store import Cache, MemoryEntry

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    """Escaped for XML, minus the characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", value))


def _tmx_date(iso: str) -> str:
    """2026-02-15T01:58:00+00:00 -> 20260215T015800Z (TMX's UTC date format)."""
    return iso[:19].replace("-", "").replace(":", "") + "Z"


def _unit(entry: MemoryEntry) -> str:
    return (
        f"    <tu creationdate={quoteattr(_tmx_date(entry.created_at))}>\n"
        f'      <prop type="x-engine">{_text(entry.engine)}</prop>\n'
        f"      <tuv xml:lang={quoteattr(entry.source_lang)}>"
        f"<seg>{_text(entry.source_text)}</seg></tuv>\n"
        f"      <tuv xml:lang={quoteattr(entry.target_lang)}>"
        f"<seg>{_text(entry.target_text)}</seg></tuv>\n"
        "    </tu>\n"
    )


def tmx_chunks(cache: Cache, counted: list[int]) -> Iterator[str]:
    """The TMX document in pieces; `counted[0]` ends as the number of units written."""
    entries = cache.memory_entries()
    first = next(entries, None)
    source = first.source_lang if first else "ru"
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    yield (
        f'  <header creationtool="translator" creationtoolversion={quoteattr(__version__)} '
        f'segtype="paragraph" o-tmf="translator-sqlite" adminlang="en" '
        f'srclang={quoteattr(source)} datatype="plaintext"/>\n  <body>\n'
    )
    if first is not None:
        for entry in itertools.chain([first], entries):
            counted[0] += 1
            yield _unit(entry)
    yield "  </body>\n</tmx>\n"


def export_tmx(cache: Cache, path_or_file: str | Path | IO[str] | IO[bytes]) -> int:
    """Write every memory entry as a <tu> to a path (atomically) or an open text or binary
    file; return how many were written."""
    counted = [0]
    if isinstance(path_or_file, (str, Path)):
        write_atomic(Path(path_or_file), tmx_chunks(cache, counted))
        return counted[0]
    if isinstance(path_or_file, (io.RawIOBase, io.BufferedIOBase)):
        text = io.TextIOWrapper(path_or_file, encoding="utf-8", write_through=True)
        try:
            return export_tmx(cache, text)
        finally:
            text.detach()  # the caller still owns the binary file
    out: IO[str] = path_or_file  # type: ignore[assignment]
    for chunk in tmx_chunks(cache, counted):
        out.write(chunk)
    return counted[0]
