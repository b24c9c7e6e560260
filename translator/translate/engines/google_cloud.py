"""Google Cloud Translation v2 REST over httpx."""

from __future__ import annotations

from typing import Any

from translator.errors import BadTranslation
from translator.translate.engines.http import HttpEngine


class GoogleCloudEngine(HttpEngine):
    """Google Cloud Translation v2 REST (keyed): up to 128 texts per request."""

    name = "google-cloud"
    max_items = 128
    max_chars = 30_000

    def __init__(self, api_key: str, url: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_key = api_key
        base = url or "https://translation.googleapis.com"
        self.url = base.rstrip("/") + "/language/translate/v2"

    def _send(self, items: list[str]) -> list[str]:
        data = self.post_json(
            self.url,
            params={"key": self.api_key},
            json={"q": items, "source": self.source, "target": self.target, "format": "text"},
        )
        try:
            return [t["translatedText"] for t in data["data"]["translations"]]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
