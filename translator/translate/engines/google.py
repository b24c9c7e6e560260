"""Google Translate's free mobile page through deep-translator's GoogleTranslator."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from translator.translate.engines.deep import DeepTranslatorEngine

GOOGLE_MOBILE_URL = "https://translate.google.com/m"
# Google's front end answers 400 once the request URL passes ~16 KB: deep-translator issue #224
# reports 1,800 CJK characters (16,200 encoded bytes) working and 1,900 (17,100) failing.
GOOGLE_MAX_URL_BYTES = 16_000
# deep-translator's own check is `len(text) < 5000`.
GOOGLE_MAX_CHARS = 4_999


class GoogleEngine(DeepTranslatorEngine):
    """Google Translate's free mobile page through deep-translator's GoogleTranslator."""

    name = "google"
    max_chars = GOOGLE_MAX_CHARS

    def __init__(self, base_url: str | None = None, **kwargs: Any):
        base = base_url or GOOGLE_MOBILE_URL
        if urlsplit(base).path in ("", "/"):
            base = base.rstrip("/") + "/m"  # a bare host means its mobile page
        self.base_url = base
        super().__init__(self._make, **kwargs)

    def _make(self) -> object:
        from deep_translator import GoogleTranslator

        client = GoogleTranslator(source=self.source, target=self.target)
        client._base_url = self.base_url
        return client

    def text_fits(self, text: str) -> bool:
        if len(text) > self.max_chars:
            return False
        # The URL as requests builds it: tl, sl then q, form-encoded.
        query = urlencode({"tl": self.target, "sl": self.source, "q": text.strip()})
        return len(self.base_url) + 1 + len(query) <= GOOGLE_MAX_URL_BYTES
