"""Link each figure to its period and decide whether it is a plan (pure).

The rules follow how news reports frame figures:

* a period in the figure's own sentence wins (the nearest one), unless it is
  the base of a comparison ("up 12 percent on 2021", "up from VND 9 billion in
  2022" for figures before the cue);
* otherwise the period set by the latest earlier sentence of the paragraph
  that has one: the period opening it ("In the 2021-2025 period, ..."), else
  its last own period ("... in the first nine months. It welcomed 4.1 million
  visitors"; "... by 2025. The province will also ...");
* coordinated periods ("In 2022 and the first half of 2023") give their joined
  span when they meet and no period when they do not ("In 2017 and 2019").

A figure is a target when a target cue ("aims to", "will", "plans to") stands
before it in its sentence, when it belongs to a future deadline ("by 2025"),
or when its period ends after the publication year and nothing in the
sentence reports a result ("so far", "have been completed").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import regex

from ..resources import read_json
from ..types import PeriodMatch, QuantityMatch

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Link:
    period_start: date | None
    period_end: date | None
    period_text: str | None
    is_target: bool


@dataclass(frozen=True, slots=True)
class _Frame:
    start: date | None
    end: date | None
    text: str
    kind: str  # the period kind, "deadline" for by/until
    target: bool  # set by a sentence with a target cue


class Cues:
    """Compiled cue lexicon from ``patterns/links.json``."""

    def __init__(self, patterns: str | Path | None = None) -> None:
        data = read_json(
            "links.json",
            patterns,
            required=("target_cues", "achieved_cues", "past_tense_cues", "comparison_cues", "frame_prefix"),
        )

        def alt(items: list[str]) -> regex.Pattern[str]:
            return regex.compile(r"\b(?:" + "|".join(f"(?:{i})" for i in items) + r")\b", regex.IGNORECASE)

        groups = {"target": "target_cues", "achieved": "achieved_cues", "past": "past_tense_cues",
                  "comparison": "comparison_cues"}
        # one pass over the text finds every kind of cue; the leading word boundary, shared by every
        # alternative, is tested once per position
        self.all = regex.compile(
            r"\b(?:"
            + "|".join(
                rf"(?P<{name}>(?:" + "|".join(f"(?:{i})" for i in data[key]) + r")\b)" for name, key in groups.items()
            )
            + ")",
            regex.IGNORECASE,
        )
        self.relative = alt(data.get("comparison_relative", ["when"]))
        # a news agency tag may open the lead: "(VEN) - In 2022, ...", "Hoa Binh (VNA) - From 2016 ..."
        agency = r"(?:[^()\n]{0,40}\([\w/+.]{2,15}\)\s*[-–—:]\s*)?"
        self.frame_prefix = regex.compile(r"^\W*" + agency + data["frame_prefix"] + r"$", regex.IGNORECASE)


@lru_cache(maxsize=8)
def load_cues(patterns: str | None = None) -> Cues:
    return Cues(patterns)


def _any_in(ranges: list[Range], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a cue lies wholly inside [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(ranges) and ranges[i][1] <= hi


def _meet(a: PeriodMatch, b: PeriodMatch) -> bool:
    return a.date_end is not None and b.date_start is not None and a.date_end + timedelta(days=1) >= b.date_start


def _unit_of(periods: list[PeriodMatch]) -> tuple[date | None, date | None, str]:
    """The span a group of coordinated periods stands for (None when they do not meet)."""
    text = " and ".join(p.text for p in periods)
    if len(periods) == 1:
        return periods[0].date_start, periods[0].date_end, text
    ordered = sorted(periods, key=lambda p: (p.date_start or date.min))
    if all(_meet(a, b) for a, b in zip(ordered, ordered[1:], strict=False)):
        return ordered[0].date_start, max((p.date_end for p in ordered if p.date_end), default=None), text
    return None, None, text


def link_figures(
    text: str,
    sentences: list[Range],
    paragraphs: list[Range],
    quantities: list[QuantityMatch],
    periods: list[PeriodMatch],
    published: date | None,
    cues: Cues,
) -> list[Link]:
    """One Link per quantity, in the order given."""
    if not quantities:
        return []
    found: dict[str, list[Range]] = {"target": [], "achieved": [], "past": [], "comparison": []}
    q_spans = sorted((q.start_char, q.end_char) for q in quantities)
    for s_start, s_end in sentences:  # cues matter only in sentences that hold a figure
        i = bisect_left(q_spans, (s_start, -1))
        if i < len(q_spans) and q_spans[i][0] < s_end:
            for m in cues.all.finditer(text, s_start, s_end):
                found[m.lastgroup].append(m.span())
    target_cues, achieved_cues = found["target"], found["achieved"]
    past_cues, comparison_cues = found["past"], found["comparison"]
    starts = {
        "target": [r[0] for r in target_cues],
        "achieved": [r[0] for r in achieved_cues],
        "past": [r[0] for r in past_cues],
        "comparison": [r[0] for r in comparison_cues],
    }
    para_starts = [p[0] for p in paragraphs]
    periods = [p for p in periods if not p.optional]
    p_starts = [p.start_char for p in periods]
    q_order = sorted(range(len(quantities)), key=lambda i: quantities[i].start_char)
    q_starts = [quantities[i].start_char for i in q_order]
    links: list[Link | None] = [None] * len(quantities)

    frame: _Frame | None = None  # the period the paragraph has set so far
    paragraph = -1
    for s_start, s_end in sentences:
        para = bisect_right(para_starts, s_start) - 1
        if para != paragraph:
            paragraph, frame = para, None
        lo, hi = bisect_left(p_starts, s_start), bisect_left(p_starts, s_end)
        in_sentence = periods[lo:hi]
        has_target = _any_in(target_cues, starts["target"], s_start, s_end)
        opening = _opening(text, s_start, in_sentence, cues)
        if opening:
            start, end, label = _unit_of(opening)
            frame = _Frame(start, end, label, opening[0].kind, has_target)
        qlo, qhi = bisect_left(q_starts, s_start), bisect_left(q_starts, s_end)
        # a period carried from later in an earlier sentence holds for plans and for reports in the past
        # tense ("It welcomed 4.1 million visitors"), not for standing facts ("The town welcomes ...",
        # "So far, only 43 clusters are in operation")
        reports = has_target or (
            _any_in(past_cues, starts["past"], s_start, s_end)
            and not _any_in(achieved_cues, starts["achieved"], s_start, s_end)
        )
        for qi in q_order[qlo:qhi]:
            q = quantities[qi]
            own = _own_period(text, s_start, q, in_sentence, cues, comparison_cues, starts["comparison"])
            if own is not None:
                start, end, label, kind = own
                inherited_target = False
            elif frame is not None and (frame.kind != "carried" or reports):
                start, end, label, kind = frame.start, frame.end, frame.text, frame.kind
                inherited_target = frame.target
            else:
                start = end = label = kind = None
                inherited_target = False
            links[qi] = Link(
                start,
                end,
                label,
                _is_target(text, q, s_start, s_end, start, end, kind, inherited_target, published, target_cues,
                           achieved_cues, past_cues, starts),
            )
        if not opening:
            # a period later in a sentence carries on to the next sentences that report on
            # ("... VND7.2 trillion in the first nine months. It welcomed 4.1 million visitors"),
            # as a plain span: a deadline inside a plan makes later figures plans only by their own cues
            own_periods = [p for p in in_sentence if not p.comparison and p.coord_group is None]
            if own_periods:
                d = own_periods[-1]
                frame = _Frame(d.date_start, d.date_end, d.text, "carried", False)
    return [lk if lk is not None else Link(None, None, None, False) for lk in links]


def _opening(text: str, s_start: int, in_sentence: list[PeriodMatch], cues: Cues) -> list[PeriodMatch]:
    """The period (with its coordinated partners) that opens the sentence, if any."""
    if not in_sentence or in_sentence[0].comparison:
        return []
    first = in_sentence[0]
    if not cues.frame_prefix.match(text[s_start:first.start_char]):
        return []
    if first.coord_group is None:
        return [first]
    return [p for p in in_sentence if p.coord_group == first.coord_group]


def _own_period(
    text: str,
    s_start: int,
    q: QuantityMatch,
    in_sentence: list[PeriodMatch],
    cues: Cues,
    comparison_cues: list[Range],
    comparison_starts: list[int],
) -> tuple[date | None, date | None, str, str] | None:
    """The nearest usable period in the figure's sentence, as (start, end, text, kind)."""
    best: tuple[int, int, list[PeriodMatch]] | None = None
    groups: dict[int, list[PeriodMatch]] = {}
    for p in in_sentence:
        if p.coord_group is not None:
            groups.setdefault(p.coord_group, []).append(p)
    seen: set[int] = set()
    for p in in_sentence:
        if p.coord_group is not None:
            if p.coord_group in seen:
                continue
            seen.add(p.coord_group)
            unit = groups[p.coord_group]
        else:
            unit = [p]
        if any(_blocked(text, s_start, q, u, cues, comparison_cues, comparison_starts) for u in unit):
            continue
        distance = min(abs(u.start_char - q.end_char) if u.start_char >= q.end_char else q.start_char - u.end_char
                       for u in unit)
        after = 1 if unit[0].start_char >= q.end_char else 0  # prefer a period before the figure on ties
        if best is None or (distance, after) < (best[0], best[1]):
            best = (distance, after, unit)
    if best is None:
        return None
    start, end, label = _unit_of(best[2])
    return start, end, label, best[2][0].kind


