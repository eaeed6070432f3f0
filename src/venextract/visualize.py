"""See what was extracted: a document as HTML with every mention highlighted and explained.

Each mention is a ``<mark>`` coloured by label, followed by a small tag with
its normalised value, unit, qualifier, period and target flag; a table of all
mentions follows the text.  The page is self-contained (inline CSS, no
scripts), every piece of document text is escaped, and overlapping mentions
nest (a mention that crosses another's edge is drawn in pieces sharing one
``data-mention`` number).

    >>> html = render("In 2021, Ha Noi spent VND 5 billion.")     # doctest: +SKIP
    >>> display(doc)                                              # doctest: +SKIP  (in a notebook)
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from .components.extensions import SPANS_KEY
from .types import LABELS, RawDocument

COLOURS: dict[str, str] = {
    "PROVINCE": "#a6cee3",
    "PERIOD": "#b2df8a",
    "MONEY": "#fdbf6f",
    "COUNT": "#cab2d6",
    "PERCENT": "#fb9a99",
}

CSS = """
.vx { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 62rem; }
.vx-doc { margin: 0 0 2.5rem; }
.vx-doc h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
.vx-meta { color: #555; font-size: .85rem; margin: 0 0 .6rem; }
.vx-legend { font-size: .8rem; margin: 0 0 .8rem; }
.vx-key { display: inline-block; padding: .05rem .4rem; margin-right: .3rem; border-radius: .25rem; }
.vx-text { white-space: pre-wrap; line-height: 2.1; font-size: .95rem; }
.vx-m { padding: .1rem .15rem; border-radius: .25rem; color: inherit; }
.vx-m .vx-m { padding: 0 .1rem; }
.vx-target { outline: 2px dashed #c0392b; outline-offset: 1px; }
.vx-tag { font-size: .7rem; font-weight: 600; margin-left: .3rem; padding: 0 .25rem; border-radius: .2rem;
          background: rgba(255,255,255,.75); white-space: nowrap; }
.vx-table { border-collapse: collapse; margin-top: 1rem; font-size: .8rem; }
.vx-table th, .vx-table td { border: 1px solid #ddd; padding: .2rem .45rem; text-align: left; vertical-align: top;
                             white-space: nowrap; }
.vx-table td.vx-wrap { white-space: normal; }
.vx-table th { background: #f4f4f4; }
.vx-none { color: #777; font-style: italic; }
""" + "".join(f".vx-{label} {{ background: {colour}; }}\n" for label, colour in COLOURS.items())


# ---------------------------------------------------------------- values as text


def _number(v: Any) -> str:
    if v is None:
        return "?"
    f = float(v)
    return f"{f:,.0f}" if f.is_integer() else f"{f:,.6f}".rstrip("0").rstrip(".")


def _day(v: Any) -> str:
    return v.isoformat() if isinstance(v, date) else ("" if v is None else str(v))


def value_text(span: Any) -> str:
    """The normalised value of a mention: ``24,500,000,000 VND``, ``5-8%``, ``2016-01-01..2020-12-31``."""
    x = span._
    if span.label_ == "PROVINCE":
        return x.province or ""
    if span.label_ == "PERIOD":
        return f"{_day(x.period_start)}..{_day(x.period_end)}"
    lo, hi = x.value_min, x.value_max
    amount = _number(lo) if hi is None or lo == hi else f"{_number(lo)}-{_number(hi)}"
    if span.label_ == "PERCENT":
        return f"{amount}%"
    unit = f"{x.unit or ''}/{x.per}" if x.per else (x.unit or "")
    return f"{amount} {unit}".strip()


def _period(span: Any) -> str:
    x = span._
    if x.period_start is None and x.period_end is None:
        return ""
    return f"{_day(x.period_start)}..{_day(x.period_end)}"


def _details(span: Any) -> list[str]:
    """The tag's parts: label, value, qualifier, period, target flag."""
    x = span._
    parts = [span.label_, value_text(span)]
    if span.label_ in ("MONEY", "COUNT", "PERCENT"):
        if x.qualifier and x.qualifier != "exact":
            parts.append(x.qualifier)
        if _period(span):
            parts.append(f"period {_period(span)}")
        if x.is_target:
            parts.append("target")
    return [p for p in parts if p]


# ---------------------------------------------------------------- documents


def _as_doc(obj: Any, nlp: Any = None, patterns: Any = None) -> Any:
    """A processed Doc from a Doc, a RawDocument or an article's text."""
    from spacy.tokens import Doc

    if isinstance(obj, Doc):
        return obj
    from . import engine
    from .api import load

    nlp = nlp or load(patterns)
    if isinstance(obj, str):
        from .readers import document_from_text

        obj = document_from_text(obj, doc_id="text")
    if not isinstance(obj, RawDocument):
        raise TypeError(f"expected a spaCy Doc, a RawDocument, a Path or a str, not {type(obj).__name__}")
    return nlp(engine.to_doc(nlp, obj))


def _read(path: Path) -> list[RawDocument]:
    """The documents of a file (a batch file holds many)."""
    from .readers import read_path
    from .types import ErrorRecord

    found = list(read_path(path))
    docs = [item for item in found if isinstance(item, RawDocument)]
    problems = "; ".join(item.message for item in found if isinstance(item, ErrorRecord))
    if not docs:
        raise ValueError(problems or f"{path}: no documents")
    if problems:
        warnings.warn(problems, stacklevel=3)
    return docs


def _mentions(doc: Any) -> list[Any]:
    if SPANS_KEY not in doc.spans:
        return []
    return sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start_char, -s.end_char, s.label_))


def _marked_text(text: str, spans: Sequence[Any], prefix: str) -> str:
    """``text`` escaped, with a ``<mark>`` per mention; overlaps nest, crossings are split."""
    cuts = sorted({0, len(text), *(s.start_char for s in spans), *(s.end_char for s in spans)})
    out: list[str] = []
    stack: list[int] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [i for i, s in enumerate(spans) if s.start_char <= a and b <= s.end_char]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(spans[stack.pop()], a))
        for i in active[keep:]:
            out.append(_open(spans[i], i, prefix, first=a == spans[i].start_char))
            stack.append(i)
        out.append(escape(text[a:b]))
    while stack:
        out.append(_close(spans[stack.pop()], len(text)))
    return "".join(out)


def _open(span: Any, i: int, prefix: str, first: bool) -> str:
    classes = f"vx-m vx-{span.label_}" + (" vx-target" if span._.is_target else "")
    tip = " | ".join(_details(span))
    anchor = f' id="{prefix}m{i + 1}"' if first else ""
    return (f'<mark class="{classes}" data-label="{escape(span.label_)}" data-mention="{i + 1}"{anchor} '
            f'title="{escape(tip)}">')


def _close(span: Any, at: int) -> str:
    """End a mark; at the mention's end (not where a crossing mention splits it), add its tag."""
    if at < span.end_char:
        return "</mark>"
    return f'<span class="vx-tag">{escape(" · ".join(_details(span)))}</span></mark>'


WRAP = ' class="vx-wrap"'


def _table(spans: Sequence[Any]) -> str:
    if not spans:
        return '<p class="vx-none">No mentions found.</p>'
    head = ("#", "label", "text", "value", "unit", "qualifier", "period", "target", "province", "object")
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for i, s in enumerate(spans, 1):
        x = s._
        figure = s.label_ in ("MONEY", "COUNT", "PERCENT")
        cells = (
            str(i), s.label_, " ".join(s.text.split()), value_text(s),
            (x.unit or "") if figure else "",
            (x.qualifier or "exact") if figure else "",
            _period(s) if s.label_ != "PERIOD" else "",
            ("yes" if x.is_target else "no") if figure else "",
            x.province or "",
            (x.object or "") if figure else "",
        )
        rows.append(f'<tr class="vx-row vx-row-{s.label_}" data-mention="{i}">'
                    + "".join(f"<td{WRAP if k in (2, 9) else ''}>{escape(c)}</td>" for k, c in enumerate(cells))
                    + "</tr>")
    return '<table class="vx-table">' + "".join(rows) + "</table>"


def _section(doc: Any, n: int) -> str:
    x = doc._
    spans = _mentions(doc)
    prefix = f"vx{n}-"
    heading = escape(x.title or x.doc_id or f"document {n}")
    meta = [f"doc_id {x.doc_id}" if x.doc_id else "",
            f"published {_day(x.published)}" if x.published else "published: unknown",
            f"province {x.province}" if x.province else "province: none",
            f"{len(spans)} mentions"]
    legend = "".join(f'<span class="vx-key vx-{label}">{label}</span>' for label in LABELS)
    legend += '<span class="vx-key vx-target">target</span>'
    return (f'<section class="vx-doc" data-doc-id="{escape(str(x.doc_id or ""))}">'
            f"<h2>{heading}</h2>"
            f'<p class="vx-meta">{escape(" · ".join(m for m in meta if m))}</p>'
            f'<div class="vx-legend">{legend}</div>'
            f'<div class="vx-text">{_marked_text(doc.text, spans, prefix)}</div>'
            f"{_table(spans)}</section>")


def render(
    docs: Any,
    *,
    nlp: Any = None,
    patterns: Any = None,
    standalone: bool = True,
    title: str | None = None,
) -> str:
    """HTML showing the mentions of one document or several.

    ``docs`` is a processed spaCy Doc, a :class:`~venextract.types.RawDocument`,
    an article's text, a file's :class:`~pathlib.Path`, or a list of these;
    all but Docs are run through ``nlp`` (default: :func:`venextract.load`
    with ``patterns``).
    ``standalone`` gives a whole page; otherwise a fragment with its own style,
    for embedding (as in notebooks).
    """
    items = [docs] if isinstance(docs, (str, Path, RawDocument)) or hasattr(docs, "spans") else list(docs)
    raws = [raw for item in items for raw in (_read(item) if isinstance(item, Path) else [item])]
    processed = [_as_doc(item, nlp, patterns) for item in raws]
    sections = "".join(_section(doc, n) for n, doc in enumerate(processed, 1))
    body = f'<div class="vx">{sections}</div>'
    if not standalone:
        return f"<style>{CSS}</style>{body}"
    if title is None and len(processed) == 1:
        title = processed[0]._.title or processed[0]._.doc_id
    page_title = escape(title or "venextract")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{page_title}</title><style>{CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def display(docs: Any, **options: Any) -> str | None:
    """Show :func:`render` output in a notebook; outside IPython return the HTML instead."""
    html = render(docs, standalone=False, **options)
    try:
        from IPython import get_ipython
        from IPython.display import HTML
        from IPython.display import display as show
    except ImportError:
        return html
    if get_ipython() is None:
        return html
    show(HTML(html))
    return None
