"""Plain data records shared by every layer (standard library only).

The recognisers in ``normalize/`` return these records with character offsets
into the text they were given; the spaCy components turn them into spans, and
``tables`` flattens spans into rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LABELS = ("PROVINCE", "PERIOD", "MONEY", "COUNT", "PERCENT")
QUALIFIERS = ("exact", "approx", "over", "under", "at_least", "at_most")


@dataclass(slots=True)
class RawDocument:
    """A document as a reader hands it over: text plus what is known about it."""

    doc_id: str
    source: str
    text: str
    title: str | None = None
    published: date | None = None
    section: str | None = None
    author: str | None = None
    url: str | None = None
    n_pages: int | None = None
    # character offset where each page starts (PDF); empty for other formats
    page_starts: list[int] = field(default_factory=list)
    # character ranges that are not article body (dateline, source line, ...)
    skip_ranges: list[tuple[int, int]] = field(default_factory=list)
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A money amount, count or percentage found in a text."""

    label: str  # MONEY, COUNT or PERCENT
    start_char: int
    end_char: int
    text: str
    value_min: float
    value_max: float
    unit: str | None  # ISO currency (MONEY), singular noun head (COUNT), "percent"
    qualifier: str = "exact"
    object: str | None = None  # counted noun phrase, or what the money is for
    per: str | None = None  # price basis: "kg" in "VND400-700 thousand per kg"
    converts: bool = False  # a bracketed conversion of the amount before it


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    """A time expression and the span of days it denotes (None = open end)."""

    start_char: int
    end_char: int
    text: str
    date_start: date | None
    date_end: date | None
    kind: str  # year, range, since, deadline, part, day, month, relative, ...
    comparison: bool = False  # the base of a comparison ("up 12 percent on 2021")
    coord_group: int | None = None  # periods coordinated under one preposition
    optional: bool = False  # cannot be resolved (relative, no published date)


@dataclass(frozen=True, slots=True)
class ProvinceMatch:
    start_char: int
    end_char: int
    text: str
    province: str  # canonical pre-2025 name, e.g. "Ha Noi"
    code: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One row of the errors table: an input that could not be (fully) used."""

    source: str
    stage: str  # find, read, decode, parse, extract, write
    error: str  # short machine-readable kind, e.g. "pdf_no_text"
    message: str  # what happened and what to do, for a person
