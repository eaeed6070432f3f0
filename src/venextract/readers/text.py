"""Plain text files (.txt, .md): bytes to text without ever giving up on an encoding."""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..types import ErrorRecord, RawDocument
from .base import ReaderFailure, failure_record, make_document
from .metadata import normalize_newlines

SAMPLE = 1 << 16  # bytes looked at when guessing an encoding
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# control characters other than \t \n \v \f \r and ESC
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark announces and the mark's length.

    >>> bom_encoding(b"\\xef\\xbb\\xbfabc")
    ('utf-8', 3)
    >>> bom_encoding(b"abc") is None
    True
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def nul_pattern_encoding(sample: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, told by where the NUL bytes of ASCII text fall.

    >>> nul_pattern_encoding("Hello world".encode("utf-16-le"))
    'utf-16-le'
    >>> nul_pattern_encoding("Hello world".encode("utf-16-be"))
    'utf-16-be'
    >>> nul_pattern_encoding(b"Hello world") is None
    True
    """
    n = len(sample) - len(sample) % 4
    if n < 4 or b"\x00" not in sample:
        return None
    sample = sample[:n]
    share = [sample[k::4].count(0) / (n // 4) for k in range(4)]
    if share[1] > 0.7 and share[2] > 0.7 and share[3] > 0.7 and share[0] < 0.1:
        return "utf-32-le"
    if share[0] > 0.7 and share[1] > 0.7 and share[2] > 0.7 and share[3] < 0.1:
        return "utf-32-be"
    even = (share[0] + share[2]) / 2
    odd = (share[1] + share[3]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 throughout still are UTF-8 with a few bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good > 0 and bad <= max(good, len(text) // 1000)


def _latin_only(text: str) -> bool:
    for c in text:
        if ord(c) > 127 and c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def _guess_legacy(data: bytes) -> str:
    """A single-byte encoding for text that is not UTF-8: charset-normalizer, preferring cp1252 for Latin text."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: SAMPLE * 4]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # noqa: BLE001 - a failed guess falls back to cp1252
        guess = None
    try:
        data.decode("cp1252")
        cp1252_ok = True
    except UnicodeDecodeError:
        cp1252_ok = False
    if guess is None:
        return "cp1252"
    if cp1252_ok and _latin_only(data[: SAMPLE * 4].decode(guess, errors="replace")):
        return "cp1252"
    return guess


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of ``data`` and the length of its byte order mark.

    Order: byte order mark, UTF-16/32 by NUL pattern (plain ASCII in UTF-16 is
    also valid UTF-8), strict UTF-8, UTF-8 with a few bad bytes, then a guess
    (cp1252 for Latin text).

    >>> detect_encoding("Thanh Hoá".encode("utf-8"))
    ('utf-8', 0)
    >>> detect_encoding("Thanh Hoá’s".encode("cp1252"))
    ('cp1252', 0)
    """
    found = bom_encoding(data)
    if found:
        return found
    # NUL bytes never occur in real UTF-8 text, but UTF-16 of plain ASCII is valid UTF-8
    wide = nul_pattern_encoding(data[:SAMPLE])
    if wide:
        return wide, 0
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of a sample is still UTF-8
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", 0
    if _mostly_utf8(data):
        return "utf-8", 0
    return _guess_legacy(data), 0


def looks_binary(text: str) -> bool:
    """Whether decoded text is really binary data: NUL or other control characters in bulk.

    >>> looks_binary("plain text\\n")
    False
    >>> looks_binary("\\x00\\x01\\x02PK\\x03\\x04" * 10)
    True
    """
    sample = text[:SAMPLE]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 100) or sample.count("\x00") > len(sample) // 1000


def decode_bytes(data: bytes) -> str:
    """Text from a file's bytes with ``"\\n"`` line endings; raises :class:`ReaderFailure` for empty/binary data."""
    if not data:
        raise ReaderFailure("read", "empty")
    encoding, skip = detect_encoding(data)
    try:
        text = data[skip:].decode(encoding, errors="replace")
    except LookupError:
        text = data[skip:].decode("cp1252", errors="replace")
    if looks_binary(text):
        raise ReaderFailure("decode", "binary")
    text = normalize_newlines(text)
    if not text:
        raise ReaderFailure("read", "empty")
    if not text.strip():
        raise ReaderFailure("read", "blank")
    return text


def read_text(path: Path, data: bytes) -> Iterator[RawDocument | ErrorRecord]:
    """One document from a .txt or .md file's bytes."""
    try:
        text = decode_bytes(data)
    except ReaderFailure as failure:
        yield failure_record(path, failure)
        return
    yield make_document(text, path.stem, str(path))
