"""MyMemory's free API through deep-translator's MyMemoryTranslator: 500 characters a request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from translator.translate.engines.deep import DeepTranslatorEngine


def mymemory_code(lang: str) -> str:
    """MyMemory's language codes are locales."""
    return {"ru": "ru-RU", "en": "en-GB"}.get(lang, lang)


class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory `GET /get?q=&langpair=`; a bare host means its /get endpoint."""

    name = "mymemory"
    max_chars = 499

    def __init__(self, url: str | None = None, **kwargs: Any):
        self.url = url
        super().__init__(self._make, **kwargs)

    def _make(self) -> object:
        from deep_translator import MyMemoryTranslator

        client = MyMemoryTranslator(
            source=mymemory_code(self.source), target=mymemory_code(self.target)
        )
        if self.url:
            bare = urlsplit(self.url).path in ("", "/")
            client._base_url = self.url.rstrip("/") + "/get" if bare else self.url
        return client
