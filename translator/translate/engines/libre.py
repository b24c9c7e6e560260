"""A LibreTranslate server through deep-translator's LibreTranslator (text in the URL)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from translator.translate.engines.deep import DeepTranslatorEngine
from translator.translate.engines.google import GOOGLE_MAX_URL_BYTES


class LibreEngine(DeepTranslatorEngine):
    """A LibreTranslate server through deep-translator's LibreTranslator (text in the URL)."""

    name = "libre"
    max_chars = 2_000  # the public instances' character limit; self-hosted ones allow more

    def __init__(self, url: str, api_key: str, **kwargs: Any):
        self.url = url.rstrip("/") + "/"
        self.api_key = api_key
        super().__init__(self._make, **kwargs)

    def _make(self) -> object:
        from deep_translator import LibreTranslator

        return LibreTranslator(
            source=self.source, target=self.target, api_key=self.api_key, custom_url=self.url
        )

    def text_fits(self, text: str) -> bool:
        if len(text) > self.max_chars:
            return False
        query = urlencode(
            {
                "q": text,
                "source": self.source,
                "target": self.target,
                "format": "text",
                "api_key": self.api_key,
            }
        )
        return len(self.url) + 10 + len(query) <= GOOGLE_MAX_URL_BYTES
