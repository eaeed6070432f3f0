"""Shared pieces of the readers: limits, failures as error records, building a document."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import message
from ..types import ErrorRecord, RawDocument
from .metadata import content_hash, normalize_newlines, parse_date, parse_metadata

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
PDF_SUFFIXES = frozenset({".pdf"})
BATCH_SUFFIXES = frozenset({".jsonl", ".csv"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | BATCH_SUFFIXES
META_FIELDS = ("title", "published", "section", "author", "url")


class ReaderFailure(Exception):
    """Raised inside a reader; turned into an :class:`ErrorRecord` at its boundary."""

    def __init__(self, stage: str, key: str, **fields: object) -> None:
        super().__init__(key)
        self.stage, self.key, self.fields = stage, key, fields


def error(path: str | Path, stage: str, key: str, *, where: str | None = None, **fields: object) -> ErrorRecord:
    """An error record for ``path``; the message names ``where`` (e.g. ``"file.csv:12"``), else ``path``."""
    return ErrorRecord(source=str(path), stage=stage, error=key, message=message(key, path=where or path, **fields))


def failure_record(path: str | Path, failure: ReaderFailure) -> ErrorRecord:
    return error(path, failure.stage, failure.key, **failure.fields)


def describe(exc: BaseException) -> str:
    """A short reason for a message: the exception's type and text."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def make_document(
    text: str,
    doc_id: str,
    source: str,
    *,
    title: object = None,
    published: object = None,
    section: object = None,
    author: object = None,
    url: object = None,
    n_pages: int | None = None,
    page_starts: list[int] | None = None,
) -> RawDocument:
    """A document from normalised ``text``: given metadata first, the text's own for what is missing."""
    meta = parse_metadata(text)
    given_date: date | None = parse_date(published)
    return RawDocument(
        doc_id=doc_id,
        source=source,
        text=text,
        title=_clean(title) or meta.title,
        published=given_date or meta.published,
        section=_clean(section) or meta.section,
        author=_clean(author) or meta.author,
        url=_clean(url) or meta.url,
        n_pages=n_pages,
        page_starts=list(page_starts or []),
        skip_ranges=meta.skip_ranges,
        content_hash=content_hash(text),
    )


def document_from_text(text: str, doc_id: str, source: str = "<text>", **meta: object) -> RawDocument:
    """A document from a string, with the same metadata parsing as files.

    ``meta`` may give ``title``, ``published`` (a date or a date string),
    ``section``, ``author`` and ``url``; given values win over those found in the text.

    >>> doc = document_from_text("Big news\\r\\n\\r\\n06:09 | 18/09/2020 Society\\r\\n\\r\\nBody.", "x")
    >>> doc.title, doc.published.isoformat(), doc.section, doc.text.count("\\r")
    ('Big news', '2020-09-18', 'Society', 0)
    """
    unknown = set(meta) - set(META_FIELDS)
    if unknown:
        raise TypeError(f"document_from_text() got unexpected metadata {sorted(unknown)}; use {list(META_FIELDS)}")
    return make_document(normalize_newlines(str(text)), str(doc_id), source, **meta)  # type: ignore[arg-type]
