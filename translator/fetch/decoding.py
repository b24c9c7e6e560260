"""Content-Encoding (gzip, deflate, br) undone in bounded steps, so a bomb cannot fill memory.

`decoder_for(url, header)` gives a `Decoder` whose `feed(chunk)` and `flush()` yield decoded
pieces of at most DECODE_STEP bytes each; the caller counts them against its size cap and its
deadline between pieces. Unknown codings and corrupt streams raise NetworkError naming the URL.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from translator.errors import NetworkError

try:
    import brotli
except ImportError:  # brotli is optional: without it we simply do not offer "br"
    brotli = None
if brotli is not None and not hasattr(brotli.Decompressor, "can_accept_more_data"):
    brotli = None  # before 1.2 its output cannot be bounded, so a brotli bomb could not be stopped

DECODE_STEP = 64 * 1024  # most bytes one decompression step may produce
ACCEPT_ENCODING = "gzip, deflate, br" if brotli is not None else "gzip, deflate"


class Decoder:
    """Turns raw chunks into decoded pieces of at most DECODE_STEP bytes each."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _ZlibDecoder(Decoder):
    def __init__(self, url: str, name: str):
        self.url = url
        self.name = name
        self._obj: zlib._Decompress | None = None
        self._head = b""

    def _start(self, data: bytes) -> None:
        if self.name == "gzip":
            wbits = 16 + zlib.MAX_WBITS
        else:
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            wbits = zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._start(data)
        yield from self._drain(data)

    def _drain(self, data: bytes) -> Iterator[bytes]:
        assert self._obj is not None
        try:
            while True:
                out = self._obj.decompress(data, DECODE_STEP)
                if out:
                    yield out
                data = self._obj.unconsumed_tail
                if not data and len(out) < DECODE_STEP:
                    return
        except zlib.error:
            raise NetworkError(f"{self.url}: corrupt {self.name} body") from None

    def flush(self) -> Iterator[bytes]:
        if self._obj is None:
            if self._head:
                self._start(self._head)
                yield from self._drain(self._head)
            return
        yield from self._drain(b"")


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class _BrotliDecoder(Decoder):
    def __init__(self, url: str):
        self.url = url
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._obj.process(data, output_buffer_limit=DECODE_STEP)
            while True:
                if out:
                    yield out
                if self._obj.can_accept_more_data():
                    return
                out = self._obj.process(b"", output_buffer_limit=DECODE_STEP)
        except brotli.error:
            raise NetworkError(f"{self.url}: corrupt br body") from None


class _Chain(Decoder):
    """Content codings applied in order (the header lists them in the order they were applied)."""

    def __init__(self, decoders: list[Decoder]):
        self.decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, [data], flush=False)

    def flush(self) -> Iterator[bytes]:
        return self._through(0, [], flush=True)

    def _through(
        self, index: int, pieces: list[bytes] | Iterator[bytes], flush: bool
    ) -> Iterator[bytes]:
        if index == len(self.decoders):
            yield from pieces
            return
        decoder = self.decoders[index]

        def outputs() -> Iterator[bytes]:
            for piece in pieces:
                yield from decoder.feed(piece)
            if flush:
                yield from decoder.flush()

        yield from self._through(index + 1, outputs(), flush)


def decoder_for(url: str, header: str) -> Decoder:
    names = [n.strip().lower() for n in header.split(",") if n.strip()]
    decoders: list[Decoder] = []
    for name in reversed(names):
        if name in ("identity", ""):
            continue
        if name in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(url, "gzip"))
        elif name == "deflate":
            decoders.append(_ZlibDecoder(url, "deflate"))
        elif name == "br" and brotli is not None:
            decoders.append(_BrotliDecoder(url))
        else:
            error = NetworkError(f"{url}: unsupported content encoding {name!r}")
            error.retryable = False
            raise error
    return _Chain(decoders) if decoders else Decoder()