def _blocked(
    text: str,
    s_start: int,
    q: QuantityMatch,
    p: PeriodMatch,
    cues: Cues,
    comparison_cues: list[Range],
    comparison_starts: list[int],
) -> bool:
    """A comparison stands between the figure and the period."""
    if p.start_char >= q.end_char:
        if _any_in(comparison_cues, comparison_starts, q.end_char, p.start_char):
            return True
        # a comparison base binds only the figures inside the comparison: "up from VND 5 billion in 2022"
        return p.comparison and not _any_in(comparison_cues, comparison_starts, s_start, q.start_char)
    if p.comparison:
        # "than in the 2016-2020 period, when spending averaged VND 100 billion"
        between = text[p.end_char:q.start_char]
        return not cues.relative.search(between)
    return False


def _is_target(
    text: str,
    q: QuantityMatch,
    s_start: int,
    s_end: int,
    start: date | None,
    end: date | None,
    kind: str | None,
    inherited: bool,
    published: date | None,
    target_cues: list[Range],
    achieved_cues: list[Range],
    past_cues: list[Range],
    starts: dict[str, list[int]],
) -> bool:
    if published is not None and end is not None and end < published and kind != "deadline":
        return False  # the figure's own period is over: a result
    clause_end = _clause_end(text, q.end_char, s_end)
    if _any_in(achieved_cues, starts["achieved"], q.end_char, clause_end):
        return False  # "of which VND 4.1 billion has already been disbursed"
    cue = _last_before(target_cues, starts["target"], s_start, q.start_char)
    if cue is not None and not _any_in(achieved_cues, starts["achieved"], cue[1], q.start_char):
        return True
    if kind == "deadline" and end is not None and (published is None or end.year >= published.year):
        return True
    result_words = _any_in(achieved_cues, starts["achieved"], s_start, s_end) or _any_in(
        past_cues, starts["past"], s_start, s_end
    )
    if inherited and not result_words:
        return True
    future = published is not None and end is not None and end.year > published.year
    return future and not result_words


_CLAUSE_END = regex.compile(r"[,;:]|\s(?:and|but|while|whereas)\s")


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _last_before(ranges: list[Range], starts: list[int], lo: int, hi: int) -> Range | None:
    i = bisect_right(starts, hi) - 1
    while i >= 0 and ranges[i][0] >= lo:
        if ranges[i][1] <= hi:
            return ranges[i]
        i -= 1
    return None
