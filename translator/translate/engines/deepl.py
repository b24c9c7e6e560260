"""DeepL API v2 over httpx."""

from __future__ import annotations

from typing import Any

from translator.errors import BadTranslation
from translator.translate.engines.http import HttpEngine


class DeeplEngine(HttpEngine):
    """DeepL API v2 with the key in the Authorization header; up to 50 texts per request."""

    name = "deepl"
    max_items = 50
    max_chars = 100_000  # the body may not exceed 128 KiB; Cyrillic is 2 bytes a character

    def __init__(self, api_key: str, url: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_key = api_key
        free = api_key.endswith(":fx")
        self.url = url or ("https://api-free.deepl.com" if free else "https://api.deepl.com")
        self.url = self.url.rstrip("/") + "/v2/translate"

    def fits(self, items: list[str]) -> bool:
        return len(items) <= self.max_items and sum(len(t) for t in items) * 2 <= 120_000

    def _send(self, items: list[str]) -> list[str]:
        data = self.post_json(
            self.url,
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            data={
                "text": items,
                "source_lang": self.source.upper(),
                "target_lang": self.target.upper(),
            },
        )
        try:
            return [t["text"] for t in data["translations"]]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
