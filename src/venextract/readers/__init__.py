"""Readers: input paths to :class:`RawDocument` records, streaming, never raising for bad input.

Every problem with an input becomes an :class:`ErrorRecord` in the stream:

>>> from pathlib import Path
>>> [r.error for r in read_path(Path("no/such/file.txt"))]
['no_such_path']
"""
from __future__ import annotations

import dataclasses
import errno
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..types import ErrorRecord, RawDocument
from .base import (
    BATCH_SUFFIXES,
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    ReaderFailure,
    describe,
    document_from_text,
    error,
    failure_record,
)
from .discover import discover
from .metadata import TextMetadata, content_hash, parse_date, parse_dateline, parse_metadata

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "TextMetadata",
    "content_hash",
    "discover",
    "document_from_text",
    "parse_date",
    "parse_dateline",
    "parse_metadata",
    "read_documents",
    "read_path",
]


def _reason(exc: OSError) -> str:
    return exc.strerror or describe(exc)


def read_path(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, text_column: str | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """The documents in one file (batch files give one per row), or error records; never raises for bad input.

    ``max_bytes`` limits a single-document file (.txt, .md, .html, .pdf) and each
    row of a batch file; batch files themselves are streamed whatever their size.
    ``text_column`` names the text column of a batch file when it is not one of
    the usual names.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield error(path, "find", "no_such_path")
        return
    except OSError as exc:
        key = "symlink_loop" if exc.errno == errno.ELOOP else "unreadable"
        yield error(path, "find" if key == "symlink_loop" else "read", key, reason=_reason(exc))
        return
    if path.is_dir():
        yield error(path, "read", "unreadable", reason="it is a folder; pass it to discover or read_documents")
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield error(path, "find", "unsupported", suffix=path.suffix)
        return
    if size == 0:
        yield error(path, "read", "empty")
        return
    if suffix not in BATCH_SUFFIXES and size > max_bytes:
        yield error(path, "read", "too_large", size=size, limit=max_bytes)
        return
    try:
        yield from _read(path, suffix, max_bytes, text_column)
    except ReaderFailure as failure:
        yield failure_record(path, failure)
    except OSError as exc:
        yield error(path, "read", "unreadable", reason=_reason(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a run
        yield error(path, "read", "read_failed", reason=describe(exc))


def _read(path: Path, suffix: str, max_bytes: int, text_column: str | None) -> Iterator[RawDocument | ErrorRecord]:
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf

        yield from read_pdf(path)
    elif suffix in BATCH_SUFFIXES:
        from .batch import read_csv, read_jsonl

        reader = read_jsonl if suffix == ".jsonl" else read_csv
        yield from reader(path, max_bytes, text_column)
    elif suffix in HTML_SUFFIXES:
        from .html import read_html

        yield from read_html(path, path.read_bytes())
    elif suffix in TEXT_SUFFIXES:
        from .text import read_text

        yield from read_text(path, path.read_bytes())


def read_documents(
    paths: Iterable[str | Path] | str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    text_column: str | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """Every document under ``paths`` (files, folders, globs), with unique doc_ids.

    A document whose doc_id was already used is renamed ``"{doc_id}~2"`` (``~3``, ...)
    and an ``ErrorRecord`` of kind ``"duplicate_id"`` noting the rename comes before it.
    """
    used: dict[str, str] = {}
    for found in discover(paths if not isinstance(paths, (str, Path)) else [paths]):
        if isinstance(found, ErrorRecord):
            yield found
            continue
        for item in read_path(found, max_bytes=max_bytes, text_column=text_column):
            if isinstance(item, RawDocument):
                if item.doc_id in used:
                    n = 2
                    while f"{item.doc_id}~{n}" in used:
                        n += 1
                    new_id = f"{item.doc_id}~{n}"
                    yield error(item.source, "read", "duplicate_id", doc_id=item.doc_id, other=used[item.doc_id],
                                new_id=new_id)
                    item = dataclasses.replace(item, doc_id=new_id)
                used[item.doc_id] = item.source
            yield item
