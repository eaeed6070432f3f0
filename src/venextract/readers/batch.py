"""Batch files (.jsonl, .csv): one document per row, read as a stream.

A row needs a text column (``text``, ``content``, ``body``, ``article`` or
``full_text``, any case) and may have ``id``/``doc_id``, ``title``,
``published``/``date``, ``url``/``link``, ``source``, ``section`` and ``author``.
A row's doc_id is its id, else ``"{file stem}:{row number}"`` (the line number
in JSONL, the data row number in CSV). A document's ``source`` is
``"{path}:{line}"`` so every row can be found again.
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..types import ErrorRecord, RawDocument
from .base import error, make_document
from .metadata import normalize_newlines, parse_source_line
from .text import SAMPLE, detect_encoding, looks_binary

TEXT_COLUMNS = ("text", "content", "body", "article", "full_text")
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id"),
    "title": ("title",),
    "published": ("published", "date"),
    "url": ("url", "link"),
    "source": ("source",),
    "section": ("section",),
    "author": ("author",),
}
_DELIMITERS = ",;\t|"


def _raise_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def stream_encoding(path: Path) -> tuple[str, str]:
    """The encoding to open ``path`` with, from its first bytes, and those bytes decoded."""
    with path.open("rb") as f:
        sample = f.read(SAMPLE)
    encoding, bom = detect_encoding(sample)
    if bom:
        encoding = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
                    "utf-32-le": "utf-32", "utf-32-be": "utf-32"}[encoding]
    return encoding, sample[bom:].decode(encoding.replace("-sig", ""), errors="replace")


def find_columns(names: list[str], text_column: str | None = None) -> dict[str, Any]:
    """Which of ``names`` holds the text and each metadata field (matched case-insensitively).

    >>> find_columns(["ID", "Title", "Content", "Date"])
    {'text': 'Content', 'doc_id': 'ID', 'title': 'Title', 'published': 'Date'}
    """
    lower: dict[str, str] = {}
    for name in names:
        lower.setdefault(str(name).strip().lower(), name)
    wanted = (text_column.strip().lower(),) if text_column else TEXT_COLUMNS
    found: dict[str, Any] = {"text": next((lower[c] for c in wanted if c in lower), None)}
    for fieldname, aliases in FIELD_COLUMNS.items():
        column = next((lower[c] for c in aliases if c in lower), None)
        if column is not None:
            found[fieldname] = column
    return found


def _value(row: dict[str, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or isinstance(value, (dict, list)):
        return None
    s = str(value).strip()
    return s or None


def row_document(
    row: dict[str, Any], columns: dict[str, Any], path: Path, number: int, line: int, max_bytes: int
) -> RawDocument | ErrorRecord:
    """A document from one row, or the error record saying why the row was skipped."""
    raw = row.get(columns["text"])
    text = "" if raw is None or isinstance(raw, (dict, list, bool)) else normalize_newlines(str(raw))
    if not text.strip():
        return error(path, "parse", "batch_bad_row", line=line)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return error(path, "read", "too_large", where=f"{path}:{line}", size=size, limit=max_bytes)
    doc_id = _value(row, columns.get("doc_id")) or f"{path.stem}:{number}"
    url = _value(row, columns.get("url"))
    source_value = _value(row, columns.get("source"))
    if url is None and source_value:
        parsed = parse_source_line(f"Source: {source_value}")
        url = parsed[0] if parsed else None
    return make_document(
        text,
        doc_id,
        f"{path}:{line}",
        title=_value(row, columns.get("title")),
        published=_value(row, columns.get("published")),
        section=_value(row, columns.get("section")),
        author=_value(row, columns.get("author")),
        url=url,
    )


def _no_text_column(path: Path, text_column: str | None) -> ErrorRecord:
    return error(path, "parse", "batch_no_text_column", columns=text_column or ", ".join(TEXT_COLUMNS))


def read_jsonl(
    path: Path, max_bytes: int, text_column: str | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """One document per JSON object line; a broken line is an error record and the rest are read."""
    encoding, sample = stream_encoding(path)
    if looks_binary(sample):
        yield error(path, "decode", "binary")
        return
    seen_text_column, produced = False, False
    with path.open(encoding=encoding, errors="replace") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            produced = True
            try:
                row = json.loads(line)
            except ValueError as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                yield error(path, "parse", "batch_bad_line", line=number, reason=reason)
                continue
            if not isinstance(row, dict):
                yield error(path, "parse", "batch_bad_line", line=number, reason="not a JSON object")
                continue
            columns = find_columns(list(row), text_column)
            if columns["text"] is None:
                if not seen_text_column:
                    yield _no_text_column(path, text_column)
                    return
                yield error(path, "parse", "batch_bad_row", line=number)
                continue
            seen_text_column = True
            yield row_document(row, columns, path, number, number, max_bytes)
    if not produced:
        yield error(path, "read", "batch_empty")


def _delimiter(sample: str) -> str:
    header = sample.split("\n", 1)[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    path: Path, max_bytes: int, text_column: str | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """One document per CSV row after the header; the delimiter is taken from the header line."""
    _raise_field_limit()
    encoding, sample = stream_encoding(path)
    if looks_binary(sample):
        yield error(path, "decode", "binary")
        return
    produced = False
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=_delimiter(sample))
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                yield error(path, "read", "batch_empty")
                return
            columns = find_columns(header, text_column)
            if columns["text"] is None:
                yield _no_text_column(path, text_column)
                return
            number = 0
            line = reader.line_num + 1
            for values in reader:
                start, line = line, reader.line_num + 1
                if not any(v.strip() for v in values):
                    continue
                number += 1
                produced = True
                yield row_document(dict(zip(header, values, strict=False)), columns, path, number, start, max_bytes)
        except csv.Error as exc:
            yield error(path, "parse", "batch_bad_csv", line=line, reason=str(exc))
            return
    if not produced:
        yield error(path, "read", "batch_empty")
