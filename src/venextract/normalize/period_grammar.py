"""The period grammar: lookup tables and compiled regexes built from ``patterns/periods.json``.

:class:`PeriodGrammar` reads the lexicon (month names, number words, ordinals,
relative offsets, prepositions, comparison cues, words that make a number no
year) and compiles the regexes that
:class:`~venextract.normalize.periods.PeriodFinder` scans and reads text with:
the *core* regex (years, ranges, months, days, parts of a year, relative
expressions), the anchors and word starts that limit where it is tried, and the
context regexes searched before and after a core.  :func:`spans_at_heads` finds
the matches of a case-insensitive regex by looking for their first letters with
``str.find``.
"""
from __future__ import annotations

import string
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex

from .cut_regex import CutRegex

__all__ = ["PeriodGrammar"]


def _alt(words: Any) -> str:
    """An alternation of lexicon entries, longest first, spaces matching any whitespace."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    parts = [regex.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in items]
    return "(?:" + "|".join(parts) + ")"


_NUM_END = r"(?![\w%]|[.,:]\d|/\w)"  # a number that goes on is no year ("2,020", "15/2023/QD")
_DASH = "\\-–—\u2011\u2212"  # hyphen, en and em dash, non-breaking hyphen, minus sign
_FREE = rf"(?<![\w$/:#@&.,{_DASH}])"  # a number standing free, not inside a code, date or amount
_Y = r"[12]\d{3}"
_DAY = r"(?P<d_d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"
# the second day of "November 2 to 6", "1-15 March"
_DAY2 = rf"\s*(?:[{_DASH}]|to|until|till)\s*(?P<d_d2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:/]\d)"


class PeriodGrammar:
    """The lexicon of ``periods.json`` as lookup tables, and the regexes built from it."""

    def __init__(self, lex: dict[str, Any]) -> None:
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
        # a numeric date after a word that introduces one ("On 12/3/2024", "dated 05/07/2023"): day first, as
        # Vietnamese texts write it, unless the second number cannot be a month; elsewhere such a date is a
        # dateline's or a code's
        nd_lead = _alt(lex.get("numeric_date_lead_words", ["on", "dated"]))
        self._nd_lead = regex.compile(rf"\b(?:{nd_lead})\s+$", ic | regex.REVERSE)
        num_date = (
            rf"\b(?P<nd>(?P<nd_a>3[01]|[12]\d|0?[1-9])(?P<nd_sep>[/.])(?P<nd_b>3[01]|[12]\d|0?[1-9])"
            rf"(?P=nd_sep)(?P<nd_y>{_Y}))(?![\w%/]|[.,]\d)"
        )
        decade = r"\b(?P<dec>the\s+(?P<dc_y>[12]\d{2}0)'?s)\b"
        year = (
            rf"(?P<yc>(?:(?P<yc_pos>{pos}|(?-i:FY)\s?)(?P<yc_y>{_Y})|{_FREE}(?P<yc_y>{_Y}))"
            rf"(?:\s*[{_DASH}]\s*(?P<yc_y2>{_Y})(?![\w%]|[.,:/{_DASH}]\d)"
            rf"|[{_DASH}](?P<yc_yy>\d\d)(?![\w%]|[.,:/{_DASH}]\d)"
            rf"|/(?P<yc_sl>{_Y}|\d\d)(?![\w%/]|[.,:{_DASH}]\d)"
            rf"|(?![\w%]|[.,:]\d|/\w|[{_DASH}]\d|-[a-z])))"
        )
        self._core_parts = [same, parts, part, qform, months_n, ago, span, rel, date_w, date_d, num_date, decade, year]
        self._core = regex.compile("|".join(self._core_parts), ic)
        words = ["year", "month", "quarter", "half", "halves", "decade", *lex.get("same_period_units", [])]
        # two simple regexes scan faster than their alternation
        self._anchor_num = regex.compile(rf"(?<!\d)[12]\d{{3}}(?!\d)|\b(?:{months_full}|{months_abbr}|[QH][1-4])\b")
        self._anchor_word = regex.compile(rf"\b{_alt(words)}s?\b", ic)
        # the first words of the anchor words, lower case, when they are plain letters: the lower-cased text
        # is searched for them (see spans_at_heads)
        heads = {str(w).split()[0].lower() for w in words}
        self._anchor_heads = sorted(heads) if all(h.isascii() and h.isalpha() for h in heads) else None
        firsts = {"the", *self.part_words["quarter"]}
        for key in ("ordinals", "ordinals_last", "first_words", "position_words", "position_of", "number_words",
                    "relative_offsets", "span_next", "span_past", "article_one", "months", "month_abbreviations"):
            firsts.update(str(w).split()[0].lower() for w in lex.get(key, []))
        # the words a core can start with: the regex is tried only there; the match holds the whole word
        self._word_start = regex.compile(rf"\b(?=\d|FY|[QH][1-4]|{_alt(firsts)}\b)\w*", ic)
        self._core_cut = CutRegex(self._core, [regex.compile(part, ic) for part in self._core_parts], self._cut_core)

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
        # the regexes that end in "$" and are only asked whether they match run backwards from the end of the
        # window: that fails at once where a forward search tries every start
        back = ic | regex.REVERSE
        temporal = _alt(lex.get("temporal_prepositions", ["in", "since", "from", "by", "until", "to"]))
        self._temporal_before = regex.compile(rf"\b{temporal}\s+$", back)
        self._not_before = regex.compile(rf"(?:^|[^\w$])(?:{_alt(lex.get('not_period_before', []))})\s*$", back)
        self._not_after_always = regex.compile(
            rf"\s*(?:%|(?:{_alt(lex.get('not_period_after_always', []))})\b)", ic
        )
        self._not_after_counted = regex.compile(rf"\s+(?:{_alt(lex.get('not_period_after_counted', []))})\b", ic)
        # a price base: "at prices of 2010", "at constant prices in 2010" (not "cashew prices in 2023 fell")
        self._price_before = regex.compile(
            r"\b(?:at|in)\s+(?:(?:constant|comparative|fixed|current)\s+)?prices?\s+(?:of|in)\s+(?:the\s+year\s+)?$",
            back,
        )
        month_lead = _alt([*lex.get("month_lead_words", ["in", "from", "to"]), *lex.get("position_words", [])])
        self._month_guard = regex.compile(rf"(?:\b{month_lead}\s+|[{_DASH},]\s*)$", back)
        self._month_follow = regex.compile(rf"\s*[{_DASH}]\s*(?-i:{months_full})\b")
        # an abbreviated month opening a range of months with a year: "Jan-Oct 2024", "Jan.–Sep. 2023"
        self._abbrev_range = regex.compile(
            rf"\.?\s*[{_DASH}]\s*(?-i:{months_full}|{months_abbr})\.?\s+(?:19|20)\d\d\b"
        )
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
        # comparison cues, searched in the clause before a period; a backward search finds the last clause cut
        self._clause_cut = regex.compile(r"[;!?\n(]|[.:](?=\s|$)|,(?=\s)", regex.REVERSE)
        self._cmp_any = regex.compile(rf"\b(?:{_alt(lex.get('comparison_anywhere', ['compared with']))})(?!\w)", ic)
        self._cmp_imm = regex.compile(
            rf"\b(?:{_alt(lex.get('comparison_immediate', ['than']))}|as\s+\w+\s+as)"
            r"\s+(?:that\s+|those\s+|the\s+level\s+)?"
            r"(?:(?:of|in|during|for|with)\s+)?(?:the\s+)?$",
            back,
        )
        # "up" after "set", "speed", ... is no change ("was set up from 2019")
        phrasal = _alt(lex.get("not_change_before_up", ["set"]))
        change = rf"(?:(?<!\b{phrasal}\s+)up|(?!up\b){_alt(lex.get('change_words', ['up', 'down']))})"
        self._change = regex.compile(rf"(?:\b{change}\b|%)", ic)
        vision = _alt(lex.get("vision_words", ["vision"]))
        self._vision_before = regex.compile(rf"\b(?:{vision})\s+(?:(?:to|until|till|towards?|for|by)\s+)?$", back)
        self._vision_after = regex.compile(rf"\s+(?:{vision})\b", ic)
        poss = _alt(lex.get("comparison_before_possessive", ["double", "twice", "times"]))
        self._cmp_poss = regex.compile(rf"\b(?:{poss})\s+(?:the\s+)?$", back)
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
        # a news agency's dateline opening a paragraph: "Hà Nội, March 3 (VNA) – ...", "HANOI, Jan 5 -- ..."
        self._agency_place = regex.compile(r"\W*\p{Lu}[\p{L}\p{M}'’.\- ]{1,40}?,\s*$")
        self._agency_after = regex.compile(r"(?:,?\s*\d{4})?\s*(?:\([^()\n]{1,25}\)\s*)?[–—-]{1,2}\s")

    def core_at(self, word: str) -> regex.Pattern[str] | None:
        """The core regex for a position where ``word`` starts, cut down to the parts that can start with
        it; None when none can (cached).

        A part stays when ``word`` matches it or is the start of a match (a partial match); the others
        cannot match where the word stands, so the cut-down regex matches what the full one does there.
        It also defines the groups of the parts left out, in a branch that never matches, so that they
        read None as they would in the full regex.
        """
        return self._core_cut.at(word)

    def _cut_core(self, kept: tuple[bool, ...]) -> regex.Pattern[str]:
        """The core regex with only the parts marked in ``kept``, defining every group of the full one."""
        if all(kept):
            return self._core
        parts = [alone for alone, keep in zip(self._core_cut.parts, kept, strict=True) if keep]
        names = {name for alone in parts for name in alone.groupindex}
        left_out = "".join(f"(?P<{name}>)" for name in self._core.groupindex if name not in names)
        return regex.compile("|".join(alone.pattern for alone in parts) + "|(?!)" + left_out, regex.IGNORECASE)


@lru_cache(maxsize=1)
def odd_cases() -> frozenset[str]:
    """The characters that match an ASCII letter when case is ignored but do not lower-case to it ("ſ", "İ").

    (Every character that matches a Latin letter ignoring case is in the Basic Multilingual Plane.)
    """
    plane = "".join(map(chr, range(0x10000)))
    found = regex.findall(r"[a-z]", plane, flags=regex.IGNORECASE)
    return frozenset(c for c in found if c.lower() not in string.ascii_lowercase)


def spans_at_heads(pattern: regex.Pattern[str], heads: Iterable[str], text: str) -> list[tuple[int, int]]:
    """The spans ``pattern.finditer(text)`` finds, for a case-insensitive pattern whose matches start with
    one of ``heads`` (lower-case ASCII).

    The pattern is tried only where the lower-cased text holds a head, which ``str.find`` finds much faster
    than a scan with the regex.  That finds every match as long as lower-casing keeps each character in
    its place and the text has none of the characters that match a letter ignoring case but lower-case to
    something else (``odd_cases``); otherwise the regex scans.
    """
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in odd_cases()):
        return [m.span() for m in pattern.finditer(text)]
    starts = set()
    for head in heads:
        i = low.find(head)
        while i >= 0:
            starts.add(i)
            i = low.find(head, i + 1)
    out: list[tuple[int, int]] = []
    last = 0
    for p in sorted(starts):
        if p >= last:
            m = pattern.match(text, p)
            if m is not None:
                out.append(m.span())
                last = m.end()
    return out
