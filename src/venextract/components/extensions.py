"""Every custom attribute venextract sets on spaCy objects, registered in one place.

Doc attributes hold what the readers know about the document; Span attributes
hold the normalised value of a mention.  Mentions live in ``doc.spans["venextract"]``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_KEY = "venextract"

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
            Span.set_extension(name, default=default)


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
    for name, value in values.items():
        setattr(span._, name, value)
    return span
