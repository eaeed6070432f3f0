"""The four output tables: their columns, in order, and each column's type.

Types are Arrow type names so every writer (CSV, Parquet, JSONL, xlsx, DuckDB)
produces the same columns, also for empty tables.
"""
from __future__ import annotations

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "string",
        "source": "string",
        "title": "string",
        "published": "date32",
        "section": "string",
        "author": "string",
        "url": "string",
        "province": "string",
        "n_chars": "int64",
        "n_pages": "int64",
    },
    "mentions": {
        "doc_id": "string",
        "mention_id": "string",
        "label": "string",
        "text": "string",
        "start_char": "int64",
        "end_char": "int64",
        "sentence": "int64",
        "page": "int64",
        "value_min": "float64",
        "value_max": "float64",
        "unit": "string",
        "qualifier": "string",
        "period_start": "date32",
        "period_end": "date32",
        "is_target": "bool",
        "province": "string",
    },
    "facts": {
        "doc_id": "string",
        "mention_id": "string",
        "kind": "string",
        "value_min": "float64",
        "value_max": "float64",
        "unit": "string",
        "object": "string",
        "qualifier": "string",
        "province": "string",
        "period_start": "date32",
        "period_end": "date32",
        "period_text": "string",
        "is_target": "bool",
        "sentence_text": "string",
    },
    "errors": {
        "source": "string",
        "stage": "string",
        "error": "string",
        "message": "string",
    },
}

TABLE_NAMES = tuple(TABLES)
