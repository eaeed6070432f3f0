"""Link each figure to its period and decide whether it is a plan (pure).

The rules follow how news reports frame figures:

* a period in the figure's own sentence wins (the nearest one), unless it is
  the base of a comparison ("up 12 percent on 2021", "up from VND 9 billion in
  2022" for figures before the cue);
* otherwise the period set by the latest earlier sentence of the paragraph
  that has one: the period opening it ("In the 2021-2025 period, ..."), else
  its last own period ("... in the first nine months. It welcomed 4.1 million
  visitors"; "... by 2025. The province will also ...");
* a period after the figure in a coordinated clause of its own (", and aims for
  75 percent by 2025") is not the figure's;
* a paragraph starts with the period of its section's heading ("1. Results in
  2021-2023"), or, for a list item, with the frame of the lead-in that ends in a
  colon ("In 2024-2025, the province will:"); a table's rows take the date of
  its caption ("Table 1. ... (as of August 31, 2023)"); a breakdown ("Of this,
  ...", "Of the total, ...") keeps the frame of the figure before it, and "in the
  period" refers back to it;
* coordinated periods ("In 2022 and the first half of 2023") give their joined
  span when they meet and no period when they do not ("In 2017 and 2019").

A figure is a target when a target cue ("aims to", "will", "plans to") stands
before it in its sentence or right after it when it is the subject of its clause
("Seventeen provinces are expected to ..."), when it belongs to a future deadline
("by 2025"), when its frame was set by a plan, or when its period ends after
the publication year and nothing in the sentence reports a result ("so far",
"have been completed").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import regex

from ..normalize.cut_regex import CutRegex
from ..resources import read_json, shared_per_folder
from ..segmentation import CAPTION_LEVEL, heading_level, is_lead_in, is_list_item
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
    layout: bool = False  # set by a heading or a lead-in over the paragraphs that follow


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
        self._entries = [(name, item) for name, key in groups.items() for item in data[key]]
        # one pass over the text finds every kind of cue; the leading word boundary, shared by every
        # alternative, is tested once per position
        self.all = _cue_regex({name: data[key] for name, key in groups.items()})
        # :meth:`find` tries cues only at word starts: that holds when every entry starts with a word
        # character (a cue starting with another character would follow a word: "a" stands for it here;
        # the characters tried are a sample of punctuation and spaces)
        self._word_led = all(data[key] for key in groups.values()) and not any(
            self.all.match("a" + c, 1, partial=True) or self.all.match("a" + c + "a", 1)
            for c in _NON_WORD_SAMPLE
        )
        alone = [regex.compile(rf"\b(?:{item})\b", regex.IGNORECASE) for _, item in self._entries]
        self._cut = CutRegex(self.all, alone, self._cue_regex_of)
        self.relative = alt(data.get("comparison_relative", ["when"]))
        # a news agency tag may open the lead: "(VEN) - In 2022, ...", "Hoa Binh (VNA) - From 2016 ..."
        agency = r"(?:[^()\n]{0,40}\([\w/+.]{2,15}\)\s*[-–—:]\s*)?"
        self.frame_prefix = regex.compile(r"^\W*" + agency + data["frame_prefix"] + r"$", regex.IGNORECASE)
        # case matters here: a capital starts a name; the white space after a clause break comes first
        self.subject_lead = regex.compile(r"\s*(?:" + data.get("subject_lead", "(?!)") + ")")
        self.appositive_lead = regex.compile(r",\s*(?:" + data.get("appositive_lead", "(?!)") + ")", regex.IGNORECASE)
        self.breakdown = regex.compile(r"\W*" + data.get("breakdown_prefix", "(?!)"), regex.IGNORECASE)
        self.anaphora = regex.compile(r"\b" + data.get("period_anaphora", "(?!)"), regex.IGNORECASE)
        self.results = alt(data.get("result_heading_words", ["results?"]))
        self.plan_title = alt(data.get("plan_document_words", ["programmes?", "plans?"]))

    def find(self, text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
        """The cues in ``text[start:end]`` as ``self.all.finditer`` finds them: (kind, start, end).

        A cue begins at a word start, and only a few words can begin one: each word is tried with the
        cues that may start with it (see :class:`CutRegex`), far fewer than all of them.
        """
        if not self._word_led:
            for m in self.all.finditer(text, start, end):
                yield m.lastgroup, m.start(), m.end()
            return
        cut = self._cut
        seen, unseen = cut.by_word, cut.UNSEEN
        last = start
        for w in _WORD.finditer(text, start, end):
            pattern = seen.get(w[0], unseen)
            if pattern is unseen:
                pattern = cut.at(w[0])
            if pattern is None:
                continue
            p = w.start()
            if p < last:
                continue
            m = pattern.match(text, p, end)
            if m is not None:
                last = m.end()
                yield m.lastgroup, p, last

    def _cue_regex_of(self, kept: tuple[bool, ...]) -> regex.Pattern[str]:
        """The cue regex of the entries marked in ``kept``, in their order."""
        kinds: dict[str, list[str]] = {}
        for (name, item), keep in zip(self._entries, kept, strict=True):
            if keep:
                kinds.setdefault(name, []).append(item)
        return _cue_regex(kinds)


_WORD = regex.compile(r"\b\w+")
_NON_WORD_SAMPLE = " \t\n!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~\u00a0–—‘’“”…€£¥₫"


def _cue_regex(kinds: dict[str, list[str]]) -> regex.Pattern[str]:
    """One regex for the cue entries of each kind, in their order, each kind a named group."""
    return regex.compile(
        r"\b(?:"
        + "|".join(rf"(?P<{name}>(?:" + "|".join(f"(?:{i})" for i in items) + r")\b)" for name, items in kinds.items())
        + ")",
        regex.IGNORECASE,
    )


@shared_per_folder
def load_cues(patterns: str | None = None) -> Cues:
    """The shared :class:`Cues` of a patterns folder."""
    return Cues(patterns)


class _Found:
    """The cues of one kind in a text: (start, end) ranges in text order, never overlapping."""

    __slots__ = ("ranges", "starts")

    def __init__(self) -> None:
        self.ranges: list[Range] = []
        self.starts: list[int] = []

    def add(self, start: int, end: int) -> None:
        self.ranges.append((start, end))
        self.starts.append(start)

    def any_in(self, lo: int, hi: int) -> bool:
        """Whether a cue lies wholly inside [lo, hi)."""
        i = bisect_left(self.starts, lo)
        return i < len(self.ranges) and self.ranges[i][1] <= hi

    def first_in(self, lo: int, hi: int) -> Range | None:
        """The first cue lying wholly inside [lo, hi), if any."""
        i = bisect_left(self.starts, lo)
        return self.ranges[i] if i < len(self.ranges) and self.ranges[i][1] <= hi else None

    def ranges_in(self, lo: int, hi: int) -> list[Range]:
        """The cues lying wholly inside [lo, hi), in order."""
        i = bisect_left(self.starts, lo)
        out = []
        while i < len(self.ranges) and self.ranges[i][1] <= hi:
            out.append(self.ranges[i])
            i += 1
        return out

    def last_before(self, lo: int, hi: int) -> Range | None:
        """The last cue lying wholly inside [lo, hi), if any."""
        ranges = self.ranges
        i = bisect_right(self.starts, hi) - 1
        while i >= 0 and ranges[i][0] >= lo:
            if ranges[i][1] <= hi:
                return ranges[i]
            i -= 1
        return None


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
    """One Link per quantity, in the order given (``sentences`` and ``periods`` in text order)."""
    if not quantities:
        return []
    q_order = sorted(range(len(quantities)), key=lambda i: quantities[i].start_char)
    q_starts = [quantities[i].start_char for i in q_order]
    periods = [p for p in periods if not p.optional]
    p_starts = [p.start_char for p in periods]
    found = {kind: _Found() for kind in ("target", "achieved", "past", "comparison")}
    for s_start, s_end in sentences:  # cues matter only in sentences that hold a figure or set a frame
        if bisect_left(q_starts, s_start) < bisect_left(q_starts, s_end) or \
                bisect_left(p_starts, s_start) < bisect_left(p_starts, s_end):
            for kind, start, end in cues.find(text, s_start, s_end):
                found[kind].add(start, end)
    target = found["target"]
    para_starts = [p[0] for p in paragraphs]
    links: list[Link | None] = [None] * len(quantities)

    frame: _Frame | None = None  # the period the paragraph has set so far
    outline = _Outline(text, paragraphs, cues)
    paragraph = -1
    level = 0  # the heading level of the current paragraph, 0 for none
    had_content = False  # whether the current paragraph holds a figure or a period
    for s_start, s_end in sentences:
        para = bisect_right(para_starts, s_start) - 1
        if para != paragraph:
            frame, level = outline.enter(para, s_start, frame, had_content)
            paragraph, had_content = para, False
            if para == 0:
                title_end = text.find("\n", s_start)
                title_end = len(text) if title_end < 0 else title_end
                outline.plan_document(s_start, title_end, periods[:bisect_left(p_starts, title_end)])
        lo, hi = bisect_left(p_starts, s_start), bisect_left(p_starts, s_end)
        qlo, qhi = bisect_left(q_starts, s_start), bisect_left(q_starts, s_end)
        if level and qlo == qhi:
            # a heading sets its section's frame: "TASKS FOR 2024" a plan; "RESULTS OF IMPLEMENTING TASKS IN
            # 2023" or "I. CURRENT SITUATION" results
            first = target.first_in(s_start, s_end)
            plan = first is not None and not cues.results.search(text, s_start, first[0])
            results = not plan and cues.results.search(text, s_start, s_end) is not None
            frame = outline.heading(level, periods[lo:hi], plan, results) or frame
            if lo < hi:
                had_content = True
            else:
                frame = frame or _referred(outline, text, s_start, s_end, cues)
            continue
        if lo == hi and qlo == qhi:
            frame = frame or _referred(outline, text, s_start, s_end, cues)
            continue  # no figure to link and no period to set the frame
        had_content = True
        in_sentence = periods[lo:hi]
        has_target = target.any_in(s_start, s_end)
        frame = frame or _referred(outline, text, s_start, s_end, cues)
        opening = _opening(text, s_start, in_sentence, cues)
        if opening:
            start, end, label = _unit_of(opening)
            frame = _Frame(start, end, label, opening[0].kind, has_target)
        if qlo < qhi:
            sentence = _Sentence(text, s_start, s_end, in_sentence, cues, found)
            # a period carried from later in an earlier sentence holds for plans and for reports in the past
            # tense ("It welcomed 4.1 million visitors"), not for standing facts ("The town welcomes ...",
            # "So far, only 43 clusters are in operation")
            reports = has_target or (sentence.has_past and not sentence.has_achieved) \
                or cues.breakdown.match(text, s_start) is not None  # "Of this, VND 1.85 trillion comes ..."
            # so does a report in the simple past passive before the figure ("Expenditure was estimated at
            # VND 9,462.5 billion"), for a period that had begun by the publication date
            passive_carries = frame is not None and frame.start is not None \
                and (published is None or frame.start <= published)
            for qi in q_order[qlo:qhi]:
                q = quantities[qi]
                now = _NOW_AFTER.match(text, q.end_char) is not None  # "up from 12 products now"
                own = None if now else sentence.own_period(q)
                reports_q = reports or passive_carries and sentence.passive_past_before(q)
                inherited: _Frame | None = None  # the frame whose plan cue the figure takes
                if now:
                    start = end = label = kind = None
                elif own is not None:
                    start, end, label, kind = own
                    if frame is not None and frame.layout and frame.target:
                        inherited = frame  # an item under a plan heading: a plan, also with a date of its own
                elif frame is not None and (frame.kind != "carried" or reports_q):
                    start, end, label, kind = frame.start, frame.end, frame.text, frame.kind
                    inherited = frame
                else:
                    start = end = label = kind = None
                links[qi] = Link(start, end, label, sentence.is_target(q, end, kind, inherited, published))
        if not opening:
            # a period later in a sentence carries on to the next sentences that report on
            # ("... VND7.2 trillion in the first nine months. It welcomed 4.1 million visitors"),
            # as a plain span: a deadline inside a plan makes later figures plans only by their own cues
            own_periods = [p for p in in_sentence if not p.comparison and p.coord_group is None]
            if own_periods:
                d = own_periods[-1]
                frame = _Frame(d.date_start, d.date_end, d.text, "carried", False)
    # a converted amount in brackets takes the period and the target flag of the amount it converts
    for k in range(1, len(q_order)):
        if quantities[q_order[k]].converts and links[q_order[k - 1]] is not None:
            links[q_order[k]] = links[q_order[k - 1]]
    return [lk if lk is not None else Link(None, None, None, False) for lk in links]


def _referred(outline: _Outline, text: str, s_start: int, s_end: int, cues: Cues) -> _Frame | None:
    """The frame a sentence refers back to with "in the period" / "in the reviewed period": the last one set
    before (a period carried from a sentence's end counts as stated here)."""
    recent = outline.recent
    if recent is None or not cues.anaphora.search(text, s_start, s_end):
        return None
    return replace(recent, kind="referred") if recent.kind == "carried" else recent


class _Outline:
    """The frames a document's layout sets: the periods of its headings, by level, over their sections
    ("1. Results in 2021-2023"), and a lead-in's frame over its list ("In 2024-2025, the province will:")."""

    __slots__ = ("text", "paragraphs", "cues", "sections", "lead", "current", "last", "recent")

    def __init__(self, text: str, paragraphs: list[Range], cues: Cues) -> None:
        self.text, self.paragraphs, self.cues = text, paragraphs, cues
        self.sections: dict[int, _Frame] = {}
        self.lead: _Frame | None = None
        self.current = -1
        self.last: _Frame | None = None  # the frame the last paragraph with a figure or a period left
        self.recent: _Frame | None = None  # the last frame any paragraph of the section left

    def _section(self) -> _Frame | None:
        return self.sections[max(self.sections)] if self.sections else None

    def enter(self, para: int, s_start: int, frame: _Frame | None, had_content: bool) -> tuple[_Frame | None, int]:
        """Start paragraph ``para`` (its first sentence at ``s_start``), the previous one having left ``frame``
        (``had_content``: it held a figure or a period): the frame the paragraph starts with, and its heading
        level (0 for none)."""
        text, paragraphs = self.text, self.paragraphs
        if had_content:
            self.last = frame
        if frame is not None:
            self.recent = frame
        if self.current >= 0 and is_lead_in(text, paragraphs[self.current]) and frame is not None \
                and frame.kind != "carried" and frame is not self._section():
            self.lead = replace(frame, layout=True)
        elif self.lead is not None and not is_list_item(text, paragraphs[para]):
            self.lead = None
        if CAPTION_LEVEL in self.sections and text.count("\n", paragraphs[self.current][1], paragraphs[para][0]) > 1:
            del self.sections[CAPTION_LEVEL]  # the table has ended
        self.current = para
        level = heading_level(text, paragraphs[para]) if para > 0 else 0  # the first line is the title
        if level:
            self.sections = {k: f for k, f in self.sections.items() if k < level}
            self.lead = self.last = self.recent = None
        if self.last is not None and self.cues.breakdown.match(text, s_start):
            return self.last, level  # "Of the total, ..." goes on, past a photo caption too
        return self.lead or self._section(), level

    def plan_document(self, start: int, end: int, in_title: list[PeriodMatch]) -> None:
        """A programme's or a resolution's title in capitals with its period ("PROVINCIAL INDUSTRY PROMOTION
        PROGRAMME ... FOR THE 2021-2025 PERIOD"): the whole document is a plan for that period, apart from
        sections that report results."""
        units = [u for u in _units(in_title) if not u[0].comparison]
        title = self.text[start:end]
        if units and title.isupper() and self.cues.plan_title.search(title) and not self.cues.results.search(title):
            p0, p1, label = _unit_of(units[0])
            self.sections[0] = _Frame(p0, p1, label, units[0][0].kind, True, layout=True)

    def heading(self, level: int, in_sentence: list[PeriodMatch], target: bool, results: bool = False
                ) -> _Frame | None:
        """The frame a heading's own period sets for its section, if it has one.  In a plan document, a
        heading of results ("I. CURRENT SITUATION") sets a section that is no plan."""
        units = [u for u in _units(in_sentence) if not u[0].comparison]
        if not units and results and 0 in self.sections and level not in self.sections:
            self.sections[level] = _Frame(None, None, "", "", False, layout=True)
            return self.sections[level]
        if not units or level in self.sections:
            return None
        start, end, label = _unit_of(units[0])
        self.sections[level] = _Frame(start, end, label, units[0][0].kind, target, layout=True)
        return self.sections[level]


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


class _Sentence:
    """A sentence holding figures: its periods grouped into units, and its cues."""

    __slots__ = ("text", "start", "end", "cues", "units", "target", "achieved", "comparison",
                 "has_achieved", "has_past")

    def __init__(self, text: str, start: int, end: int, in_sentence: list[PeriodMatch], cues: Cues,
                 found: dict[str, _Found]) -> None:
        self.text, self.start, self.end, self.cues = text, start, end, cues
        self.units = _units(in_sentence)
        self.target, self.achieved, self.comparison = found["target"], found["achieved"], found["comparison"]
        self.has_achieved = self.achieved.any_in(start, end)
        self.has_past = found["past"].any_in(start, end)


    def passive_past_before(self, q: QuantityMatch) -> bool:
        """A past passive ("was estimated at", "were built") before the figure in its sentence: a report in the
        past tense, not a standing fact ("so far", "already")."""
        return any(_PASSIVE_PAST.match(self.text, a) for a, _ in self.achieved.ranges_in(self.start, q.start_char))

    def own_period(self, q: QuantityMatch) -> tuple[date | None, date | None, str, str] | None:
        """The nearest usable period in the figure's sentence, as (start, end, text, kind).

        A period across a coordinated verb phrase ("... 8.5-9 percent a year and to raise ... by 2030",
        "... for the whole of 2024 and plans to open two new parks ... by 2026") is taken only when no other
        period is usable: it may be shared ("worth VND 100 trillion a year and to welcome 2.5 million
        visitors from now to 2030").
        """
        for strict in (True, False):
            found = self._nearest(q, strict)
            if found is not None:
                return found
        return None

    def _nearest(self, q: QuantityMatch, strict: bool) -> tuple[date | None, date | None, str, str] | None:
        best: tuple[int, int, list[PeriodMatch]] | None = None
        for unit in self.units:
            if any(self._blocked(q, u) for u in unit):
                continue
            if strict and (
                unit[0].start_char >= q.end_char and _NEXT_VERB_PHRASE.search(self.text, q.end_char, unit[0].start_char)
                or unit[-1].end_char <= q.start_char
                and _NEXT_VERB_PHRASE.search(self.text, unit[-1].end_char, q.start_char)
            ):
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

    def _blocked(self, q: QuantityMatch, p: PeriodMatch) -> bool:
        """A comparison or the start of another clause stands between the figure and the period."""
        if p.start_char >= q.end_char:
            if self.comparison.any_in(q.end_char, p.start_char):
                return True
            if _NEW_CLAUSE.search(self.text, q.end_char, p.start_char):
                return True  # "requiring VND 2.8 trillion, and aims for 75 percent by 2025"
            if p.comparison and _FROM.search(self.text, q.end_char, p.start_char):
                return True  # "up 40 percent from 2021": the change, not the base it is measured from
            # a comparison base binds only the figures inside the comparison: "up from VND 5 billion in 2022",
            # "fell from VND 3.2 billion in 2021 to ..."
            return p.comparison and not self.comparison.any_in(self.start, q.start_char) \
                and not _FROM_BEFORE.search(self.text, self.start, q.start_char)
        if p.comparison:
            # "than in the 2016-2020 period, when spending averaged VND 100 billion"
            between = self.text[p.end_char:q.start_char]
            return not self.cues.relative.search(between)
        return False

    def is_target(self, q: QuantityMatch, end: date | None, kind: str | None, inherited: _Frame | None,
                  published: date | None) -> bool:
        """Whether the figure, linked to a period ending on ``end``, is a plan rather than a result.

        ``inherited``: the frame the figure takes its period from, if any.  A plan frame makes it a plan
        unless the sentence reports a result; under a plan heading or lead-in only a cue of an achieved
        result does (a past participle such as "trained workers" does not).
        """
        if published is not None and end is not None and end < published and kind != "deadline":
            return False  # the figure's own period is over: a result
        if _NOW_AFTER.match(self.text, q.end_char):
            return False  # "from 4 percent today to 10 percent by 2030", "up from 12 products now"
        clause_end = _clause_end(self.text, q.end_char, self.end)
        done = self.achieved.first_in(q.end_char, clause_end)
        if done is not None and not _RELATIVE.search(self.text, q.end_char, done[0]):
            # "of which VND 4.1 billion has already been disbursed"; but in "12 enterprises that have expressed
            # interest" the result belongs to a relative clause, not to the figure
            return False
        cue = self.target.last_before(self.start, q.start_char)
        if cue is not None and not self.achieved.any_in(cue[1], q.start_char):
            return True
        if self._subject_of_plan(q, clause_end):
            return True
        if kind == "deadline" and end is not None and (published is None or end >= published):
            return True  # a deadline still to come ("by 2025"); one passed ("By the end of November, ... had met")
            # is a plan only by its cues
        plan = inherited is not None and inherited.target
        if plan and inherited.layout and not self.has_achieved:
            return True
        result_words = self.has_achieved or self.has_past
        if plan and not result_words:
            return True
        future = published is not None and end is not None and end.year > published.year
        return future and not result_words


    def _subject_of_plan(self, q: QuantityMatch, clause_end: int) -> bool:
        """The figure is the subject of its clause and a target cue follows it at once.

        "Seventeen provinces are expected to finish", "This year, another 500 workers will be trained".
        """
        before = _CLAUSE_END_BACK.search(self.text, self.start, q.start_char)
        if before is not None and self.cues.appositive_lead.fullmatch(self.text, before.start(), q.start_char):
            # "The new cluster, with total investment of VND 410 billion, is expected to start ...": the cue
            # follows the comma that closes the appositive
            clause_end = _clause_end(self.text, min(clause_end + 1, self.end), self.end)
        elif self.cues.subject_lead.fullmatch(self.text, before.end() if before else self.start, q.start_char) is None:
            return False
        cue = self.target.first_in(q.end_char, clause_end)
        return cue is not None and len(self.text[q.end_char:cue[0]].split()) <= _SUBJECT_GAP_WORDS


def _units(in_sentence: list[PeriodMatch]) -> list[list[PeriodMatch]]:
    """The sentence's periods as units: a coordination group together, in order of first mention."""
    groups: dict[int, list[PeriodMatch]] = {}
    units: list[list[PeriodMatch]] = []
    for p in in_sentence:
        if p.coord_group is None:
            units.append([p])
        elif p.coord_group in groups:
            groups[p.coord_group].append(p)
        else:
            groups[p.coord_group] = [p]
            units.append(groups[p.coord_group])
    return units


_CLAUSE_END = regex.compile(r"[,;:]|\s(?:and|but|while|whereas)\s")
_FROM = regex.compile(r"\bfrom\b", regex.IGNORECASE)
_NOW_AFTER = regex.compile(r"\s*,?\s*(?:today|now|at\s+present|currently)\b", regex.IGNORECASE)  # right after a figure
_RELATIVE = regex.compile(r"\b(?:that|which|who|whose)\b", regex.IGNORECASE)
_PASSIVE_PAST = regex.compile(r"(?:was|were)\s", regex.IGNORECASE)  # an achieved cue in the simple past
_FROM_BEFORE = regex.compile(r"\bfrom\s+\Z", regex.IGNORECASE | regex.REVERSE)  # "from VND 3.2 billion"
_NEW_CLAUSE = regex.compile(r",\s+(?:and|but|while|whereas)\s|;")  # a coordinated clause of its own
# a coordinated verb phrase: "... and to raise ...", "... and will spend ...", "... and plans to open ..."
_NEXT_VERB_PHRASE = regex.compile(r"\sand\s+(?:also\s+)?(?:to|will|\w+s\s+to)\s")
_CLAUSE_END_BACK = regex.compile(_CLAUSE_END.pattern, regex.REVERSE)  # the last clause break before a place
_SUBJECT_GAP_WORDS = 2  # words between a subject figure and its plan cue ("also", "in total")


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit
