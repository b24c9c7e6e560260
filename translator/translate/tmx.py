"""`translator memory export`: the translation memory as a TMX 1.4 file other CAT tools read."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import IO, cast
from xml.sax.saxutils import escape, quoteattr

from translator import __version__
from translator.output.publish import write_atomic
from translator.store import Cache

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    """Escaped for XML, minus the control characters XML 1.0 cannot hold."""
    return escape(_NOT_XML.sub("", value))


def _tmx_date(iso: str) -> str:
    """2026-02-15T01:58:00+00:00 -> 20260215T015800Z (TMX's UTC date format)."""
    return iso[:19].replace("-", "").replace(":", "") + "Z"


def export_tmx(cache: Cache, path_or_file: str | Path | IO[str] | IO[bytes]) -> int:
    """Write every memory entry as a <tu> to a path or an open text or binary file; return
    how many were written."""
    if isinstance(path_or_file, (str, Path)):
        handle = io.StringIO()
        count = export_tmx(cache, handle)
        write_atomic(Path(path_or_file), handle.getvalue())
        return count
    if isinstance(path_or_file, (io.RawIOBase, io.BufferedIOBase)):
        text = io.TextIOWrapper(path_or_file, encoding="utf-8", write_through=True)
        try:
            return export_tmx(cache, text)
        finally:
            text.detach()  # the caller still owns the binary file
    out = cast(IO[str], path_or_file)
    rows = list(cache.memory_rows())
    source = rows[0]["source_lang"] if rows else "ru"
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(
        f'  <header creationtool="translator" creationtoolversion={quoteattr(__version__)} '
        f'segtype="paragraph" o-tmf="translator-sqlite" adminlang="en" '
        f'srclang={quoteattr(source)} datatype="plaintext"/>\n  <body>\n'
    )
    for row in rows:
        date = quoteattr(_tmx_date(row["created_at"]))
        out.write(
            f"    <tu creationdate={date}>\n"
            f'      <prop type="x-engine">{_text(row["engine"])}</prop>\n'
            f"      <tuv xml:lang={quoteattr(row['source_lang'])}>"
            f"<seg>{_text(row['source_text'])}</seg></tuv>\n"
            f"      <tuv xml:lang={quoteattr(row['target_lang'])}>"
            f"<seg>{_text(row['target_text'])}</seg></tuv>\n"
            "    </tu>\n"
        )
    out.write("  </body>\n</tmx>\n")
    return len(rows)
