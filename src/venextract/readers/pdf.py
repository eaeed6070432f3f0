"""PDF files: the text layer of every page via pdfplumber, with where each page starts."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..types import ErrorRecord, RawDocument
from .base import ReaderFailure, describe, failure_record, make_document
from .metadata import normalize_newlines

PAGE_SEPARATOR = "\n\n"
_ENCRYPTION_ERRORS = {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled\b|document\d*$)|\.(?:docx?|odt|rtf|pdf|indd|pptx?)$",
                         re.IGNORECASE)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, what it wraps (pdfplumber puts pdfminer's error in ``args``) and its chain."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        todo.extend(c for c in (e.__cause__, e.__context__) if c is not None)


def _is_encryption_error(exc: BaseException) -> bool:
    return any(cls.__name__ in _ENCRYPTION_ERRORS for e in _causes(exc) for cls in type(e).__mro__)


def _root_reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    return describe(inner)


def _info(metadata: dict[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    if isinstance(value, bytes):
        for encoding in ("utf-16" if value.startswith((b"\xfe\xff", b"\xff\xfe")) else "utf-8", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """The pages' texts joined by a blank line, and the offset where each page starts.

    >>> join_pages(["one", "two", ""])
    ('one\\n\\ntwo\\n\\n', [0, 5, 10])
    """
    starts, pos = [], 0
    for text in pages:
        starts.append(pos)
        pos += len(text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(pages), starts


def read_pdf(path: Path) -> Iterator[RawDocument | ErrorRecord]:
    """One document from a PDF file; every pdfminer failure becomes an error record."""
    try:
        yield _read_pdf(path)
    except ReaderFailure as failure:
        yield failure_record(path, failure)


def _read_pdf(path: Path) -> RawDocument:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except PermissionError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for bad files
        if _is_encryption_error(exc):
            raise ReaderFailure("parse", "pdf_encrypted") from exc
        raise ReaderFailure("parse", "pdf_broken", reason=_root_reason(exc)) from exc
    try:
        with pdf:
            metadata = dict(pdf.metadata or {})
            pages: list[str] = []
            failed: list[BaseException] = []
            for page in pdf.pages:
                try:  # one unreadable page (a broken font or stream) leaves the others
                    pages.append(normalize_newlines(page.extract_text() or ""))
                except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds
                    pages.append("")
                    failed.append(exc)
                finally:
                    page.close()
            if failed and len(failed) == len(pages):
                raise failed[0]
    except ReaderFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - broken page trees, streams, fonts ...
        if _is_encryption_error(exc):
            raise ReaderFailure("parse", "pdf_encrypted") from exc
        raise ReaderFailure("parse", "pdf_broken", reason=_root_reason(exc)) from exc
    if not pages:
        raise ReaderFailure("parse", "pdf_no_pages")
    if not any(p.strip() for p in pages):
        raise ReaderFailure("parse", "pdf_no_text", n_pages=len(pages))
    text, starts = join_pages(pages)
    title = _info(metadata, "Title")
    if title and _JUNK_TITLE.search(title):
        title = None
    return make_document(
        text,
        path.stem,
        str(path),
        title=title,
        author=_info(metadata, "Author"),
        n_pages=len(pages),
        page_starts=starts,
    )
