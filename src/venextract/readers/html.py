"""Web pages (.html, .htm): the article's main text and the page's metadata, via trafilatura."""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..types import ErrorRecord, RawDocument
from .base import ReaderFailure, describe, failure_record, make_document
from .metadata import normalize_newlines
from .text import bom_encoding, detect_encoding, looks_binary

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}  # never a date from the body text


def decode_html(data: bytes) -> str:
    """The page as text: byte order mark, strict UTF-8, the declared charset, then a guess."""
    found = bom_encoding(data)
    if found is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        m = _DECLARED.search(data[:4096])
        if m:
            try:
                return data.decode(codecs.lookup(m.group(1).decode("ascii")).name, errors="replace")
            except (LookupError, UnicodeError):
                pass
        found = detect_encoding(data)
    encoding, skip = found
    return data[skip:].decode(encoding, errors="replace")


def _extract(html: str) -> Any:
    import trafilatura

    options = {"with_metadata": True, "include_comments": False, "date_extraction_params": _DATE_PARAMS}
    doc = trafilatura.bare_extraction(html, favor_precision=True, **options)
    if doc is None or not (doc.text or "").strip():
        doc = trafilatura.bare_extraction(html, **options)
    return doc


def html_to_document(html: str, doc_id: str, source: str) -> RawDocument:
    """The article in ``html``: headline on the first line, then the main text."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        raise ReaderFailure("read", "blank")
    try:
        doc = _extract(html)
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds
        raise ReaderFailure("parse", "html_broken", reason=describe(exc)) from exc
    body = normalize_newlines(doc.text or "").strip() if doc is not None else ""
    if not body:
        raise ReaderFailure("parse", "html_no_text")
    title = " ".join((doc.title or "").split()) or None
    first_line = body.split("\n", 1)[0].strip()
    text = body if not title or " ".join(first_line.split()) == title else f"{title}\n\n{body}"
    categories = [c for c in (doc.categories or []) if c and c.strip()]
    return make_document(
        text,
        doc_id,
        source,
        title=title,
        published=doc.date,
        section=categories[0] if categories else None,
        author=doc.author,
        url=doc.url,
    )


def read_html(path: Path, data: bytes) -> Iterator[RawDocument | ErrorRecord]:
    """One document from an HTML file's bytes."""
    try:
        if not data:
            raise ReaderFailure("read", "empty")
        html = decode_html(data)
        if looks_binary(html):
            raise ReaderFailure("decode", "binary")
        yield html_to_document(html, path.stem, str(path))
    except ReaderFailure as failure:
        yield failure_record(path, failure)
