"""Loopback stand-ins for translation engines, speaking each engine's real wire protocol.

- `LibreServer`: LibreTranslate `POST /translate` (q, source, target, api_key, format as query,
  form or JSON; q a string or a list) -> {"translatedText": str | list}.
- `GoogleMobileServer`: the page deep-translator's GoogleTranslator scrapes,
  `GET /m?sl=&tl=&q=` -> HTML with `<div class="result-container">...</div>`, line breaks of
  the translation as `<br>` (so the client's get_text(strip=True) loses them, as it does on
  the real page); like Google's front end it refuses URLs longer than `max_url_bytes` with 400.
- `MyMemoryServer`: MyMemory `GET /get?q=&langpair=ru-RU|en-GB` -> {"responseData":
  {"translatedText": ...}}; over 500 characters the real service answers 200 with an error
  message as the "translation", and so does this one.
- `MicrosoftServer`: Microsoft Translator v3 `POST /translate?api-version=3.0&from=&to=`,
  JSON [{"Text": ...}] (at most 100 items, 50,000 characters), key in
  `Ocp-Apim-Subscription-Key` (+ `Ocp-Apim-Subscription-Region`) -> [{"translations":
  [{"text": ..., "to": ...}]}].
- `YandexServer`: Yandex Translate API v2 `POST /translate/v2/translate`, JSON {"texts": [...],
  "targetLanguageCode", "sourceLanguageCode"} (at most 10,000 characters), key in
  `Authorization: Api-Key` -> {"translations": [{"text": ...}]}.
- `DeeplServer`: DeepL `/v2/translate` (text repeated, source_lang, target_lang; key in the
  `Authorization: DeepL-Auth-Key` header or `auth_key`) -> {"translations": [{"text": ...}]}.
- `GoogleCloudServer`: Cloud Translation v2 `POST /language/translate/v2?key=` with JSON q list
  -> {"data": {"translations": [{"translatedText": ...}]}}.

- `OpenAIServer`: Chat Completions `POST /v1/chat/completions` (and Azure's
  `/openai/deployments/D/chat/completions?api-version=`), key as `Authorization: Bearer` or
  `api-key`; `AnthropicServer`: Messages `POST /v1/messages`, key in `x-api-key` with
  `anthropic-version`. Both read the JSON {"segments": [{"id", "text"}]} of the user message
  and answer {"segments": [{"id", "text"}]} with usage; `LlmFault` kinds make them misbehave as
  real models do (code fence, prose first, merged, dropped, renumbered ids, a translated
  placeholder, cut at max tokens, a refusal, a server that ignores the schema).

Their "translation" is `fake_translate`: each Russian word replaced by an English word chosen
by a stable hash of it (capitals kept), digits, punctuation, Latin and whitespace as they are
(`translit_translate` transliterates instead), so a test can predict every answer (one-string engines get segments packed with ` [[N]] `
boundary markers, which it keeps; `unpack` cuts what a server received back into segments). Each server records the texts it received (`texts`,
`characters`, `max_in_flight`) and takes scripted faults (`inject(Fault(...))`, one per
request, in order), a fixed `latency`, and `die_after` (every request after the Nth answers 503).
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.servers import LoopbackServer, Reply, Request
from translator.translit import transliterate

# English words the stand-ins answer with; which one stands for a Russian word is a stable
# hash of that word, so every answer is predictable and reads as English to a language check.
ENGLISH_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "as",
    "by",
    "at",
    "from",
    "this",
    "have",
    "are",
    "not",
    "but",
    "be",
    "court",
    "city",
    "people",
    "report",
    "said",
    "year",
    "police",
    "news",
    "state",
    "law",
    "case",
    "group",
    "army",
    "office",
    "time",
    "day",
    "week",
    "house",
    "public",
    "local",
    "early",
    "major",
    "small",
    "high",
    "new",
    "old",
    "free",
    "open",
]
_RUSSIAN_WORD_RE = re.compile(r"[\u0400-\u04ff]+")


def english_word(word: str) -> str:
    """The English word standing for one Russian word, with its capitals."""
    english = ENGLISH_WORDS[zlib.crc32(word.lower().encode("utf-8")) % len(ENGLISH_WORDS)]
    if word.isupper() and len(word) > 1:
        return english.upper()
    return english.capitalize() if word[0].isupper() else english


def fake_translate(text: str) -> str:
    """Each Russian word replaced by an English one (`english_word`); digits, punctuation,
    markers, Latin and whitespace stay as they are."""
    return _RUSSIAN_WORD_RE.sub(lambda m: english_word(m.group()), text)


def translit_translate(text: str) -> str:
    """Cyrillic transliterated to Latin (not English: the publish gate holds it)."""
    return transliterate(text)


_SENT_MARKER_RE = re.compile(r"( \[\[\d+\]\] )")


def unpack(text: str) -> list[str]:
    """The segments of one packed string, as the client sent it."""
    return _SENT_MARKER_RE.split(text)[::2]


def translate_packed(translate: Callable[[str], str], text: str) -> str:
    """`translate` applied to each segment of a packed string, its markers kept as they are
    (as a real engine keeps bracketed numbers), so a test can predict every segment."""
    parts = _SENT_MARKER_RE.split(text)
    return "".join(part if i % 2 else translate(part) for i, part in enumerate(parts))


@dataclass
class Fault:
    """What to do to one request instead of (or on top of) answering it.

    status: answer with this HTTP status (e.g. 429, 500), `retry_after` seconds in Retry-After.
    kind: "empty" (empty translations), "malformed" (a body that is not the protocol),
    "drop" (one translation fewer than texts sent), "extra" (one more), "reset" (the
    connection closes with no answer).
    mangle: applied to each translation before answering (e.g. to lose a boundary marker).
    delay: seconds to wait before answering.
    """

    status: int = 0
    retry_after: float | None = None
    kind: str = ""
    mangle: Callable[[str], str] | None = None
    delay: float = 0.0
    headers: dict[str, str] | None = None


class EngineServer(LoopbackServer):
    """Shared machinery: parse texts, apply faults, translate, answer in the engine's format."""

    def __init__(
        self,
        *,
        translate: Callable[[str], str] = fake_translate,
        latency: float = 0.0,
        die_after: int | None = None,
        api_key: str | None = None,
    ):
        super().__init__(self._dispatch)
        self.translate = translate
        self.latency = latency
        self.die_after = die_after
        self.api_key = api_key
        self.faults: deque[Fault] = deque()
        self.texts: list[list[str]] = []
        self.answered = 0
        self._count_lock = threading.Lock()
        self._seen = 0
        self.in_flight = 0
        self.max_in_flight = 0

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each request consumes the next one."""
        self.faults.extend(faults)

    @property
    def characters(self) -> int:
        """Characters of source text received over all translation requests."""
        return sum(len(t) for batch in self.texts for t in batch)

    @property
    def requests_count(self) -> int:
        return len(self.texts)

    @property
    def segments(self) -> list[str]:
        """Every segment received, packed strings cut at their boundary markers."""
        return [seg for batch in self.texts for text in batch for seg in unpack(text)]

    # to be provided by each protocol
    def parse(self, request: Request) -> list[str] | Reply:
        raise NotImplementedError

    def answer(self, translations: list[str], request: Request) -> Reply:
        raise NotImplementedError

    def error(self, status: int, message: str) -> Reply:
        return Reply(json.dumps({"error": message}), status=status, content_type="application/json")

    def _dispatch(self, request: Request) -> Reply:
        with self._count_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            reply = self._reply(request)
            if reply.delay:
                time.sleep(reply.delay)  # here, so in_flight covers the wait
                reply.delay = 0.0
            return reply
        finally:
            with self._count_lock:
                self.in_flight -= 1

    def _reply(self, request: Request) -> Reply:
        parsed = self.parse(request)
        if isinstance(parsed, Reply):
            return parsed
        with self._count_lock:
            self._seen += 1
            seen = self._seen
            self.texts.append(parsed)
            fault = self.faults.popleft() if self.faults else None
        delay = self.latency + (fault.delay if fault else 0.0)
        if self.die_after is not None and seen > self.die_after:
            reply = self.error(503, "service unavailable")
            reply.delay = delay
            return reply
        if fault and fault.status:
            reply = self.error(fault.status, f"fault {fault.status}")
            if fault.retry_after is not None:
                reply.headers["Retry-After"] = f"{fault.retry_after:g}"
            reply.headers.update(fault.headers or {})
            reply.delay = delay
            return reply
        if fault and fault.kind == "reset":
            # Raised out of the handler: the server drops the connection without an answer.
            raise ConnectionAbortedError("fault: connection reset")
        if fault and fault.kind == "malformed":
            return Reply("<<not the protocol>>", status=200, content_type="text/plain", delay=delay)
        translations = [translate_packed(self.translate, t) for t in parsed]
        if fault and fault.mangle:
            translations = [fault.mangle(t) for t in translations]
        if fault and fault.kind == "empty":
            translations = ["" for _ in translations]
        elif fault and fault.kind == "drop":
            translations = translations[:-1] if len(translations) > 1 else [""]
        elif fault and fault.kind == "extra":
            translations = translations + [translations[-1] if translations else "x"]
        with self._count_lock:
            self.answered += 1
        reply = self.answer_with(translations, request, fault)
        reply.delay = delay
        return reply

    def answer_with(self, translations: list[str], request: Request, fault: Fault | None) -> Reply:
        """The answer, misbehaving as `fault` says where the protocol has its own faults."""
        return self.answer(translations, request)


def _payload(request: Request) -> dict[str, list[str]]:
    """Parameters from the query, a form body or a JSON body, as lists of strings."""
    if request.headers.get("content-type", "").startswith("application/json") and request.body:
        data = json.loads(request.body)
        merged = dict(request.query)
        for key, value in data.items():
            merged[key] = value if isinstance(value, list) else [value]
        return merged
    return request.form


class LibreServer(EngineServer):
    """LibreTranslate: POST /translate."""

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/translate" or request.method != "POST":
            return self.error(404, "Not Found")
        params = _payload(request)
        if not params.get("q") or not params.get("source") or not params.get("target"):
            return self.error(400, "Invalid request: missing q, source or target")
        if self.api_key and params.get("api_key", [""])[0] != self.api_key:
            return self.error(403, "Invalid API key")
        return list(params["q"])

    def answer(self, translations: list[str], request: Request) -> Reply:
        is_json = request.headers.get("content-type", "").startswith("application/json")
        sent_list = is_json and isinstance(json.loads(request.body).get("q"), list)
        if sent_list or len(translations) != 1:
            body: object = {"translatedText": translations}
        else:
            body = {"translatedText": translations[0]}
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class GoogleMobileServer(EngineServer):
    """The mobile Google Translate page: GET /m?sl=&tl=&q= -> HTML."""

    def __init__(self, *, max_url_bytes: int = 16384, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.max_url_bytes = max_url_bytes

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path != "/m" or request.method != "GET":
            return self.error(404, "Not Found")
        url = request.path + "?" + urlencode(request.query, doseq=True)
        if len(url) > self.max_url_bytes:
            return Reply("<title>Error 400 (Bad Request)!!1</title>", status=400)
        if "q" not in request.query or "tl" not in request.query:
            return self.error(400, "Bad Request")
        return [request.query["q"][0]]

    def error(self, status: int, message: str) -> Reply:
        return Reply(
            f"<html><title>Error {status}</title><p>{html.escape(message)}</p></html>",
            status=status,
        )

    def answer(self, translations: list[str], request: Request) -> Reply:
        if not translations or not translations[0]:
            return Reply("<html><body><div class='other'></div></body></html>")
        lines = translations[0].split("\n")
        page = (
            "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
            '<div class="frame"><div class="result-container">'
            + "<br>".join(html.escape(line) for line in lines)
            + "</div></div></body></html>"
        )
        return Reply(page)


class DeeplServer(EngineServer):
    """DeepL API v2: /v2/translate."""

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/v2/translate":
            return self.error(404, "Not Found")
        params = _payload(request)
        auth = request.headers.get("authorization", "")
        key = (
            auth.removeprefix("DeepL-Auth-Key ").strip()
            if auth
            else params.get("auth_key", [""])[0]
        )
        if not key or (self.api_key and key != self.api_key):
            return Reply(
                json.dumps({"message": "Forbidden"}), status=403, content_type="application/json"
            )
        if not params.get("text") or not params.get("target_lang"):
            return Reply(
                json.dumps({"message": "Parameter 'text' not specified."}),
                status=400,
                content_type="application/json",
            )
        return list(params["text"])

    def error(self, status: int, message: str) -> Reply:
        return Reply(
            json.dumps({"message": message}), status=status, content_type="application/json"
        )

    def answer(self, translations: list[str], request: Request) -> Reply:
        body = {
            "translations": [{"detected_source_language": "RU", "text": t} for t in translations]
        }
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class GoogleCloudServer(EngineServer):
    """Google Cloud Translation v2: POST /language/translate/v2?key=..."""

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/language/translate/v2":
            return self.error(404, "Not Found")
        params = _payload(request)
        key = request.query.get("key", [""])[0] or request.headers.get("x-goog-api-key", "")
        if not key or (self.api_key and key != self.api_key):
            return self.error(403, "The request is missing a valid API key.")
        if not params.get("q") or not params.get("target"):
            return self.error(400, "Required Text")
        return list(params["q"])

    def error(self, status: int, message: str) -> Reply:
        body = {"error": {"code": status, "message": message, "errors": [{"message": message}]}}
        return Reply(json.dumps(body), status=status, content_type="application/json")

    def answer(self, translations: list[str], request: Request) -> Reply:
        body = {"data": {"translations": [{"translatedText": t} for t in translations]}}
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class MyMemoryServer(EngineServer):
    """MyMemory: GET /get?q=&langpair=ru-RU|en-GB."""

    max_chars = 500

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/get" or request.method != "GET":
            return self.error(404, "Not Found")
        if not request.query.get("q") or "|" not in request.query.get("langpair", [""])[0]:
            return self.answer(
                [
                    (
                        "INVALID LANGUAGE PAIR SPECIFIED. EXAMPLE: "
                        "LANGPAIR=EN|IT USING 2 LETTER ISO OR RFC3066"
                    )
                ],
                request,
                403,
            )
        text = request.query["q"][0]
        if len(text) > self.max_chars:
            return self.answer(
                [f"QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : {self.max_chars} CHARS"],
                request,
                403,
            )
        return [text]

    def answer(self, translations: list[str], request: Request, status: int = 200) -> Reply:
        text = translations[0] if translations else ""
        body = {
            "responseData": {"translatedText": text, "match": 1},
            "responseStatus": status,
            "matches": [],
        }
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class MicrosoftServer(EngineServer):
    """Microsoft Translator v3: POST /translate?api-version=3.0&from=&to=."""

    max_items = 100
    max_chars = 50_000

    def __init__(self, *, region: str | None = None, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.region = region

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/translate" or request.method != "POST":
            return self.error(404, "Not Found", 404000)
        if request.query.get("api-version") != ["3.0"]:
            return self.error(400, "The API version parameter is missing or invalid.", 400021)
        key = request.headers.get("ocp-apim-subscription-key", "")
        if not key or (self.api_key and key != self.api_key):
            return self.error(
                401,
                "The request is not authorized because credentials are missing or invalid.",
                401000,
            )
        if self.region and request.headers.get("ocp-apim-subscription-region") != self.region:
            return self.error(401, "The request is not authorized: wrong region.", 401015)
        if not request.query.get("to"):
            return self.error(400, "The target language is not valid.", 400036)
        try:
            items = json.loads(request.body)
            texts = [item["Text"] for item in items]
        except (ValueError, KeyError, TypeError):
            return self.error(400, "The body of the request is not valid JSON.", 400074)
        if len(texts) > self.max_items:
            return self.error(
                400, "The maximum number of array elements has been exceeded.", 400077
            )
        if sum(len(t) for t in texts) > self.max_chars:
            return self.error(400, "The request is too long.", 400050)
        return texts

    def error(self, status: int, message: str, code: int = 0) -> Reply:
        body = {"error": {"code": code or status * 1000, "message": message}}
        return Reply(json.dumps(body), status=status, content_type="application/json")

    def answer(self, translations: list[str], request: Request) -> Reply:
        target = request.query.get("to", ["en"])[0]
        body = [{"translations": [{"text": t, "to": target}]} for t in translations]
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class YandexServer(EngineServer):
    """Yandex Translate API v2: POST /translate/v2/translate."""

    max_chars = 10_000

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != "/translate/v2/translate" or request.method != "POST":
            return self.error(404, "Not Found", 5)
        auth = request.headers.get("authorization", "")
        key = auth.removeprefix("Api-Key ").strip() if auth.startswith("Api-Key ") else ""
        if not key or (self.api_key and key != self.api_key):
            return self.error(401, "Unknown api key", 16)
        try:
            body = json.loads(request.body)
            texts = list(body["texts"])
            target = body["targetLanguageCode"]
        except (ValueError, KeyError, TypeError):
            return self.error(400, "texts and targetLanguageCode are required", 3)
        if not texts or not target or not all(isinstance(t, str) for t in texts):
            return self.error(400, "texts and targetLanguageCode are required", 3)
        if sum(len(t) for t in texts) > self.max_chars:
            return self.error(400, f"texts length must be at most {self.max_chars}", 3)
        return texts

    def error(self, status: int, message: str, code: int = 13) -> Reply:
        body = {"code": code, "message": message, "details": []}
        return Reply(json.dumps(body), status=status, content_type="application/json")

    def answer(self, translations: list[str], request: Request) -> Reply:
        body = {"translations": [{"text": t} for t in translations]}
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


LLM_FAULTS = (
    "fence",  # the JSON in a ```json code fence
    "prose",  # a sentence before the JSON
    "merge",  # segments 1 and 2 given as one, under id 1
    "drop-segment",  # the last segment left out
    "renumber",  # ids counted from 0
    "placeholder",  # a {N} placeholder translated into words
    "truncate",  # cut at max tokens (finish_reason length / stop_reason max_tokens)
    "refusal",  # "I'm sorry, I can't help with that."
    "no-schema",  # a JSON answer of another shape
    "deep",  # a JSON object nested past Python's recursion limit
)


class ModelServer(EngineServer):
    """What the Chat Completions and Messages stand-ins share: the document in, JSON out."""

    path = ""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.documents: list[dict] = []
        self.systems: list[str] = []
        self.bodies: list[dict] = []

    def messages(self, body: dict) -> tuple[str, str]:
        raise NotImplementedError

    def authorised(self, request: Request) -> bool:
        raise NotImplementedError

    def parse(self, request: Request) -> list[str] | Reply:
        if request.path.rstrip("/") != self.path or request.method != "POST":
            return self.error(404, "Not Found")
        if not self.authorised(request):
            return self.error(401, "invalid api key")
        try:
            body = json.loads(request.body)
            system, user = self.messages(body)
            document = json.loads(user)
            texts = [seg["text"] for seg in document["segments"]]
        except (ValueError, KeyError, TypeError, IndexError):
            return self.error(400, "the request is not a translation document")
        if not body.get("model") or not body.get("max_tokens"):
            return self.error(400, "model and max_tokens are required")
        with self._count_lock:
            self.documents.append(document)
            self.systems.append(system)
            self.bodies.append(body)
        return texts

    def answer_with(self, translations: list[str], request: Request, fault: Fault | None) -> Reply:
        kind = fault.kind if fault else ""
        segments = [{"id": i, "text": t} for i, t in enumerate(translations, 1)]
        if kind == "merge" and len(segments) > 1:
            segments[0]["text"] = f"{segments[0]['text']} {segments[1]['text']}"
            del segments[1]
        elif kind == "drop-segment" and len(segments) > 1:
            segments.pop()
        elif kind == "renumber":
            for seg in segments:
                seg["id"] = int(seg["id"]) - 1
        elif kind == "placeholder":
            for seg in segments:
                if "{0}" in str(seg["text"]):
                    seg["text"] = str(seg["text"]).replace("{0}", "the newspaper", 1)
                    break
        content = json.dumps({"segments": segments}, ensure_ascii=False)
        if kind == "fence":
            content = "```json\n" + content + "\n```"
        elif kind == "prose":
            content = "Here is the translation you asked for:\n" + content
        elif kind == "refusal":
            content = "I'm sorry, but I can't help with that."
        elif kind == "no-schema":
            content = json.dumps({"translation": "\n".join(translations)}, ensure_ascii=False)
        elif kind == "deep":
            content = '{"segments": ' + "[" * 100_000 + "]" * 100_000 + "}"
        truncated = kind == "truncate"
        if truncated:
            content = content[: len(content) // 2]
        tokens_in = len(request.body) // 4
        return self.reply(content, truncated, tokens_in, len(content) // 4)

    def reply(self, content: str, truncated: bool, tokens_in: int, tokens_out: int) -> Reply:
        raise NotImplementedError


class OpenAIServer(ModelServer):
    """Chat Completions: POST /v1/chat/completions, key as a Bearer token; with
    `refuse_schema` it answers 400 to a request with response_format, as servers that do not
    know structured output do."""

    path = "/v1/chat/completions"

    def __init__(self, *, refuse_schema: bool = False, **kwargs: object):
        super().__init__(**kwargs)
        self.refuse_schema = refuse_schema

    def parse(self, request: Request) -> list[str] | Reply:
        if self.refuse_schema and b"response_format" in request.body:
            return self.error(400, "Unrecognized request argument supplied: response_format")
        return super().parse(request)

    def authorised(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        key = auth or request.headers.get("api-key", "")
        return not self.api_key or key == self.api_key

    def messages(self, body: dict) -> tuple[str, str]:
        roles = {m["role"]: m["content"] for m in body["messages"]}
        return roles["system"], roles["user"]

    def error(self, status: int, message: str) -> Reply:
        body = {"error": {"message": message, "type": "invalid_request_error", "code": status}}
        return Reply(json.dumps(body), status=status, content_type="application/json")

    def reply(self, content: str, truncated: bool, tokens_in: int, tokens_out: int) -> Reply:
        body = {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "length" if truncated else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": tokens_in,
                "completion_tokens": tokens_out,
                "total_tokens": tokens_in + tokens_out,
            },
        }
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


class AnthropicServer(ModelServer):
    """Messages: POST /v1/messages, key in x-api-key with anthropic-version."""

    path = "/v1/messages"

    def authorised(self, request: Request) -> bool:
        key = request.headers.get("x-api-key", "")
        versioned = bool(request.headers.get("anthropic-version"))
        return versioned and bool(key) and (not self.api_key or key == self.api_key)

    def messages(self, body: dict) -> tuple[str, str]:
        user = body["messages"][0]
        if user["role"] != "user":
            raise KeyError("role")
        return body["system"], user["content"]

    def error(self, status: int, message: str) -> Reply:
        body = {"type": "error", "error": {"type": "invalid_request_error", "message": message}}
        return Reply(json.dumps(body), status=status, content_type="application/json")

    def reply(self, content: str, truncated: bool, tokens_in: int, tokens_out: int) -> Reply:
        body = {
            "id": "msg_standin",
            "type": "message",
            "role": "assistant",
            "content": [{"type": "text", "text": content}],
            "stop_reason": "max_tokens" if truncated else "end_turn",
            "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out},
        }
        return Reply(json.dumps(body, ensure_ascii=False), content_type="application/json")


def main() -> None:
    """Run one stand-in until interrupted: python -m tests.engine_servers libre [--port N]."""
    import argparse

    kinds = {
        "libre": LibreServer,
        "google": GoogleMobileServer,
        "deepl": DeeplServer,
        "google-cloud": GoogleCloudServer,
        "mymemory": MyMemoryServer,
        "microsoft": MicrosoftServer,
        "yandex": YandexServer,
        "openai": OpenAIServer,
        "anthropic": AnthropicServer,
    }
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("kind", choices=sorted(kinds))
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    with kinds[args.kind](latency=args.latency) as server:
        print(server.url + ("/m" if args.kind == "google" else ""), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
