"""fetch: one URL in, its decoded text out, within every bound and through every guard.

`client` (Fetcher, Page: redirects, validators, the per-attempt deadline), `transport` (the
httpx transport: deadline-bounded sockets, connect-time address guard, proxies), `deadline`
(the clock every blocking step obeys; `within(seconds)` for callers), `guard` (address checks),
`proxies` (which proxy a URL goes through), `decoding` (bounded decompression), `charset`
(bytes to text for pages and feeds), `sniff` (content types), `failures` (httpx and httpcore
errors mapped to ours). Names are imported on first use, so `import translator.fetch` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translator.fetch.charset import decode_html, decode_xml
    from translator.fetch.client import Fetcher, Page
    from translator.fetch.deadline import Deadline, within
    from translator.fetch.transport import bounded_client

_HOMES = {
    "Fetcher": "client",
    "Page": "client",
    "decode_html": "charset",
    "decode_xml": "charset",
    "Deadline": "deadline",
    "within": "deadline",
    "bounded_client": "transport",
}

__all__ = [
    "Deadline",
    "Fetcher",
    "Page",
    "bounded_client",
    "decode_html",
    "decode_xml",
    "within",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'translator.fetch' has no attribute {name!r}")
    return getattr(importlib.import_module(f"translator.fetch.{_HOMES[name]}"), name)
