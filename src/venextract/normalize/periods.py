"""Find time expressions (periods) in English news text and resolve them to days.

``PeriodFinder(patterns).find(text, published)`` returns non-overlapping
:class:`~venextract.types.PeriodMatch` records sorted by offset.  The lexicon
(month names, prepositions, comparison cues, words that make a number no year)
lives in ``patterns/periods.json``; the grammar lives here.

How it works: one compiled regex finds *cores* (a year, a year range, a month,
a day, a part of a year, a relative expression).  It is tried only at word
starts shortly before an *anchor* (a four-digit number, a month name, "year",
"quarter", ...), which keeps the scan fast.  Neighbouring cores joined by
"to"/"-"/"and" (after "between") become ranges; the preposition before a core
("since", "by", "until", "from", "before", ...) and the words after it ("to
now", "so far", "onwards", "period") shape the span; cores joined by "and"/","
form a coordination group.  Relative expressions resolve against ``published``
and, for "the same period" and "the previous year", against the period
mentioned just before in the same paragraph.

Not periods: numeric dates ("18/09/2020", the dateline's form), a short line
holding only a date and time (a dateline), numbers inside codes, URLs or names
("15/2023/QD-UBND", "COVID-19", "Vision 2030"), amounts and counts ("2,020
workers", "2010 constant prices"), numbers outside ``year_min..year_max``,
durations ("10 years", "five months") and words like "annual" or "each year".

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

``coord_group`` is an integer shared by periods coordinated under one
preposition ("In 2017 and 2019", "In 2022 and the first half of 2023"); it is
None for a period that stands alone.  ``comparison`` marks the base of a
comparison ("up 12 percent on 2021", "than in the same period of 2021").
``optional`` marks expressions that cannot be resolved exactly (relative ones
without a published date, "10 years ago", "the next five years").
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import regex

from ..resources import read_json
from ..types import PeriodMatch

__all__ = [
    "PeriodFinder",
    "add_months",
    "first_months",
    "half_bounds",
    "last_day_of_month",
    "last_months",
    "month_bounds",
    "quarter_bounds",
    "shift_to_year",
    "year_bounds",
]

Bounds = tuple[date, date]


# ---------------------------------------------------------------- date arithmetic

def last_day_of_month(year: int, month: int) -> date:
    """The last day of a month.

    >>> last_day_of_month(2024, 2)
    datetime.date(2024, 2, 29)
    >>> last_day_of_month(2023, 4)
    datetime.date(2023, 4, 30)
    """
    return date(year, month, calendar.monthrange(year, month)[1])


def year_bounds(year: int) -> Bounds:
    """First and last day of a year.

    >>> year_bounds(2021)
    (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    """
    return date(year, 1, 1), date(year, 12, 31)


def month_bounds(year: int, month: int) -> Bounds:
    """First and last day of a month.

    >>> month_bounds(2023, 3)
    (datetime.date(2023, 3, 1), datetime.date(2023, 3, 31))
    """
    return date(year, month, 1), last_day_of_month(year, month)


def quarter_bounds(year: int, quarter: int) -> Bounds:
    """First and last day of a quarter (1-4).

    >>> quarter_bounds(2022, 1)
    (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
    >>> quarter_bounds(2021, 3)
    (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    """
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), last_day_of_month(year, first + 2)


def half_bounds(year: int, half: int) -> Bounds:
    """First and last day of a half year (1 or 2).

    >>> half_bounds(2023, 1)
    (datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
    >>> half_bounds(2022, 2)
    (datetime.date(2022, 7, 1), datetime.date(2022, 12, 31))
    """
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def first_months(year: int, n: int) -> Bounds:
    """The first ``n`` months of a year.

    >>> first_months(2022, 5)
    (datetime.date(2022, 1, 1), datetime.date(2022, 5, 31))
    >>> first_months(2021, 9)
    (datetime.date(2021, 1, 1), datetime.date(2021, 9, 30))
    """
    return date(year, 1, 1), last_day_of_month(year, n)


def last_months(year: int, n: int) -> Bounds:
    """The last ``n`` months of a year.

    >>> last_months(2022, 3)
    (datetime.date(2022, 10, 1), datetime.date(2022, 12, 31))
    """
    return date(year, 13 - n, 1), date(year, 12, 31)


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    """The (year, month) ``k`` months after (or before, k < 0) a month.

    >>> add_months(2022, 1, -1)
    (2021, 12)
    >>> add_months(2022, 11, 3)
    (2023, 2)
    """
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def shift_to_year(day: date, year: int) -> date:
    """The same month and day in another year (29 February becomes the 28th).

    >>> shift_to_year(date(2022, 5, 31), 2021)
    datetime.date(2021, 5, 31)
    >>> shift_to_year(date(2024, 2, 29), 2023)
    datetime.date(2023, 2, 28)
    """
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


# ---------------------------------------------------------------- regex building

def _alt(words: Any) -> str:
    """An alternation of lexicon entries, longest first, spaces matching any whitespace."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    parts = [regex.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in items]
    return "(?:" + "|".join(parts) + ")"


_LOOKBACK = 60  # the longest lead before a word anchor: "the beginning of the previous year"
_LOOKBACK_SHORT = 30  # before a number or month name: "the beginning of 2023", "the 31st of March"
_NUM_END = r"(?![\w%]|[.,:]\d|/\w)"  # a number that goes on is no year ("2,020", "15/2023/QD")
_DASH = "\\-–—\u2011\u2212"  # hyphen, en and em dash, non-breaking hyphen, minus sign
_FREE = rf"(?<![\w$/:#@&.,{_DASH}])"  # a number standing free, not inside a code, date or amount
_Y = r"[12]\d{3}"
_DAY = r"(?P<d_d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"
# the second day of "November 2 to 6", "1-15 March"
_DAY2 = rf"\s*(?:[{_DASH}]|to|until|till)\s*(?P<d_d2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"


@dataclass(slots=True)
class _Item:
    """A core time expression while it is being assembled."""

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
    prep: str = ""  # since, from, between, deadline, before, after, fromnow
    partner: _Item | None = None  # the end point of a range
    to_now: bool = False  # "... to now", "so far in ..."
    onward: bool = False  # "... onwards"
    group: int | None = None
    comparison: bool = False

    @property
    def has_year(self) -> bool:
        """The item names its year (or needs none); bare ones borrow a partner's or the published one."""
        return self.y is not None or self.yrel is not None or self.yctx or self.ctype in ("rel", "ago", "span", "same")


_POINTS = frozenset({"year", "part", "months", "month", "day", "rel"})


class PeriodFinder:
    """Recognise and resolve periods; load once, call :meth:`find` per text."""

    def __init__(self, patterns: str | Path | None = None) -> None:
        lex = read_json(
            "periods.json",
            patterns,
            required=("months", "month_abbreviations", "number_words", "ordinals", "relative_offsets", "deadline"),
        )
        self.year_min = int(lex.get("year_min", 1945))
        self.year_max = int(lex.get("year_max", 2100))
        self.months = {k.lower(): int(v) for k, v in lex["months"].items()}
        self.abbrevs = {k.lower(): int(v) for k, v in lex["month_abbreviations"].items()}
        self.numbers = {k.lower(): int(v) for k, v in lex["number_words"].items()}
        for w in lex.get("article_one", ["a", "an"]):
            self.numbers.setdefault(w.lower(), 1)
        self.ordinals = {k.lower(): int(v) for k, v in lex["ordinals"].items()}
        self.roman = {k.upper(): int(v) for k, v in lex.get("roman_quarters", {}).items()}
        self.rel_offsets = {k.lower(): int(v) for k, v in lex["relative_offsets"].items()}
        self.rel_ctx = {w.lower() for w in lex.get("relative_from_context", [])}
        self.rel_opt = {w.lower() for w in lex.get("relative_optional", [])}
        self.span_next = {w.lower() for w in lex.get("span_next", [])}
        self.same_bare = {w.lower() for w in lex.get("same_period_bare", ["period"])}
        parts = lex.get("parts_of_year", {})
        self.part_words = {k: [str(w).lower() for w in parts.get(k, [k, k + "s"])] for k in ("half", "quarter")}
        self.dateline_max = int(lex.get("dateline_max_line", 100))
        self._compile(lex)

    # ------------------------------------------------------------ compile

    def _compile(self, lex: dict[str, Any]) -> None:
        ic = regex.IGNORECASE
        months_full = _alt(lex["months"])
        months_abbr = _alt(lex["month_abbreviations"])
        numw = _alt(self.numbers) + r"|\d{1,2}"
        ords = _alt(lex["ordinals"])
        lasts = _alt(lex.get("ordinals_last", ["last", "final"]))
        relw = _alt(lex["relative_offsets"])
        posw = _alt(lex.get("position_words", ["early", "late", "mid", "end"]))
        posof = _alt(lex.get("position_of", ["beginning", "start", "end", "middle"]))
        pos = rf"(?:{posw}(?:-|\s+)|(?:the\s+)?{posof}\s+of\s+)"
        roman = _alt(lex.get("roman_quarters", {"I": 1, "II": 2, "III": 3, "IV": 4}))
        half, halves = _alt(self.part_words["half"][:1]), _alt(self.part_words["half"][1:])
        quarter, quarters = _alt(self.part_words["quarter"][:1]), _alt(self.part_words["quarter"][1:])
        firstw = _alt(lex.get("first_words", ["first"]))
        pastw = _alt(lex.get("span_past", ["past", "previous", "last"]))
        nextw = _alt(lex.get("span_next", ["next", "coming"]))

        def yref(p: str) -> str:
            return (
                rf"(?:(?:the\s+year\s+)?(?P<{p}_y>{_Y}){_NUM_END}|(?:the\s+)?(?P<{p}_rel>{relw})\s+year\b"
                rf"|(?P<{p}_the>the)\s+year\b)"
            )

        same = (
            rf"\b(?P<same>the\s+{_alt(lex.get('same_period_heads', ['same']))}\s+"
            rf"(?P<s_u>{_alt(lex.get('same_period_units', ['period']))})\b"
            rf"(?:\s+(?:of\s+|in\s+)?(?:(?P<s_y>{_Y}){_NUM_END}"
            rf"|(?P<s_prev>{_alt(lex.get('same_period_previous_year', ['last year']))})\b"
            rf"|(?P<s_this>this\s+year)\b))?)"
        )
        part = (
            rf"\b(?P<part>{pos}?(?:(?:the\s+)?(?P<p_ord>{ords})|the\s+(?P<p_last>{lasts}))\s+(?P<p_u>{half}|{quarter})\b"
            rf"(?:\s+of\s+{yref('p')}|,?\s+(?P<p_y>{_Y}){_NUM_END}|(?!\s+of\b|-\w)))"
        )
        ord_any = rf"(?:{ords}|{lasts})"
        parts = (
            rf"\b(?P<parts>(?:the\s+)?{ord_any}(?:\s*,\s*(?:the\s+)?{ord_any})*\s*,?\s+(?:and|or)\s+(?:the\s+)?"
            rf"{ord_any}\s+(?:(?P<pl_h>{halves})|{quarters})\b(?:\s+of\s+{yref('pl')}|,?\s+(?P<pl_y>{_Y}){_NUM_END}"
            rf"|(?!\s+of\b)))"
        )
        self._ordinal_word = regex.compile(rf"(?:the\s+)?\b(?P<o>{ord_any})\b", regex.IGNORECASE)
        qform = (
            rf"\b(?P<qf>(?-i:(?P<q_l>[QH]))(?P<q_n>[1-4])"
            rf"(?:(?:\s*[/-]\s*|\s+|,\s*)(?:of\s+)?(?P<q_y>{_Y}){_NUM_END}|(?![\w/-]))"
            rf"|{quarter}\s+(?-i:(?P<q_r>{roman}))(?:\s*[/-]\s*|\s+|,\s*)(?:of\s+)?(?P<q_y>{_Y}){_NUM_END})"
        )
        months_n = (
            rf"\b(?P<mons>(?:the\s+)?(?:(?:(?P<mo_first>{firstw})|(?P<mo_last>{lasts})|(?P<mo_past>{pastw})"
            rf"|(?P<mo_next>{nextw}))\s+)?(?P<mo_n>{numw})(?:\s+|-)(?:months?|(?P<mo_q>{quarters}))\b"
            rf"(?:\s+of\s+{yref('mo')}|,?\s+(?P<mo_y>{_Y}){_NUM_END})?)"
        )
        ago = (
            rf"\b(?P<ago>(?P<a_n>{numw})\s+(?P<a_u>year|month|decade)s?\s+"
            rf"(?P<a_w>{_alt(lex.get('ago_words', ['ago']))}))\b"
        )
        spanw = _alt(list(lex.get("span_next", [])) + list(lex.get("span_past", [])))
        span = rf"\b(?P<span>(?:the\s+)?(?P<sp_w>{spanw})\s+(?:(?P<sp_n>{numw})\s+years|(?P<sp_dec>decade))\b)"
        rel = (
            rf"\b(?P<rel>(?P<r_pos>{pos})?(?:the\s+)?(?P<r_w>{relw})\s+(?P<r_u>year|month|quarter)\b"
            rf"|(?:the\s+)?{posof}\s+of\s+the\s+(?P<r_the>year)\b"
            rf"|the\s+year\s+(?P<r_before>before)\b(?=\s*[,.;:)]|\s*$))"
        )
        mon = rf"(?-i:(?P<d_mon>{months_full})\b|(?P<d_mon>{months_abbr})\b\.?)"
        date_w = (
            rf"\b(?P<date>(?P<d_pos>{pos})?(?:{mon}\s+{_DAY}{_DAY2}(?:(?:\s*,\s*|\s+)(?P<d_y>{_Y}){_NUM_END})?"
            rf"|{mon}\s+{_DAY}(?:\s*,\s*|\s+)(?:of\s+)?(?P<d_y>{_Y}){_NUM_END}"
            rf"|{mon},?\s+(?:of\s+)?(?P<d_y>{_Y}){_NUM_END}|{mon}\s+(?:of\s+)?(?P<d_rel>{relw})\s+year\b"
            rf"|{mon}\s+{_DAY}|{mon}))"
        )
        date_d = rf"{_FREE}(?P<date>{_DAY}(?:{_DAY2})?\s+(?:of\s+)?{mon}(?:,?\s+(?P<d_y>{_Y}){_NUM_END})?)"
        decade = r"\b(?P<dec>the\s+(?P<dc_y>[12]\d{2}0)'?s)\b"
        year = (
            rf"(?P<yc>(?:(?P<yc_pos>{pos}|(?-i:FY)\s?)(?P<yc_y>{_Y})|{_FREE}(?P<yc_y>{_Y}))"
            rf"(?:\s*[{_DASH}]\s*(?P<yc_y2>{_Y})(?![\w%]|[.,:/{_DASH}]\d)"
            rf"|[{_DASH}](?P<yc_yy>\d\d)(?![\w%]|[.,:/{_DASH}]\d)"
            rf"|/(?P<yc_sl>{_Y}|\d\d)(?![\w%/]|[.,:{_DASH}]\d)"
            rf"|(?![\w%]|[.,:]\d|/\w|[{_DASH}]\d|-[a-z])))"
        )
        self._core_parts = [same, parts, part, qform, months_n, ago, span, rel, date_w, date_d, decade, year]
        self._core = regex.compile("|".join(self._core_parts), ic)
        anchor_words = _alt(["year", "month", "quarter", "half", "halves", "decade", *lex.get("same_period_units", [])])
        # two simple regexes scan faster than their alternation
        self._anchor_num = regex.compile(rf"(?<!\d)[12]\d{{3}}(?!\d)|\b(?:{months_full}|{months_abbr}|[QH][1-4])\b")
        self._anchor_word = regex.compile(rf"\b{anchor_words}s?\b", ic)
        firsts = {"the", *self.part_words["quarter"]}
        for key in ("ordinals", "ordinals_last", "first_words", "position_words", "position_of", "number_words",
                    "relative_offsets", "span_next", "span_past", "article_one", "months", "month_abbreviations"):
            firsts.update(str(w).split()[0].lower() for w in lex.get(key, []))
        # the words a core can start with: the regex is tried only there
        self._word_start = regex.compile(rf"\b(?:\d|FY|[QH][1-4]|{_alt(firsts)}\b)", ic)

        # context before a core (searched in a short window ending at the core)
        self._prep = regex.compile(
            rf"(?:\b(?P<notdl>{_alt(lex.get('not_deadline_to', ['compared']))})\s+to"
            rf"|\b(?P<fromnow>from\s+(?:now|today)\s+(?:to|until|till|through|up\s+to))"
            rf"|\b(?P<sofar>{_alt(lex.get('now_before', ['so far in', 'so far']))})"
            rf"|\b(?P<since>{_alt(lex.get('open_since', ['since']))})"
            rf"|\b(?P<from>{_alt(lex.get('open_from', ['from']))})"
            rf"|\b(?P<between>{_alt(lex.get('open_between', ['between']))})"
            rf"|\b(?P<before>{_alt(lex.get('before', ['before']))})"
            rf"|\b(?P<after>{_alt(lex.get('after', ['after']))})"
            rf"|\b(?P<asof>{_alt(lex.get('as_of', ['as of']))})"
            rf"|\b(?P<deadline>{_alt(lex['deadline'])}))\s+$",
            ic,
        )
        temporal = _alt(lex.get("temporal_prepositions", ["in", "since", "from", "by", "until", "to"]))
        self._temporal_before = regex.compile(rf"\b{temporal}\s+$", ic)
        self._not_before = regex.compile(rf"(?:^|[^\w$])(?:{_alt(lex.get('not_period_before', []))})\s*$", ic)
        self._not_after_always = regex.compile(
            rf"\s*(?:%|(?:{_alt(lex.get('not_period_after_always', []))})\b)", ic
        )
        self._not_after_counted = regex.compile(rf"\s+(?:{_alt(lex.get('not_period_after_counted', []))})\b", ic)
        self._price_before = regex.compile(r"\bprices?\s+(?:of|in)\s+(?:the\s+year\s+)?$", ic)
        month_lead = _alt([*lex.get("month_lead_words", ["in", "from", "to"]), *lex.get("position_words", [])])
        self._month_guard = regex.compile(rf"(?:\b{month_lead}\s+|[{_DASH},]\s*)$", ic)
        self._month_follow = regex.compile(rf"\s*[{_DASH}]\s*(?-i:{months_full})\b")
        self._unit_after_day = regex.compile(r"\s+(?-i:[A-Z][a-z]+\s+(?:Street|Road|Avenue|Ward|Square))")
        # after a core
        now_words = _alt(lex.get("now_words", ["now"]))
        self._right_now = regex.compile(
            rf"\s+(?:(?:{_alt(lex.get('now_connectors', ['to']))})\s+{now_words}"
            rf"|{_alt(lex.get('now_after', ['so far']))}|(?P<onward>{_alt(lex.get('onward_words', ['onwards']))}))\b",
            ic,
        )
        self._right_noun = regex.compile(rf"\s+(?:{_alt(lex.get('period_nouns', ['period']))})s?\b", ic)
        connectors = _alt(lex.get("range_connectors", ["to", "-"]))
        self._range_gap = regex.compile(rf"\s*(?:(?P<and>and)|{connectors})\s*", ic)
        coords = _alt(lex.get("coordinators", ["and", "or"]))
        self._coord_gap = regex.compile(
            rf"\s*(?:(?P<comma>,)\s*(?:(?P<and2>{coords})\s+)?|(?P<and>{coords})\s*)"
            r"(?:(?:in|during|for|of|on|by|since)\s+)?",
            ic,
        )
        # comparison cues, searched in the clause before a period
        self._clause_cut = regex.compile(r"[;!?\n(]|[.:](?=\s|$)|,(?=\s)")
        self._cmp_any = regex.compile(rf"\b(?:{_alt(lex.get('comparison_anywhere', ['compared with']))})(?!\w)", ic)
        self._cmp_imm = regex.compile(
            rf"\b(?:{_alt(lex.get('comparison_immediate', ['than']))}|as\s+\w+\s+as)"
            r"\s+(?:that\s+|those\s+|the\s+level\s+)?"
            r"(?:(?:of|in|during|for|with)\s+)?(?:the\s+)?$",
            ic,
        )
        # "up" after "set", "speed", ... is no change ("was set up from 2019")
        phrasal = _alt(lex.get("not_change_before_up", ["set"]))
        change = rf"(?:(?<!\b{phrasal}\s+)up|(?!up\b){_alt(lex.get('change_words', ['up', 'down']))})"
        self._change = regex.compile(rf"(?:\b{change}\b|%)", ic)
        after_change = _alt(lex.get("comparison_after_change", ["over", "on", "from"]))
        self._cmp_after_change = regex.compile(rf"\b(?P<cue>{after_change})\s+(?:the\s+level\s+of\s+)?$", ic)
        self._up_from = regex.compile(rf"\b{change}\s+from\b(?![^\n]*\bto\b)", ic)
        # article furniture
        self._url = regex.compile(r"(?:https?://|www\.)\S+", ic)
        self._running_word = regex.compile(r"\b(?-i:[a-z]{3,})\b")
        self._clock = regex.compile(r"\b\d{1,2}:\d{2}\b")
        self._dateline_marker = regex.compile(
            rf"^\W*(?:{_alt(lex.get('dateline_markers', ['published']))})\b", ic
        )

    # ------------------------------------------------------------ public

    def find(self, text: str, published: date | None) -> list[PeriodMatch]:
        """All periods in ``text``, resolved against ``published``: non-overlapping, in text order."""
        items = self._scan(text)
        if not items:
            return []
        items = self._merge_ranges(text, items)
        self._context(text, items)
        self._coordinate(text, items)
        items = self._drop_furniture(text, items)
        return self._resolve(text, items, published)

    # ------------------------------------------------------------ scanning

    def _scan(self, text: str) -> list[_Item]:
        """Cores in text order, as a left-to-right search with the core regex would find them.

        Every core contains an anchor (a four-digit number, a month name, "year", "half", ...) and starts
        at a word start at most ``_LOOKBACK`` characters before it, so the regex is tried only there.
        """
        out: list[_Item] = []
        last_end = tried = -1
        match = self._core.match
        starts = self._word_start.finditer
        anchors = [(a.start(), a.end(), _LOOKBACK_SHORT) for a in self._anchor_num.finditer(text)]
        anchors += [(a.start(), a.end(), _LOOKBACK) for a in self._anchor_word.finditer(text)]
        anchors.sort()
        for s, e, back in anchors:
            if s < last_end:
                continue
            for w in starts(text, max(last_end, tried + 1, s - back), e):
                p = w.start()
                if p < last_end:
                    continue
                tried = p
                m = match(text, p)
                if m is None:
                    continue
                if m.group("parts") is not None:
                    found = self._plural_parts(m)
                    if found:
                        out.extend(found)
                        last_end = m.end()
                    continue
                item = self._item(text, m)
                if item is not None:
                    out.append(item)
                    last_end = item.end
        return out

    def _plural_parts(self, m: regex.Match[str]) -> list[_Item]:
        """ "The first and second quarters of 2022": one item per ordinal, sharing the year."""
        unit = "half" if m.group("pl_h") is not None else "quarter"
        words = list(self._ordinal_word.finditer(m.string, m.start(), m.end()))
        out = []
        for k, w in enumerate(words):
            o = w.group("o").lower()
            n = self.ordinals.get(o, 0) or (2 if unit == "half" else 4)
            if unit == "half" and n > 2:
                return []
            it = _Item(w.start(), m.end() if k == len(words) - 1 else w.end(), "part", n=n, unit=unit)
            if not self._yref(m, "pl", it):
                return []
            out.append(it)
        return out

    def _year(self, s: str | None) -> int | None:
        if s is None:
            return None
        y = int(s)
        return y if self.year_min <= y <= self.year_max else -1

    def _num(self, s: str) -> int:
        s = s.lower()
        return int(s) if s.isdigit() else self.numbers.get(s, 0)

    def _yref(self, m: regex.Match[str], p: str, item: _Item) -> bool:
        """Fill the year of ``item`` from a "(of) 2022 / this year / the year" group; False if invalid."""
        y = m.group(f"{p}_y")
        if y is not None:
            item.y = self._year(y)
            return item.y != -1
        r = m.group(f"{p}_rel") if f"{p}_rel" in m.re.groupindex else None
        if r is not None:
            w = r.lower()
            item.yrel = self.rel_offsets.get(w, 0)
            item.yctx = w in self.rel_ctx
            item.opt = w in self.rel_opt
            return True
        if f"{p}_the" in m.re.groupindex and m.group(f"{p}_the") is not None:
            item.yrel = 0
        return True

    def _item(self, text: str, m: regex.Match[str]) -> _Item | None:
        s, e = m.span()
        g = m.group
        if g("yc") is not None:
            y = self._year(g("yc_y"))
            if y == -1:
                return None
            it = _Item(s, e, "year", y=y, prefixed=g("yc_pos") is not None)
            if g("yc_y2") is not None:
                y2 = self._year(g("yc_y2"))
                if y2 == -1 or y2 is None or y2 <= y:
                    return None
                it.ctype, it.y2 = "range", y2
            elif g("yc_yy") is not None:
                y2 = y // 100 * 100 + int(g("yc_yy"))
                if y2 <= y:
                    return None
                it.ctype, it.y2 = "range", y2
            elif g("yc_sl") is not None:  # "the 2020/2021 school year", "2021/22"
                sl = g("yc_sl")
                y2 = int(sl) if len(sl) == 4 else y // 100 * 100 + int(sl)
                if y2 != y + 1:
                    return None
                it.ctype, it.y2 = "range", y2
            if not it.prefixed and not self._plausible_number(text, s, e):
                return None
            return it
        if g("date") is not None:
            mon = g("d_mon")
            key = mon.lower()
            month = self.months.get(key) or self.abbrevs.get(key, 0)
            it = _Item(s, e, "month", n=month, abbrev=key not in self.months)
            if g("d_y") is not None:
                it.y = self._year(g("d_y"))
                if it.y == -1:
                    return None
            elif g("d_rel") is not None:
                w = g("d_rel").lower()
                it.yrel, it.yctx, it.opt = self.rel_offsets.get(w, 0), w in self.rel_ctx, w in self.rel_opt
            if g("d_d") is not None:
                it.ctype, it.d = "day", int(g("d_d"))
                if it.y is not None and not _valid_day(it.y, month, it.d):
                    return None
                if it.y is None and (it.d > 31 or self._unit_after_day.match(text, e)):
                    return None
                if g("d_d2") is not None:  # "November 2 to 6": a range of days
                    d2 = int(g("d_d2"))
                    if d2 <= it.d or (it.y is not None and not _valid_day(it.y, month, d2)):
                        return None
                    it.partner = _Item(s, e, "day", y=it.y, yrel=it.yrel, n=month, d=d2)
            elif it.y is None and it.yrel is None:
                # a bare month name: only where it reads as a time ("in March", "January-May")
                if it.abbrev:
                    return None
                if g("d_pos") is None and not (
                    self._month_guard.search(text, max(0, s - 12), s) or self._month_follow.match(text, e)
                ):
                    return None
            return it
        if g("part") is not None:
            unit = "half" if g("p_u").lower() in self.part_words["half"] else "quarter"
            k = (2 if unit == "half" else 4) if g("p_last") is not None else self.ordinals.get(g("p_ord").lower(), 0)
            if k == 0 or (unit == "half" and k > 2):
                return None
            it = _Item(s, e, "part", n=k, unit=unit)
            return it if self._yref(m, "p", it) else None
        if g("qf") is not None:
            letter = g("q_l")
            k = self.roman.get(g("q_r"), 0) if g("q_r") is not None else int(g("q_n"))
            unit = "half" if letter == "H" else "quarter"
            if (unit == "half" and (k > 2 or g("q_y") is None)) or k == 0:
                return None
            it = _Item(s, e, "part", n=k, unit=unit)
            if g("q_y") is not None:
                it.y = self._year(g("q_y"))
                if it.y == -1:
                    return None
            return it
        if g("mons") is not None:
            k = self._num(g("mo_n")) * (3 if g("mo_q") is not None else 1)
            it = _Item(s, e, "months", n=k, unit="last" if g("mo_last") is not None else "first")
            if k <= 0 or not self._yref(m, "mo", it):
                return None
            dated = it.y is not None or it.yrel is not None
            if g("mo_next") is not None or (not dated and (g("mo_past") or g("mo_last")) is not None):
                it.ctype, it.opt = "rel", True  # "the past six months", "the next three months"
                it.unit = "next_months" if g("mo_next") is not None else "past_months"
                return it
            if not dated and g("mo_first") is None:
                return None  # "five months": a duration
            return it if k <= 12 else None
        if g("ago") is not None:
            k = self._num(g("a_n"))
            if k <= 0:
                return None
            unit = g("a_u").lower()
            k *= 10 if unit == "decade" else 1
            ctx = g("a_w").lower() != "ago"  # "a year earlier": before the period just mentioned
            return _Item(s, e, "ago", n=k, unit="month" if unit == "month" else "year", yctx=ctx, opt=True)
        if g("span") is not None:
            k = 10 if g("sp_dec") is not None else self._num(g("sp_n"))
            if k <= 0:
                return None
            return _Item(s, e, "span", n=k, unit="next" if g("sp_w").lower() in self.span_next else "past", opt=True)
        if g("rel") is not None:
            if g("r_the") is not None:
                return _Item(s, e, "rel", unit="year", yrel=0)
            if g("r_before") is not None:
                return _Item(s, e, "rel", unit="year", yrel=-1, yctx=True)
            w = g("r_w").lower()
            it = _Item(s, e, "rel", unit=g("r_u").lower(), yrel=self.rel_offsets.get(w, 0))
            it.yctx, it.opt = w in self.rel_ctx, w in self.rel_opt
            return it
        if g("same") is not None:
            it = _Item(s, e, "same", unit=g("s_u").lower())
            if g("s_y") is not None:
                it.y = self._year(g("s_y"))
                if it.y == -1:
                    return None
            elif g("s_prev") is not None:
                it.yrel = -1
            elif g("s_this") is not None:
                it.yrel = 0
            elif it.unit in self.same_bare:
                it.yrel = -1  # "the same period": of the year before the one compared
            else:
                return None  # "at the same time": simultaneously
            return it
        if g("dec") is not None:
            y = self._year(g("dc_y"))
            if y == -1 or y is None:
                return None
            return _Item(s, e, "range", y=y, y2=y + 9)
        return None

    def _plausible_number(self, text: str, s: int, e: int) -> bool:
        """A free four-digit number is a year unless its neighbours make it a code, amount or count."""
        if self._not_after_always.match(text, e):
            return False
        before = text[max(0, s - 24):s]
        if self._not_before.search(before) or self._price_before.search(before):
            return False
        if self._not_after_counted.match(text, e) and not self._temporal_before.search(before):
            return False
        return True

    # ------------------------------------------------------------ assembling

    def _merge_ranges(self, text: str, items: list[_Item]) -> list[_Item]:
        """Join "2016 to 2020", "from January to May 2022", "between 2016 and 2020" into ranges."""
        out: list[_Item] = []
        i = 0
        while i < len(items):
            a = items[i]
            if i + 1 < len(items) and a.ctype in _POINTS and items[i + 1].ctype in _POINTS and not a.opt:
                b = items[i + 1]
                gap = self._range_gap.fullmatch(text, a.end, b.start)
                backwards = a.y is not None and b.y is not None and (b.y2 or b.y) < a.y
                if gap is not None and not b.opt and not backwards:
                    if gap.group("and") is None or self._is_between(text, a.start):
                        a.partner = b
                        a.end = b.end
                        self._borrow_years([a, b])
                        months = a.ctype in ("month", "day") and b.ctype in ("month", "day")
                        if months and a.y is not None and a.y == b.y and a.n > b.n:
                            a.y -= 1  # "from November to February 2023"
                        out.append(a)
                        i += 2
                        continue
            out.append(a)
            i += 1
        return out

    def _is_between(self, text: str, s: int) -> bool:
        m = self._prep.search(text, max(0, s - 30), s)
        return m is not None and m.group("between") is not None

    def _context(self, text: str, items: list[_Item]) -> None:
        """Prepositions before, "to now"/"period" after, and comparison cues."""
        prev_end = 0
        for k, it in enumerate(items):
            m = self._prep.search(text, max(prev_end, it.start - 40), it.start)
            prep = (m.lastgroup or "") if m is not None and m.group("notdl") is None else ""
            it.comparison = self._is_comparison(text, it, prep)
            if prep:
                if it.ctype == "range" or it.partner is not None:
                    if prep in ("from", "between"):
                        it.start = m.start()  # part of the text, not of the meaning
                elif prep == "from" and it.comparison:
                    pass  # "up 12 percent from 2021": the base, not a start
                elif prep == "sofar":
                    it.to_now = True
                    it.start = m.start()
                elif prep != "asof":
                    it.prep = prep
                    it.start = m.start()
            nxt = items[k + 1].start if k + 1 < len(items) else len(text)
            r = self._right_now.match(text, it.end, nxt)
            if r is not None and it.ctype in _POINTS | {"range"} and it.partner is None:
                if r.group("onward") is not None:
                    it.onward = True
                else:
                    it.to_now = True
                it.end = r.end()
            elif it.ctype in ("year", "range") or (it.partner is not None and it.partner.ctype == "year"):
                r = self._right_noun.match(text, it.end, nxt)
                if r is not None:
                    it.end = r.end()
            prev_end = it.end

    def _is_comparison(self, text: str, it: _Item, prep: str) -> bool:
        """A comparison cue in the clause before the core ("compared with", "than in", "up 5% on")."""
        s = it.start
        win = text[max(0, s - 120):s]
        cut = 0
        for c in self._clause_cut.finditer(win):
            cut = c.end()
        win = win[cut:]
        if not win.strip():
            return False
        if self._cmp_any.search(win) or self._cmp_imm.search(win):
            return True
        if prep not in ("", "from", "between"):
            return False
        c = self._cmp_after_change.search(win)
        if c is not None and it.ctype != "range" and it.partner is None and self._change.search(win, 0, c.start()):
            return True
        return self._up_from.search(win) is not None

    def _coordinate(self, text: str, items: list[_Item]) -> None:
        """Give periods joined by "and"/"or"/"," one coordination group (a comma list needs an "and")."""
        group = 0
        i = 0
        while i < len(items) - 1:
            j, has_and = i, False
            while j + 1 < len(items):
                m = self._coord_gap.fullmatch(text, items[j].end, items[j + 1].start)
                if m is None:
                    break
                has_and = has_and or m.group("comma") is None or m.group("and2") is not None
                j += 1
            if j > i and has_and:
                members = items[i:j + 1]
                for it in members:
                    it.group = group
                first = members[0]
                for it in members[1:]:
                    if not it.prep and first.prep == "deadline":
                        it.prep = "deadline"
                self._borrow_years(members)
                group += 1
            i = j + 1 if j > i else i + 1

    @staticmethod
    def _borrow_years(members: list[_Item]) -> None:
        """Bare months and parts take the year of a coordinated partner ("March and April 2023")."""
        for k, it in enumerate(members):
            if it.has_year or it.ctype not in ("part", "months", "month", "day"):
                continue
            later = [o for o in members[k + 1:] if o.y is not None or o.yrel is not None]
            earlier = [o for o in members[:k] if o.y is not None or o.yrel is not None]
            donor = later[0] if later else (earlier[-1] if earlier else None)
            if donor is None:
                continue
            if donor.y is not None:
                it.y = donor.y2 if donor.ctype == "range" and donor.y2 is not None else donor.y
            else:
                it.yrel, it.yctx, it.opt = donor.yrel, donor.yctx, donor.opt

    def _drop_furniture(self, text: str, items: list[_Item]) -> list[_Item]:
        """Drop periods inside URLs and on dateline lines."""
        urls = [u.span() for u in self._url.finditer(text)] if ("http" in text or "www." in text) else []
        out = []
        for it in items:
            if urls and any(a < it.end and it.start < b for a, b in urls):
                continue
            if self._on_dateline(text, it, items):
                continue
            out.append(it)
        return out

    def _on_dateline(self, text: str, it: _Item, items: list[_Item]) -> bool:
        """A short line with no running words besides dates and times is the article's dateline."""
        a = text.rfind("\n", 0, it.start) + 1
        b = text.find("\n", it.end)
        b = len(text) if b < 0 else b
        if b - a > self.dateline_max:
            return False
        if self._dateline_marker.match(text, a, b):
            return True
        on_line = [o for o in items if o.end > a and o.start < b]
        if not any(o.ctype in ("day", "month") for o in on_line) and not self._clock.search(text, a, b):
            return False  # a heading such as "Targets to 2030" keeps its period
        rest = "".join(
            text[x:y]
            for x, y in _gaps(a, b, [(o.start, o.end) for o in on_line])
        )
        return self._running_word.search(rest) is None

    # ------------------------------------------------------------ resolving

    def _resolve(self, text: str, items: list[_Item], published: date | None) -> list[PeriodMatch]:
        out: list[PeriodMatch] = []
        frame: tuple[date, date] | None = None  # the last non-comparison period with both ends
        frame_end = 0
        for it in items:
            if frame is not None and "\n" in text[frame_end:it.start]:
                frame = None
            d0, d1, kind, opt = self._span(it, published, frame)
            if d0 is None and d1 is None:
                opt = True
            out.append(PeriodMatch(it.start, it.end, text[it.start:it.end], d0, d1, kind, it.comparison, it.group, opt))
            if not it.comparison and d0 is not None and d1 is not None and kind not in ("same_period",):
                frame, frame_end = (d0, d1), it.end
        return out

    def _span(
        self, it: _Item, published: date | None, frame: tuple[date, date] | None
    ) -> tuple[date | None, date | None, str, bool]:
        """Dates, kind and optional flag of an assembled item."""
        p0, p1, kind, opt = self._point(it, published, frame)
        if it.partner is not None:
            q0, q1, _, opt2 = self._point(it.partner, published, frame)
            if p0 is not None and q1 is not None and p0 > q1:
                return None, None, "range", True
            return p0, q1, "range", opt or opt2
        if it.to_now:
            return p0, self._open_end(p0, published), "to_now", opt
        if it.onward:
            return p0, self._open_end(p0, published), "since", opt
        prep = it.prep
        if prep in ("since", "from"):
            return p0, self._open_end(p0, published), "since", opt
        if prep == "after":
            start = p1 + timedelta(days=1) if p1 is not None else None
            return start, self._open_end(start, published), "since", opt
        if prep == "deadline":
            return None, p1, "deadline", opt
        if prep == "fromnow":
            return published, p1, "deadline", opt
        if prep == "before":
            return None, (p0 - timedelta(days=1) if p0 is not None else None), "deadline", opt
        return p0, p1, kind, opt

    @staticmethod
    def _open_end(start: date | None, published: date | None) -> date | None:
        if published is None or start is None or start > published:
            return None
        return published

    def _year_of(self, it: _Item, published: date | None, frame: tuple[date, date] | None) -> tuple[int | None, bool]:
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
        self, it: _Item, published: date | None, frame: tuple[date, date] | None
    ) -> tuple[date | None, date | None, str, bool]:
        t = it.ctype
        if t == "year":
            a, b = year_bounds(it.y or 0)
            return a, b, "year", False
        if t == "range":
            return date(it.y or 0, 1, 1), date(it.y2 or 0, 12, 31), "range", False
        if t == "same":
            return self._same(it, published, frame)
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
        year, guess = self._year_of(it, published, frame)
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
            if not _valid_day(year, it.n, it.d):
                return None, None, "day", True
            return date(year, it.n, it.d), date(year, it.n, it.d), "day", guess
        return None, None, "relative", True

    def _same(
        self, it: _Item, published: date | None, frame: tuple[date, date] | None
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


def _gaps(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [a, b) not covered by the (sorted) spans."""
    out, pos = [], a
    for x, y in spans:
        if x > pos:
            out.append((pos, min(x, b)))
        pos = max(pos, y)
    if pos < b:
        out.append((pos, b))
    return out


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
