"""Resolve assembled time expressions to days against the published date.

:class:`~venextract.normalize.periods.PeriodFinder` finds the time expressions
in a text and assembles each as an :class:`_Item` (its year, month, part of a
year or relative offset, its range partner, the preposition before it, its
coordination group); :func:`resolve` turns them into
:class:`~venextract.types.PeriodMatch` records with a first and last day, a
``kind`` and an ``optional`` flag.  The preposition and the words after a core
shape the span ("since 2016" runs to the published date, "before 2025" ends on
2024-12-31).  Relative expressions resolve against ``published`` and, for "the
same period" and "the previous year", against the period mentioned just before
in the same paragraph.  The calendar arithmetic is in
:mod:`~venextract.normalize.dates`.

``kind`` values:

===========  ==============================================================
year         a calendar year: "2021", "In 2021", "early 2023", "the end of 2022"
range        a span between two points: "2016-2020", "from 2016 to 2020",
             "between 2016 and 2020", "2021-30", "2020/21", "January-May 2022",
             "from November 2 to 6", "the 1990s"
since        from a point to the published date: "Since 2016", "after 2020",
             "from 2021" (open, None without a published date)
to_now       "From 2020 to now", "2020 to date", "so far in 2023": start ..
             published date (None without one)
deadline     an end point with open start: "by 2025", "until 2025", "to 2030",
             "before 2025" (ends 2024-12-31), "from now to 2025" (starts on the
             published date)
half         "the first half of 2023", "H2 2022"
quarter      "the first quarter of 2022", "Q3 2021", "quarter II/2022"
months       "the first six months of 2020", "the last three months of 2021"
month        "March 2023", "in March" (year from context or the published date)
day          "August 1, 2014", "1 August 2014", "March 27"
relative     "this year", "last year", "next month", "10 years ago", "the next
             five years" (the published year and the four after it), "the
             previous year" (before the period just mentioned)
same_period  "the same period last year", "the same period of 2021": the part of
             that year matching the period it is compared with
===========  ==============================================================

``optional`` marks expressions that cannot be resolved exactly (relative ones
without a published date, "10 years ago", "the next five years").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..types import PeriodMatch
from .dates import (
    add_months,
    first_months,
    half_bounds,
    last_day_of_month,
    last_months,
    month_bounds,
    quarter_bounds,
    shift_to_year,
    valid_day,
    year_bounds,
)

__all__ = ["resolve"]


@dataclass(slots=True)
class _Item:
    """A core time expression while the finder assembles it; :func:`resolve` dates it."""

    start: int
    end: int
    ctype: str  # year, range, part, months, month, day, rel, ago, span, same
    y: int | None = None  # explicit year
    y2: int | None = None  # explicit end year of a range
    yrel: int | None = None  # year relative to the published date (this/last/next year)
    yctx: bool = False  # year relative to the period mentioned before ("the previous year")
    n: int = 0  # month, half, quarter or count
    d: int = 0  # day
    unit: str = ""  # half, quarter, year, month, first, last, past, next, ...
    opt: bool = False  # cannot be resolved exactly
    abbrev: bool = False  # an abbreviated month name
    prefixed: bool = False  # "early 2023", "the end of 2022"
    end_of: bool = False  # "the end of 2022": "before the end of 2022" is a deadline at its close
    prep: str = ""  # since, from, between, deadline, before, after, fromnow
    partner: _Item | None = None  # the end point of a range
    to_now: bool = False  # "... to now", "so far in ..."
    onward: bool = False  # "... onwards"
    group: int | None = None
    comparison: bool = False
    vision: bool = False  # a long-term horizon beside the plan's own period ("with a vision to 2050")

    @property
    def has_year(self) -> bool:
        """The item names its year (or needs none); bare ones borrow a partner's or the published one."""
        return self.y is not None or self.yrel is not None or self.yctx or self.ctype in ("rel", "ago", "span", "same")


def resolve(text: str, items: list[_Item], published: date | None) -> list[PeriodMatch]:
    """The periods of assembled ``items`` (in text order), dated against ``published``."""
    out: list[PeriodMatch] = []
    frame: tuple[date, date] | None = None  # the last non-comparison period with both ends
    frame_end = 0
    for it in items:
        if frame is not None and "\n" in text[frame_end:it.start]:
            frame = None
        it.end_of = it.prefixed and "end" in text[it.start:it.end].lower()
        d0, d1, kind, opt = _span(it, published, frame)
        if (d0 is None and d1 is None) or it.vision:
            opt = True
        out.append(PeriodMatch(it.start, it.end, text[it.start:it.end], d0, d1, kind, it.comparison, it.group, opt))
        if not it.comparison and d0 is not None and d1 is not None and kind not in ("same_period",):
            frame, frame_end = (d0, d1), it.end
    return out


