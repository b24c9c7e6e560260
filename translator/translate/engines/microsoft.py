"""Microsoft Translator v3 over httpx."""

from __future__ import annotations

from typing import Any

from translator.errors import BadTranslation
from translator.translate.engines.http import HttpEngine


class MicrosoftEngine(HttpEngine):
    """Microsoft Translator v3 (`POST /translate?api-version=3.0`): up to 100 texts and
    50,000 characters a request, the key (and region) in headers. Spoken over httpx because
    deep-translator's client asks Microsoft's servers for the language list on construction,
    whatever endpoint it is then pointed at."""

    name = "microsoft"
    max_items = 100
    max_chars = 50_000

    def __init__(self, api_key: str, region: str = "", url: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_key = api_key
        self.region = region
        base = url or "https://api.cognitive.microsofttranslator.com"
        self.url = base.rstrip("/") + "/translate"

    def _send(self, items: list[str]) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self.api_key}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        data = self.post_json(
            self.url,
            headers=headers,
            params={"api-version": "3.0", "from": self.source, "to": self.target},
            json=[{"Text": text} for text in items],
        )
        try:
            return [entry["translations"][0]["text"] for entry in data]
        except (KeyError, TypeError, IndexError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
