"""Find time expressions (periods) in English news text and resolve them to days.

``PeriodFinder(patterns).find(text, published)`` returns non-overlapping
:class:`~venextract.types.PeriodMatch` records sorted by offset.  The lexicon
(month names, prepositions, comparison cues, words that make a number no year)
lives in ``patterns/periods.json``; the regexes built from it in
:mod:`~venextract.normalize.period_grammar`.  This module scans the text and
assembles the time expressions; :mod:`~venextract.normalize.period_resolution`
turns them into days, with the calendar arithmetic of
:mod:`~venextract.normalize.dates`.

How it works: one compiled regex finds *cores* (a year, a year range, a month,
a day, a part of a year, a relative expression).  It is tried only at word
starts shortly before an *anchor* (a four-digit number, a month name, "year",
"quarter", ...), which keeps the scan fast.  Neighbouring cores joined by
"to"/"-"/"and" (after "between") become ranges; the preposition before a core
("since", "by", "until", "from", "before", ...) and the words after it ("to
now", "so far", "onwards", "period") shape the span; cores joined by "and"/","
form a coordination group.

A numeric date is a period only after a word that introduces a date ("On
12/3/2024", "dated 05/07/2023"; day first unless the second number cannot be a
month).  Not periods: other numeric dates ("18/09/2020", the dateline's form), a
short line holding only a date and time (a dateline), numbers inside codes, URLs or names
("15/2023/QD-UBND", "COVID-19", "Vision 2030"), amounts and counts ("2,020
workers", "2010 constant prices"), numbers outside ``year_min..year_max``,
durations ("10 years", "five months") and words like "annual" or "each year".

``coord_group`` is an integer shared by periods coordinated under one
preposition ("In 2017 and 2019", "In 2022 and the first half of 2023"); it is
None for a period that stands alone.  ``comparison`` marks the base of a
comparison ("up 12 percent on 2021", "than in the same period of 2021").
The ``kind`` values and when a period is ``optional`` are listed in
:mod:`~venextract.normalize.period_resolution`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import regex

from ..resources import read_json
from ..types import PeriodMatch
from .dates import valid_day
from .period_grammar import PeriodGrammar, spans_at_heads
from .period_resolution import _Item, resolve

__all__ = ["PeriodFinder"]

_LOOKBACK = 60  # the longest lead before a word anchor: "the beginning of the previous year"
_LOOKBACK_SHORT = 30  # before a number or month name: "the beginning of 2023", "the 31st of March"
_POINTS = frozenset({"year", "part", "months", "month", "day", "rel"})


class PeriodFinder(PeriodGrammar):
    """Recognise and resolve periods; load once, call :meth:`find` per text."""

    def __init__(self, patterns: str | Path | None = None) -> None:
        lex = read_json(
            "periods.json",
            patterns,
            required=("months", "month_abbreviations", "number_words", "ordinals", "relative_offsets", "deadline"),
        )
        super().__init__(lex)

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
        return resolve(text, items, published)

    # ------------------------------------------------------------ scanning

    def _scan(self, text: str) -> list[_Item]:
        """Cores in text order, as a left-to-right search with the core regex would find them.

        Every core contains an anchor (a four-digit number, a month name, "year", "half", ...) and starts
        at a word start at most ``_LOOKBACK`` characters before it, so the regex is tried only there.
        """
        out: list[_Item] = []
        last_end = tried = -1
        core_at = self._core_cut.at  # what self.core_at does, without the extra call per word
        starts = self._word_start.finditer
        anchors = [(a.start(), a.end(), _LOOKBACK_SHORT) for a in self._anchor_num.finditer(text)]
        anchors += [(a, b, _LOOKBACK) for a, b in self._word_anchors(text)]
        anchors.sort()
        for s, e, back in anchors:
            if s < last_end:
                continue
            for w in starts(text, max(last_end, tried + 1, s - back), e):
                p = w.start()
                if p < last_end:
                    continue
                tried = p
                core = core_at(w.group())
                if core is None:
                    continue
                m = core.match(text, p)
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

    def _word_anchors(self, text: str) -> list[tuple[int, int]]:
        """The spans ``self._anchor_word.finditer`` finds ("year", "quarters", ...)."""
        if self._anchor_heads is None:
            return [a.span() for a in self._anchor_word.finditer(text)]
        return spans_at_heads(self._anchor_word, self._anchor_heads, text)

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
        if g("nd") is not None:
            a, b, y = int(g("nd_a")), int(g("nd_b")), self._year(g("nd_y"))
            day, month = (b, a) if b > 12 else (a, b)
            if y is None or y == -1 or not valid_day(y, month, day):
                return None
            if not self._nd_lead.search(text, max(0, s - 12), s):
                return None
            return _Item(s, e, "day", y=y, n=month, d=day)
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
                if it.y is not None and not valid_day(it.y, month, it.d):
                    return None
                if it.y is None and (it.d > 31 or self._unit_after_day.match(text, e)):
                    return None
                if g("d_d2") is not None:  # "November 2 to 6": a range of days
                    d2 = int(g("d_d2"))
                    if d2 <= it.d or (it.y is not None and not valid_day(it.y, month, d2)):
                        return None
                    it.partner = _Item(s, e, "day", y=it.y, yrel=it.yrel, n=month, d=d2)
            elif it.y is None and it.yrel is None:
                # a bare month name: only where it reads as a time ("in March", "January-May")
                if it.abbrev:
                    return it if self._abbrev_range.match(text, e) else None
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
            it.vision = bool(self._vision_before.search(text, max(0, it.start - 30), it.start)
                             or self._vision_after.match(text, it.end))
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
        cut = self._clause_cut.search(win)  # the last one
        if cut is not None:
            win = win[cut.end():]
        if not win.strip():
            return False
        if self._cmp_any.search(win) or self._cmp_imm.search(win):
            return True
        if self._cmp_poss.search(win) and (
            text.startswith(("'s", "’s"), it.end) or text[it.start:it.start + 4].lower() == "the "
        ):
            return True  # "nearly double last year's average", "more than double the same period of last year"
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
        urls = spans_at_heads(self._url, _URL_HEADS, text) if items else []
        out = []
        for it in items:
            if urls and any(a < it.end and it.start < b for a, b in urls):
                continue
            if self._on_dateline(text, it, items):
                continue
            out.append(it)
        return out

    def _on_dateline(self, text: str, it: _Item, items: list[_Item]) -> bool:
        """A short line with no running words besides dates and times is the article's dateline, and so is
        a date between the place and the dash of a news agency's dateline ("Hà Nội, March 3 (VNA) – ...")."""
        a = text.rfind("\n", 0, it.start) + 1
        if (
            it.ctype in ("day", "month")
            and self._agency_place.match(text, a, it.start)
            and self._agency_after.match(text, it.end)
        ):
            return True
        b = text.find("\n", it.end)
        b = len(text) if b < 0 else b
        if b - a > self.dateline_max:
            return False
        if self._dateline_marker.match(text, a, b):
            return True
        if text[a:b].rstrip().endswith((".", ";", ",")):
            return False  # the end of a sentence on a wrapped line: "Provincial Statistics Office in January 2024."
        on_line = [o for o in items if o.end > a and o.start < b]
        if not any(o.ctype in ("day", "month") for o in on_line) and not self._clock.search(text, a, b):
            return False  # a heading such as "Targets to 2030" keeps its period
        rest = "".join(
            text[x:y]
            for x, y in _gaps(a, b, [(o.start, o.end) for o in on_line])
        )
        if any(c.isdigit() for c in self._clock.sub("", rest)):
            return False  # a table's row: "Jan-Oct 2024     4,127.9     2,638.8"
        return self._running_word.search(rest) is None


_URL_HEADS = ("http", "www.")


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
