"""Every custom attribute venextract sets on spaCy objects, registered in one place.

Doc attributes hold what the readers know about the document; Span attributes
hold the normalised value of a mention.  Mentions live in ``doc.spans["venextract"]``.

A span's values are kept in one dict per character range in ``doc.user_data``
(keyed ``("venextract", start_char, end_char)``): the components read them all
at once with :func:`values`, and ``span._.value_min`` and the other named
attributes read and write that dict.

The per-document code reads and writes the Doc attributes with :func:`doc_value`
and :func:`set_doc_values`, which go straight to ``doc.user_data`` where spaCy
keeps them; ``doc._.name`` sees the same values but costs about a microsecond
per access.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

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
    "converts": False,  # a bracketed conversion of the amount before it
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


# ------------------------------------------------------------------ Doc attributes

# where spaCy keeps the value of ``doc._.name`` (an extension with a default)
_DOC_KEYS = {name: ("._.", name, None, None) for name in DOC_ATTRIBUTES}


def doc_value(doc: Doc, name: str) -> Any:
    """``doc._.name`` for one of :data:`DOC_ATTRIBUTES`, read from ``doc.user_data`` directly."""
    return doc.user_data.get(_DOC_KEYS[name], DOC_ATTRIBUTES[name])


def set_doc_values(doc: Doc, **values: Any) -> None:
    """Set several of :data:`DOC_ATTRIBUTES` at once, as ``doc._.name = value`` would."""
    user_data = doc.user_data
    for name, value in values.items():
        user_data[_DOC_KEYS[name]] = value


def text_of(doc: Doc) -> str:
    """The document's text, computed once per Doc."""
    key = _DOC_KEYS["text"]
    text = doc.user_data.get(key)
    if text is None:
        text = doc.user_data[key] = doc.text
    return text


def skip_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The document's non-body ranges (dateline, source line ...), empty if none."""
    return doc.user_data.get(_DOC_KEYS["skip_ranges"]) or []


def in_skip_range(doc: Doc, start: int, end: int) -> bool:
    """Whether [start, end) lies in a non-body range (dateline, source line ...)."""
    return _within(skip_ranges(doc), start, end)


def _within(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    for s, e in ranges:
        if s <= start and end <= e:
            return True
    return False


# ------------------------------------------------------------------ Span attributes


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
    return SPAN_ATTRIBUTES | span.doc.user_data.get((VALUES_TAG, span.start_char, span.end_char), _EMPTY)


def set_values(span: Span, new: dict[str, Any]) -> None:
    """Set several of the span's attributes at once."""
    _values_for(span.doc, _key(span)).update(new)


def set_range_values(doc: Doc, start_char: int, end_char: int, new: dict[str, Any]) -> None:
    """:func:`set_values` for the mention(s) over [start_char, end_char), given by their offsets."""
    _values_for(doc, (VALUES_TAG, start_char, end_char)).update(new)


# ------------------------------------------------------------------ mentions

Mention = tuple[int, int, str, dict[str, Any]]  # start_char, end_char, label, values
_BY_RANGE = itemgetter(0, 1)
_SPAN_RANGE = attrgetter("start_char", "end_char")


def mentions(doc: Doc) -> list[Span]:
    """The document's mentions in text order."""
    if SPANS_KEY not in doc.spans:
        return []
    return sorted(doc.spans[SPANS_KEY], key=_SPAN_RANGE)


def mention_records(doc: Doc) -> list[Mention]:
    """The document's mentions in text order (as :func:`mentions`), each as
    ``(start_char, end_char, label, values)`` with the values as :func:`values` gives them."""
    if SPANS_KEY not in doc.spans:
        return []
    stored = doc.user_data
    records = []
    for span in doc.spans[SPANS_KEY]:
        start, end = span.start_char, span.end_char
        records.append((start, end, span.label_, SPAN_ATTRIBUTES | stored.get((VALUES_TAG, start, end), _EMPTY)))
    records.sort(key=_BY_RANGE)  # stable: mentions over the same range keep their order
    return records


def add_span(doc: Doc, start: int, end: int, label: str, **values: object) -> Span | None:
    """Add a mention over characters [start, end) with its values; None if it has no tokens."""
    span = _span_over(doc, start, end, label)
    if span is not None:
        _mention_group(doc).append(span)
        _store(doc.user_data, span, values)
    return span


def add_mentions(doc: Doc, found: Iterable[Mention]) -> None:
    """Add mentions given as ``(start, end, label, values)``, leaving out those in a skip range.

    Does what :func:`in_skip_range` and :func:`add_span` do for each, with the
    per-document lookups done once.  The values dicts are stored, not copied.
    """
    skip = skip_ranges(doc)
    user_data = doc.user_data
    group = None
    for start, end, label, new in found:
        if skip and _within(skip, start, end):
            continue
        span = _span_over(doc, start, end, label)
        if span is None:
            continue
        if group is None:
            group = _mention_group(doc)
        group.append(span)
        _store(user_data, span, new)


def _span_over(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The span of the tokens that characters [start, end) touch; None if there are none."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _mention_group(doc: Doc) -> SpanGroup:
    """``doc.spans[SPANS_KEY]``, created on first use."""
    spans = doc.spans
    if SPANS_KEY not in spans:
        spans[SPANS_KEY] = []
    return spans[SPANS_KEY]


def _store(user_data: dict[Any, Any], span: Span, new: dict[str, Any]) -> None:
    """Add ``new`` to the span's stored values (kept as they are if it had none)."""
    key = (VALUES_TAG, span.start_char, span.end_char)
    stored = user_data.get(key)
    if stored is None:
        user_data[key] = new
    else:
        stored.update(new)