def _span(
    it: _Item, published: date | None, frame: tuple[date, date] | None
) -> tuple[date | None, date | None, str, bool]:
    """Dates, kind and optional flag of an assembled item."""
    p0, p1, kind, opt = _point(it, published, frame)
    if it.partner is not None:
        q0, q1, _, opt2 = _point(it.partner, published, frame)
        if p0 is not None and q1 is not None and p0 > q1:
            return None, None, "range", True
        return p0, q1, "range", opt or opt2
    if it.to_now:
        return p0, _open_end(p0, published), "to_now", opt
    if it.onward:
        return p0, _open_end(p0, published), "since", opt
    prep = it.prep
    if prep in ("since", "from"):
        return p0, _open_end(p0, published), "since", opt
    if prep == "after":
        start = p1 + timedelta(days=1) if p1 is not None else None
        return start, _open_end(start, published), "since", opt
    if prep == "deadline":
        return None, p1, "deadline", opt
    if prep == "fromnow":
        return published, p1, "deadline", opt
    if prep == "before":
        if it.end_of or it.ctype == "day":
            # "before the end of 2022": by the close of 2022; "before 30 June 2025", a deadline's day as
            # official texts set it ("trước ngày 30/6"), is that day
            return None, p1, "deadline", opt
        return None, (p0 - timedelta(days=1) if p0 is not None else None), "deadline", opt
    return p0, p1, kind, opt


def _open_end(start: date | None, published: date | None) -> date | None:
    if published is None or start is None or start > published:
        return None
    return published


def _year_of(it: _Item, published: date | None, frame: tuple[date, date] | None) -> tuple[int | None, bool]:
    """The calendar year an item lies in, and whether that is a guess."""
    if it.y is not None:
        return it.y, False
    if it.yrel is not None:
        if it.yctx and frame is not None:
            return frame[0].year + it.yrel, it.opt
        if published is None:
            return None, True
        return published.year + it.yrel, it.opt or it.yctx
    if published is None:
        return None, True
    return published.year, False


def _point(
    it: _Item, published: date | None, frame: tuple[date, date] | None
) -> tuple[date | None, date | None, str, bool]:
    t = it.ctype
    if t == "year":
        a, b = year_bounds(it.y or 0)
        return a, b, "year", False
    if t == "range":
        return date(it.y or 0, 1, 1), date(it.y2 or 0, 12, 31), "range", False
    if t == "same":
        return _same(it, published, frame)
    if t == "ago":
        base: int | None = None
        if it.yctx and frame is not None:
            base = frame[0].year
        elif published is not None:
            base = published.year
        if base is None:
            return None, None, "relative", True
        guess = not (it.yctx and frame is not None)
        if it.unit == "month" and published is not None and not it.yctx:
            y, mth = add_months(published.year, published.month, -it.n)
            a, b = month_bounds(y, mth)
        else:
            a, b = year_bounds(base - (it.n if it.unit == "year" else it.n // 12 or 1))
        return a, b, "relative", guess
    if t == "span":
        if published is None:
            return None, None, "relative", True
        y = published.year
        if it.unit == "next":
            return date(y, 1, 1), date(y + it.n - 1, 12, 31), "relative", True
        return date(y - it.n + 1, 1, 1), published, "relative", True
    if t == "rel" and it.unit in ("past_months", "next_months"):
        if published is None:
            return None, None, "relative", True
        if it.unit == "past_months":
            y, mth = add_months(published.year, published.month, -it.n)
            return date(y, mth, 1), published, "relative", True
        y, mth = add_months(published.year, published.month, it.n)
        return published, last_day_of_month(y, mth), "relative", True
    if t == "rel" and it.unit in ("month", "quarter"):
        if published is None:
            return None, None, "relative", True
        if it.unit == "month":
            y, mth = add_months(published.year, published.month, it.yrel or 0)
            a, b = month_bounds(y, mth)
        else:
            y, mth = add_months(published.year, 3 * ((published.month - 1) // 3) + 1, 3 * (it.yrel or 0))
            a, b = quarter_bounds(y, (mth - 1) // 3 + 1)
        return a, b, "relative", it.opt
    year, guess = _year_of(it, published, frame)
    if year is None:
        return None, None, it.unit if t == "part" else _KIND.get(t, "relative"), True
    if t == "rel":
        a, b = year_bounds(year)
        return a, b, "relative", guess
    if t == "part":
        a, b = half_bounds(year, it.n) if it.unit == "half" else quarter_bounds(year, it.n)
        return a, b, it.unit, guess
    if t == "months":
        a, b = last_months(year, it.n) if it.unit in ("last", "final") else first_months(year, it.n)
        return a, b, "months", guess
    if t == "month":
        a, b = month_bounds(year, it.n)
        return a, b, "month", guess
    if t == "day":
        if not valid_day(year, it.n, it.d):
            return None, None, "day", True
        return date(year, it.n, it.d), date(year, it.n, it.d), "day", guess
    return None, None, "relative", True


def _same(
    it: _Item, published: date | None, frame: tuple[date, date] | None
) -> tuple[date | None, date | None, str, bool]:
    """"The same period (of 2021 / last year)": the compared period moved to that year."""
    if frame is None or frame[0].year != frame[1].year:
        return None, None, "same_period", True
    if it.y is not None:
        year = it.y
    else:
        year = frame[1].year + (it.yrel if it.yrel is not None else -1)
    return shift_to_year(frame[0], year), shift_to_year(frame[1], year), "same_period", False


_KIND = {"months": "months", "month": "month", "day": "day", "rel": "relative"}
