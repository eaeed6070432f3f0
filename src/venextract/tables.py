"""Flatten processed Docs into rows of the four tables, and rows into DataFrames."""
from __future__ import annotations

from bisect import bisect_right
from functools import partial
from typing import Any

from spacy.tokens import Doc

from .components.extensions import doc_value, mention_records, text_of
from .schema import TABLES
from .segmentation import index_of
from .types import ErrorRecord

Row = dict[str, Any]
FIGURE_KINDS = {"MONEY": "money", "COUNT": "count", "PERCENT": "percent"}


def document_row(doc: Doc, n_chars: int | None = None) -> Row:
    get = partial(doc_value, doc)
    return {
        "doc_id": get("doc_id"),
        "source": get("source"),
        "title": get("title"),
        "published": get("published"),
        "section": get("section"),
        "author": get("author"),
        "url": get("url"),
        "province": get("province"),
        "n_chars": len(text_of(doc)) if n_chars is None else n_chars,
        "n_pages": get("n_pages"),
    }


def doc_rows(doc: Doc) -> dict[str, list[Row]]:
    """The rows one processed document contributes to each table."""
    doc_id = doc_value(doc, "doc_id")
    text = text_of(doc)
    sentences = doc_value(doc, "sentence_ranges") or [(0, len(text))]
    sent_starts = [s for s, _ in sentences]
    pages = doc_value(doc, "page_starts") or []
    mention_rows: list[Row] = []
    fact_rows: list[Row] = []
    sentence_texts: dict[int, str] = {}  # a sentence's text, white space squashed, for each of its facts
    for i, (start, end, label, x) in enumerate(mention_records(doc), 1):
        sentence = max(bisect_right(sent_starts, start) - 1, 0)  # index_of, inlined: once per mention
        mention_id = f"{doc_id}#{i}"
        mention_rows.append({
            "doc_id": doc_id,
            "mention_id": mention_id,
            "label": label,
            "text": text[start:end],
            "start_char": start,
            "end_char": end,
            "sentence": sentence,
            "page": index_of(pages, start) + 1 if pages else None,
            "value_min": x["value_min"],
            "value_max": x["value_max"],
            "unit": x["province_code"] if label == "PROVINCE" else x["unit"],
            "qualifier": x["qualifier"],
            "period_start": x["period_start"],
            "period_end": x["period_end"],
            "is_target": x["is_target"],
            "province": x["province"],
        })
        if label in FIGURE_KINDS:
            if sentence not in sentence_texts:
                s, e = sentences[sentence]
                sentence_texts[sentence] = " ".join(text[s:e].split())
            fact_rows.append({
                "doc_id": doc_id,
                "mention_id": mention_id,
                "kind": FIGURE_KINDS[label],
                "value_min": x["value_min"],
                "value_max": x["value_max"],
                "unit": x["unit"] if not x["per"] else f"{x['unit']}/{x['per']}",
                "object": x["object"],
                "qualifier": x["qualifier"],
                "province": x["province"],
                "period_start": x["period_start"],
                "period_end": x["period_end"],
                "period_text": x["period_text"],
                "is_target": bool(x["is_target"]),
                "sentence_text": sentence_texts[sentence],
            })
    return {"documents": [document_row(doc, len(text))], "mentions": mention_rows, "facts": fact_rows, "errors": []}


def error_row(error: ErrorRecord) -> Row:
    return {"source": error.source, "stage": error.stage, "error": error.error, "message": error.message}


def empty_rows() -> dict[str, list[Row]]:
    return {name: [] for name in TABLES}


def merge(into: dict[str, list[Row]], rows: dict[str, list[Row]]) -> None:
    for name, items in rows.items():
        into[name].extend(items)


def frames(rows: dict[str, list[Row]]) -> dict[str, Any]:
    """DataFrames with the schema's columns and dtypes, one per table (see ``writers.to_dataframe``)."""
    from .writers import to_arrow_table, to_dataframe

    return {name: to_dataframe(to_arrow_table(rows.get(name, []), name), name) for name in TABLES}
