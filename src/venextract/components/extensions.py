"""Every custom attribute venextract sets on spaCy objects, registered in one place.

Doc attributes hold what the readers know about the document; Span attributes
hold the normalised value of a mention.  Mentions live in ``doc.spans["venextract"]``.

A span's values are kept in one dict per character range in ``doc.user_data``
(keyed ``("venextract", start_char, end_char)``): the components read them all
at once with :func:`values`, and ``span._.value_min`` and the other named
attributes read and write that dict.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

SPANS_KEY = "venextract"
VALUES_TAG = "venextract"  # doc.user_data[(VALUES_TAG, start_char, end_char)]: {attribute: value}

DOC_ATTRIBUTES: dict[str, object] = {
    "text": None,  # the text, cached: Doc.text rebuilds it from the tokens on every access
    "doc_id": None,
    "source": None,
    "title": None,
    "published": None,  # datetime.date
    "section": None,
    "author": None,
    "url": None,
    "n_pages": None,
    "page_starts": None,  # list[int]: char offset of each page (PDF)
    "skip_ranges": None,  # list[(start, end)]: dateline, source line ... not body text
    "paragraphs": None,  # list[(start, end)]
    "sentence_ranges": None,  # list[(start, end)]
    "province": None,  # the province the document is about
    "content_hash": None,
}

SPAN_ATTRIBUTES: dict[str, object] = {
    "value_min": None,
    "value_max": None,
    "unit": None,
    "qualifier": None,
    "object": None,
    "per": None,
    "period_start": None,
    "period_end": None,
    "period_text": None,
    "period_kind": None,
    "comparison": False,
    "coord_group": None,
    "optional": False,
    "is_target": None,
    "province": None,
    "province_code": None,
}


def register() -> None:
    """Register the attributes (idempotent: safe to call from every component)."""
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_ATTRIBUTES.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_getter(name, default), setter=_setter(name))


def _key(span: Span) -> tuple[str, int, int]:
    return (VALUES_TAG, span.start_char, span.end_char)


def _values_for(doc: Doc, key: tuple[str, int, int]) -> dict[str, Any]:
    """The stored values of a character range, created on first use."""
    stored = doc.user_data.get(key)
    if stored is None:
        stored = doc.user_data[key] = {}
    return stored


def _getter(name: str, default: object) -> Callable[[Span], Any]:
    def get(span: Span) -> Any:
        return span.doc.user_data.get(_key(span), _EMPTY).get(name, default)

    return get


def _setter(name: str) -> Callable[[Span, Any], None]:
    def set_(span: Span, value: Any) -> None:
        _values_for(span.doc, _key(span))[name] = value

    return set_


_EMPTY: dict[str, Any] = {}


def values(span: Span) -> dict[str, Any]:
    """All the span's attribute values (defaults filled in), as a new dict."""
    return SPAN_ATTRIBUTES | span.doc.user_data.get(_key(span), _EMPTY)


def set_values(span: Span, new: dict[str, Any]) -> None:
    """Set several of the span's attributes at once."""
    _values_for(span.doc, _key(span)).update(new)


def text_of(doc: Doc) -> str:
    """The document's text, computed once per Doc."""
    text = doc._.text
    if text is None:
        text = doc._.text = doc.text
    return text


def mentions(doc: Doc) -> list[Span]:
    """The document's mentions in text order."""
    if SPANS_KEY not in doc.spans:
        return []
    return sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start_char, s.end_char))


def in_skip_range(doc: Doc, start: int, end: int) -> bool:
    """Whether [start, end) lies in a non-body range (dateline, source line ...)."""
    return any(s <= start and end <= e for s, e in (doc._.skip_ranges or ()))


def add_span(doc: Doc, start: int, end: int, label: str, **values: object) -> Span | None:
    """Add a mention over characters [start, end) with its values; None if it has no tokens."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    group = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else None
    if group is None:
        doc.spans[SPANS_KEY] = []
        group = doc.spans[SPANS_KEY]
    group.append(span)
    _values_for(doc, _key(span)).update(values)
    return span
