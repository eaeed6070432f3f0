"""Find money amounts, counts and percentages in plain text (no spaCy).

One compiled regular expression finds every numeric expression: a number in
digits or words, an optional scale word, an optional second number making a
range, and an optional currency or percent sign on either side.  Each hit is
then read in its context:

* with a currency it is MONEY, with a percent sign PERCENT;
* otherwise it is a COUNT only when a noun phrase naming what is counted
  follows (``109 industry promotion projects``, ``Three of the projects``).
  Years, dates, codes, names (``Highway 14``), ranks, ages, durations,
  multipliers and measured quantities (``50 ha``) are left out.

A trained tagger is not assumed: the noun phrase is found with word lists from
``patterns/count_nouns.json`` and the ``lemminflect`` dictionary, which says
whether a word can be a noun and gives its singular.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex
from lemminflect import getAllLemmas

from ..resources import read_json
from ..types import QuantityMatch
from .numbers import NumberLexicon, digits_decimal, scaled_range, words_value

__all__ = ["QuantityFinder"]

_SPACE = r"[ \t\u00a0]"
_DASHES = "-‐‑–—"
_DASH_CLASS = r"\-‐‑–—"


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first; spaces match any run of spaces."""
    uniq = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", " ").replace(" ", _SPACE + "+") for w in uniq)


def _lower_set(items: Iterable[str]) -> frozenset[str]:
    return frozenset(s.lower() for s in items)


# one token of the words after a number: a line break, a word, digits or a punctuation mark
_TOKEN = regex.compile(
    r"[ \t\u00a0]*(?:(?P<nl>\r?\n(?:[ \t\u00a0]*\r?\n)?)"
    r"|(?P<w>[^\W\d_](?:[\w'’]|[-‐‑.](?=[^\W_]))*)"
    r"|(?P<n>\d(?:[\w]|[.,:/-](?=\w))*)"
    r"|(?P<p>\S))"
)
_SENTENCE_START = regex.compile(r"(?:\A|[.!?:;\n\"“”‘(\[•*|–—-])[ \t\u00a0]*\Z")
# Patterns that end in "\Z" and look only at the words right before a position are searched in reverse: the
# search starts at that position instead of trying every start in the window.  It finds the same match as a
# forward search: the leftmost start, since greedy runs are given back from the left and longer phrases come
# first in each alternation.
_BEFORE = regex.REVERSE
_PREV_WORD = regex.compile(r"(?<![\w.])([^\W\d_][\w'’]*\.?)[ \t\u00a0]+\Z", _BEFORE)
_YEAR = regex.compile(r"(?:19|20|21)\d\d")
_DOT_THOUSANDS = regex.compile(r"\d{1,3}\.\d{3}")
_POSSESSIVE = regex.compile(r"(?i).+['’]s?")
_ACRONYM_PLURAL = regex.compile(r"[A-Z][A-Z0-9&]+['’]?s")  # "IZs", "SMEs", "ICs"


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    kind: str  # "w" word, "n" digits, "p" punctuation, "nl" line break, "" end of text

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class _Phrase:
    head: str  # singular, lower case
    start: int  # where the noun phrase starts
    end: int  # where it ends (after any coordinated nouns)


class QuantityFinder:
    """MONEY, COUNT and PERCENT mentions with normalised values.

    Build once (it reads the pattern files and compiles its expressions) and
    call :meth:`find` on each text.
    """

    def __init__(self, patterns: str | Path | None = None) -> None:
        folder = patterns
        self.numbers = NumberLexicon.load(folder)
        currencies = read_json("currencies.json", folder, required=("currencies",))
        qualifiers = read_json("qualifiers.json", folder, required=("qualifiers",))
        nouns = read_json("count_nouns.json", folder, required=("stop_words",))
        self._load_currencies(currencies)
        self._load_qualifiers(qualifiers)
        self._load_nouns(nouns)
        self._compile()
        self._forms: dict[str, tuple[str, str]] = {}  # lower-case word → (kind, singular)
        self._kinds: dict[str, tuple[str, str]] = {}  # word as written → (kind, singular)
        _lemmas("projects")  # load the lemminflect dictionary now rather than inside the first find()

    # ------------------------------------------------------------------ loading

    def _load_currencies(self, data: dict[str, Any]) -> None:
        self.before: dict[str, str] = {}
        self.after: dict[str, str] = {}
        for code, forms in data["currencies"].items():
            for f in forms.get("before", ()):
                self.before.setdefault(_norm_space(f).lower(), code)
            for f in forms.get("after", ()):
                self.after.setdefault(_norm_space(f).lower(), code)
        self.after_needs_scale = _lower_set(data.get("after_needs_scale", ()))

    def _load_qualifiers(self, data: dict[str, Any]) -> None:
        self.qualifier_of: dict[str, str] = {}
        for name, cues in data["qualifiers"].items():
            for cue in cues:
                self.qualifier_of[_norm_space(cue).lower()] = name
        self._particles = list(data.get("not_after", ()))
        self.post_qualifier_of: dict[str, str] = {}
        for name, cues in data.get("after", {}).items():
            for cue in cues:
                self.post_qualifier_of[_norm_space(cue).lower()] = name

    def _load_nouns(self, d: dict[str, Any]) -> None:
        g = d.get
        self.measure_units = _lower_set(g("measure_units", ()))
        self.durations = _lower_set(g("durations", ()))
        self.multipliers = _lower_set(g("multipliers", ()))
        self.not_count_heads = _lower_set(g("not_count_heads", ()))
        self.not_count_phrases = tuple(_norm_space(p).lower() for p in g("not_count_phrases", ()))
        self.irregular = {k.lower(): v.lower() for k, v in g("irregular_plurals", {}).items()}
        self.invariant = _lower_set(g("invariant_nouns", ()))
        self.plural_modifiers = _lower_set(g("plural_modifiers", ()))
        self.participles = _lower_set(g("participle_modifiers", ()))
        self.stop_words = _lower_set(g("stop_words", ()))
        self.name_words = _lower_set(g("name_words", ()))
        self.lead_words = _lower_set(g("lead_words", ())) | self.stop_words
        # spelled-out numbers end a phrase: "250 rooms and three restaurants"
        self.number_words = _lower_set([*self.numbers.cardinal_words, *self.numbers.scale_words])
        units = [u for u, v in self.numbers.units.items() if 0 < v < 10]
        self.number_words |= {f"{t}-{u}" for t in self.numbers.tens for u in units}
        self.months = _lower_set(g("months", ()))
        self.year_cues = _lower_set(g("year_cues", ()))
        self.of_determiners = _lower_set(g("of_determiners", ()))
        self.one_not_after = _lower_set(g("one_not_after", ()))
        self.one_not_heads = _lower_set(g("one_not_heads", ()))
        self.per_units = list(g("per_units", ()))
        self.not_per = _lower_set(g("not_per", ()))
        self._rank_words = list(g("ordinals", ()))
        self._rank_links = list(g("rank_links", ()))
        self._age_cues = list(g("age_cues", ()))
        self._change_verbs = list(g("change_verbs", ()))

    def _compile(self) -> None:
        lex = self.numbers
        cardinal = _alt(lex.cardinal_words)
        scales = _alt(lex.scale_words)
        articles = _alt(lex.articles)
        tail = (
            rf"(?:(?:{_SPACE}+|[-‐‑])(?:{cardinal}|{scales})(?!\w)"
            rf"|(?<=(?:{scales})){_SPACE}+and{_SPACE}+(?:{cardinal})(?!\w))*"
        )
        number_words = rf"(?<!\w)(?:(?:{cardinal})(?!\w){tail}|(?:{articles}){_SPACE}+(?:{scales})(?!\w){tail})"
        digits = r"\d+(?:[.,]\d+)*"
        number = rf"(?:{digits}|{number_words})"
        scale = (
            rf"(?:\s?(?:{_alt(lex.magnitudes)})(?!\w)"
            rf"|\s?(?:{_alt(lex.abbreviations)})(?!\w)(?:\.(?![ \t]*(?:\n|\Z|(?-i:\p{{Lu}})|[\"”])))?"
            rf"|(?:{_alt([*lex.attached, *lex.money_abbreviations])})(?!\w))"
        )
        cur_before = _alt(self.before)
        unit_after = rf"(?:{_alt(self.after)}|%|percent|per{_SPACE}?cent|pct)(?!\w)"
        start = rf"(?:(?<![\w$€£¥₩₫])(?P<c1>{cur_before})\s?|(?<![\w.,/:=?&#%@$€£¥₩₫{_DASH_CLASS}]))"
        self._anchor = regex.compile(rf"\d+|(?<!\w)(?i:{cardinal}|(?:{articles}){_SPACE}+(?:{scales}))(?!\w)")
        self._cur_left = regex.compile(rf"(?i)(?<![\w$€£¥₩₫])(?:{cur_before})\s?\Z")
        self._rx = regex.compile(
            rf"(?i){start}(?P<n1>{number})(?P<m1>{scale})?(?:(?:\s|[‐‑-](?=[^\W\d_]))?(?P<u1>{unit_after}))?"
            rf"(?:(?P<sep>{_SPACE}*[{_DASH_CLASS}~]{_SPACE}*|{_SPACE}+(?:to|and){_SPACE}+)"
            rf"(?:(?P<c2>{cur_before})\s?)?(?P<n2>{number})(?P<m2>{scale})?)?"
            rf"(?:(?:\s|[‐‑-](?=[^\W\d_]))?(?P<u2>{unit_after}))?"
        )
        self._qualifier = regex.compile(rf"(?i)(?<![\w.])(?P<q>{_alt(self.qualifier_of)}){_SPACE}+\Z", _BEFORE)
        self._particle = (regex.compile(rf"(?i)(?<!\w)(?:{_alt(self._particles)}){_SPACE}+\Z", _BEFORE)
                          if self._particles else None)
        self._post_qualifier = regex.compile(
            rf"(?i){_SPACE}+(?P<q>{_alt(self.post_qualifier_of)})(?!\w)(?!{_SPACE}+than(?!\w))"
        ) if self.post_qualifier_of else None
        self._between = regex.compile(rf"(?i)(?<!\w)(?P<b>between|ranging{_SPACE}+from|from){_SPACE}+\Z")
        self._change_from = regex.compile(
            rf"(?i)(?<!\w)(?:{_alt(self._change_verbs)})(?!\w)[^.;\n]{{0,40}}?(?<!\w)from{_SPACE}+\Z")
        self._age = regex.compile(rf"(?i)(?<!\w)(?:{_alt(self._age_cues)}){_SPACE}+\Z", _BEFORE)
        self._rank = regex.compile(
            rf"(?i)(?:\d(?:st|nd|rd|th)|(?<!\w)(?:{_alt(self._rank_words)}))(?!\w)"
            rf"{_SPACE}+(?:{_alt(self._rank_links)}){_SPACE}+(?:the{_SPACE}+)?\Z", _BEFORE)
        self._per_year = regex.compile(rf"(?i){_SPACE}+per{_SPACE}+(?:year|annum)(?!\w)")
        self._per = regex.compile(
            rf"(?i){_SPACE}*(?:(?:per{_SPACE}+|/{_SPACE}*)(?P<p>[^\W\d_][\w-]*)"
            rf"|{_SPACE}+(?:an?|each){_SPACE}+(?P<p2>{_alt(self.per_units)})(?!\w))")
        self._conversion_link = regex.compile(
            r"(?i)\s*(?:(?P<open>[(\[])\s*(?:(?:equivalent|equal)\s+to\s+|or\s+|i\.e\.,?\s+)?"
            r"|,?\s*(?:or|i\.e\.,?|equivalent\s+to|equal\s+to)\s+)")
        self._bracket_close = regex.compile(r"\s*[)\]]")
        self._and_number = regex.compile(rf"{_SPACE}+and{_SPACE}+(?=\d)")

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[QuantityMatch]:
        """Non-overlapping MONEY, COUNT and PERCENT matches in ``text``, in text order."""
        out: list[QuantityMatch] = []
        pos = 0
        rx, cur_left = self._rx, self._cur_left
        # cheap anchors (digit runs, number words) first; the full expression is tried only there
        for a in self._anchor.finditer(text):
            s = a.start()
            if s < pos:
                continue
            m = None
            c = cur_left.search(text, max(pos, s - 12), s) if s else None
            if c is not None:
                m = rx.match(text, c.start())
            if m is None:
                m = rx.match(text, s)
            if m is None or self._in_link(text, m.start()):
                continue
            found, end = self._read(text, m, pos)
            out.extend(found)
            pos = max(end, s + 1)
        return self._link_conversions(text, out)

    @staticmethod
    def _in_link(text: str, start: int) -> bool:
        """Inside a web address or e-mail ("...-48645.html" is no count)."""
        if start == 0 or text[start - 1].isspace():
            return False
        chunk_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        chunk = text[chunk_start:start]
        return "/" in chunk or "www." in chunk or "@" in chunk or "=" in chunk

    def _read(self, text: str, m: regex.Match[str], floor: int = 0) -> tuple[list[QuantityMatch], int]:
        """The matches one numeric expression gives, and where to continue (nothing starts before ``floor``)."""
        g = m.group
        first_end = max(m.end(k) for k in ("n1", "m1", "u1") if m.start(k) >= 0)
        ranged = g("n2") is not None
        if ranged and not self._range_allowed(text, m):
            return self._read_single(text, m, first_end, floor)
        end = m.end()
        if ranged:
            unit = g("u2") or g("u1")
            cur = self._currency(g("c1") or g("c2"), unit, g("m1") or g("m2"))
        else:
            unit = g("u1") or g("u2")
            cur = self._currency(g("c1"), unit, g("m1"))
        is_pct = unit is not None and not cur and unit[0] in "%pP"
        if unit is not None and not cur and not is_pct:
            # an 'after' form that needs a scale word and has none ("8 won prizes")
            end = max(m.end(k) for k in ("n1", "m1", "n2", "m2"))
        money = cur is not None

        s1 = self._scale(g("m1"), money)
        n1 = self._value(g("n1"), dot_thousands=s1 is None and not is_pct)
        if n1 is None:
            return [], end
        if ranged:
            s2 = self._scale(g("m2"), money)
            n2 = self._value(g("n2"), dot_thousands=s2 is None and not is_pct)
            pair = None if n2 is None else scaled_range(n1, n2, s1, s2)
            if pair is None:
                return self._read_single(text, m, first_end, floor)
            lo, hi = pair
        else:
            lo = hi = n1 * (s1 or 1)

        start, qualifier = self._qualify(text, m.start(), ranged, floor)
        end, qualifier = self._post_qualify(text, end, qualifier)
        if money:
            per = self._price_basis(text, end)
            return [self._make("MONEY", text, start, end, lo, hi, cur, qualifier, per=per)], end
        if is_pct:
            py = self._per_year.match(text, end)
            end = py.end() if py else end
            return [self._make("PERCENT", text, start, end, lo, hi, "percent", qualifier)], end
        if (g("m1") and s1 is None) or (g("m2") and self._scale(g("m2"), False) is None):
            return [], end  # "5m": metres, not millions
        count = self._count(text, m, start, end, lo, hi, qualifier, ranged)
        return ([count], count.end_char) if count else ([], end)

    def _qualify(self, text: str, start: int, ranged: bool, floor: int) -> tuple[int, str]:
        """Where the mention starts and its qualifier, from the words right before the number."""
        q = self._qualifier.search(text, max(floor, start - 40), start)
        if q and not (self._particle and self._particle.search(text, max(0, start - 40), start)):
            return q.start(), self.qualifier_of[_norm_space(q.group("q")).lower()]
        if ranged:
            b = self._between.search(text, max(floor, start - 20), start)
            if b and b.group("b").lower() == "between":
                return b.start(), "exact"
        return start, "exact"

    def _post_qualify(self, text: str, end: int, qualifier: str) -> tuple[int, str]:
        """A cue after the amount: "20 or more households", "VND 5 billion or above", "30 households or fewer"."""
        post = self._post_qualifier.match(text, end) if self._post_qualifier is not None else None
        if post is None:
            return end, qualifier
        if qualifier == "exact":
            qualifier = self.post_qualifier_of[_norm_space(post.group("q")).lower()]
        return post.end(), qualifier

    def _price_basis(self, text: str, end: int) -> str | None:
        """The unit a price is given for: "per kilogram", "/kg" (a yearly budget has none)."""
        pm = self._per.match(text, end)
        if pm is None:
            return None
        per = pm.group("p") or pm.group("p2")
        return None if per.lower() in self.not_per or per.lower().rstrip("s") in self.not_per else per

    def _read_single(self, text: str, m: regex.Match[str], first_end: int,
                     floor: int) -> tuple[list[QuantityMatch], int]:
        """Re-read only the first number of a failed range: the second is read on its own."""
        sub = self._rx.match(text, m.start(), first_end)
        if sub is None or sub.end() != first_end or sub.group("n2") is not None:
            return [], first_end
        found, end = self._read(text, sub, floor)
        return found, max(end, first_end) if found else first_end

    def _range_allowed(self, text: str, m: regex.Match[str]) -> bool:
        """Whether two numbers joined by a dash, "to" or "and" make one range."""
        g = m.group
        if g("u1") is not None and (g("u2") is None or g("c2") is not None):
            return False  # "5 percent to 20 households"
        if g("m1") and not g("m2"):
            return False  # "VND 5 billion to 20 households"
        if g("c1") and g("c2") and self.before[_norm_space(g("c1")).lower()] != \
                self.before[_norm_space(g("c2")).lower()]:
            return False  # "JPY 3 billion and EUR 12 million"
        sep = g("sep").strip().lower()
        lo = max(0, m.start() - 60)
        if sep == "and":
            b = self._between.search(text, lo, m.start())
            return bool(b) and b.group("b").lower() == "between"
        # "rose from 5 to 7 percent": two values, not a range
        return not (sep == "to" and self._change_from.search(text, lo, m.start()))

    def _currency(self, before: str | None, after: str | None, scale: str | None) -> str | None:
        if before:
            return self.before.get(_norm_space(before).lower())
        if after:
            a = _norm_space(after).lower()
            if a in self.after and (a not in self.after_needs_scale or scale):
                return self.after[a]
        return None

    def _scale(self, word: str | None, money: bool) -> Decimal | None:
        return self.numbers.scale(word, money=money) if word else None

    def _value(self, written: str, dot_thousands: bool) -> Decimal | None:
        """A number's value; "1.200" without a scale word is read as 1200 where a fraction is unlikely."""
        if written[0].isdigit():
            dots = dot_thousands and written[0] != "0" and bool(_DOT_THOUSANDS.fullmatch(written))
            return digits_decimal(written, dot_thousands=dots)
        v = words_value(written, self.numbers)
        return None if v is None else Decimal(v)

    @staticmethod
    def _make(label: str, text: str, start: int, end: int, lo: Decimal, hi: Decimal, unit: str | None,
              qualifier: str, obj: str | None = None, per: str | None = None) -> QuantityMatch:
        return QuantityMatch(label, start, end, text[start:end], float(lo), float(hi), unit, qualifier, obj, per)

    def _link_conversions(self, text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
        """Mark an amount that restates the one before it in another currency.

        "4.043 billion VND (190,000 USD)", "VND 50 billion, or about US$2.1 million".
        The conversion takes the qualifier of the amount it converts unless it has its own.
        """
        out = list(found)
        for i in range(1, len(out)):
            a, b = out[i - 1], out[i]
            if a.label != "MONEY" or b.label != "MONEY" or a.end_char > b.start_char:
                continue
            link = self._conversion_link.fullmatch(text, a.end_char, b.start_char)
            if link is None:
                continue
            if link.group("open"):
                if not self._bracket_close.match(text, b.end_char):
                    continue
            elif a.unit == b.unit:
                continue  # "VND 5 billion or VND 7 billion": alternatives, not a conversion
            qualifier = b.qualifier if b.qualifier != "exact" else a.qualifier
            out[i] = QuantityMatch(b.label, b.start_char, b.end_char, b.text, b.value_min, b.value_max, b.unit,
                                   qualifier, b.object, b.per, converts=True)
        return out

    # ------------------------------------------------------------------ counts

    def _count(self, text: str, m: regex.Match[str], start: int, end: int, lo: Decimal, hi: Decimal,
               qualifier: str, ranged: bool) -> QuantityMatch | None:
        """A COUNT when the number counts things named by the words after it."""
        g = m.group
        if lo != lo.to_integral_value() or hi != hi.to_integral_value() or lo <= 0:
            return None
        n1 = g("n1")
        digits = n1[0].isdigit()
        if not self._clean_after(text, end):
            return None
        if ranged and (_YEAR.fullmatch(n1) or _YEAR.fullmatch(g("n2"))):
            return None  # "2016-2020", "from 2020 to 2022"
        if digits and not g("m1") and _YEAR.fullmatch(n1) and self._year_context(text, m.start(), start):
            return None  # a year ("In 2017", "compared with 2021 levels")
        if self._age.search(text, max(0, start - 30), start) or self._rank.search(text, max(0, start - 30), start):
            return None
        pw = _PREV_WORD.search(text, max(0, m.start() - 12), m.start())
        if pw and pw.group(1).lower().rstrip(".") in self.months:
            return None  # "June 5"
        name = self._name_evidence(text, m.start(), n1) if qualifier == "exact" else 0
        if name == 2:
            return None
        one = lo == hi == 1
        if one and (name or not self._one_counts(text, m.start(), n1, qualifier)):
            return None
        before = text[max(0, m.start() - 3):m.start()].rstrip()
        subject = not before or before[-1] in ",;:.!?\n"  # "Of the 50 applicants, 31 received ..."
        phrase = self._phrase(text, end, one, subject)
        if phrase is None:
            if one or ranged or name:
                return None
            phrase = self._of_phrase(text, end, lo) or self._shared_phrase(text, end)
            if phrase is None:
                return None
        if one and phrase.head in self.one_not_heads:
            return None
        obj = " ".join(text[phrase.start:phrase.end].split()) or None
        stop = max(phrase.end, end)
        if phrase.end > end:
            stop, qualifier = self._post_qualify(text, stop, qualifier)
        return self._make("COUNT", text, start, stop, lo, hi, phrase.head, qualifier, obj=obj)

    def _year_context(self, text: str, number_start: int, start: int) -> bool:
        """Whether a number that could be a year stands where years stand."""
        cue = text[start:number_start].split()
        if cue:  # a qualifier before the number
            return cue[0].lower() in self.year_cues  # "over 2021 levels" compares, "about 2000 households" counts
        pw = _PREV_WORD.search(text, max(0, number_start - 40), number_start)
        if pw is None:
            return False
        word = pw.group(1)
        return word.lower() in self.year_cues or word[0].isupper() or bool(_POSSESSIVE.fullmatch(word))

    def _clean_after(self, text: str, end: int) -> bool:
        """False when the number is glued to letters or codes ("1A", "20-hectare", "15/2023", "06:09")."""
        if end >= len(text):
            return True
        c = text[end]
        if c.isalnum() or c in "/_@":
            return False
        if c in _DASHES + ":." and end + 1 < len(text) and text[end + 1].isalnum():
            return False
        return True

    def _name_evidence(self, text: str, start: int, written: str) -> int:
        """How surely a number is part of a name or code: 2 sure, 1 likely, 0 not.

        Sure: after a name word ("Highway 14", "No. 1881", "Decree 15") or a
        spelled number inside a capitalised name ("One Commune One Product").
        Likely: right after a capitalised word inside a sentence ("Trang Nhat 1
        industrial cluster"); such a number still counts when a plural noun
        follows ("In Hoa Binh 500 households ...").  In a title-case headline
        ("Hanoi Builds 5 New Bridges") the next word is capitalised too, so the
        number is not taken for part of a name.
        """
        pw = _PREV_WORD.search(text, max(0, start - 40), start)
        nxt = self._next_word(text, start + len(written))
        next_cap = nxt.kind == "w" and nxt.text[0].isupper()
        if not written[0].isdigit():
            if not written[0].isupper() or _SENTENCE_START.search(text, max(0, start - 10), start):
                return 0
            return 2 if next_cap and (pw is None or not pw.group(1)[0].isupper()) else 0
        if pw is None:
            return 0
        word = pw.group(1)
        lw = word.lower().rstrip(".")
        if lw in self.name_words:
            return 2
        if _POSSESSIVE.fullmatch(lw):
            return 0  # "Hanoi's 30 districts"
        if not word[0].isupper() or lw in self.lead_words or lw in self.qualifier_of or next_cap:
            return 0
        if _SENTENCE_START.search(text, max(0, pw.start() - 10), pw.start()):
            return 0
        # a single digit after a capitalised name is the name's number ("Tra Noc 2 industrial parks")
        return 2 if len(written) == 1 else 1

    def _one_counts(self, text: str, start: int, written: str, qualifier: str) -> bool:
        """"at least one cluster" counts; "one of the", "no one", "One Commune" do not."""
        if written[0].isupper() and qualifier == "exact":
            return False
        pw = _PREV_WORD.search(text, max(0, start - 40), start)
        return not (pw and pw.group(1).lower() in self.one_not_after)

    def _next_word(self, text: str, pos: int) -> _Word:
        t = _TOKEN.match(text, pos)
        if t is None:
            return _Word(pos, pos, "", "")
        kind = t.lastgroup or ""
        return _Word(t.start(kind), t.end(), t.group(kind), kind)

    def _words(self, text: str, pos: int, limit: int = 14) -> list[_Word]:
        """The next tokens, stopping at a paragraph break (a wrapped line continues)."""
        out: list[_Word] = []
        pending_break = False
        for t in _TOKEN.finditer(text, pos, min(len(text), pos + 200)):
            kind = t.lastgroup or ""
            if kind == "nl":
                if t.group(kind).count("\n") > 1:
                    break
                pending_break = True
                continue
            word = t.group(kind)
            if pending_break:
                if kind != "w" or not word[0].islower():
                    break
                pending_break = False
            out.append(_Word(t.start(kind), t.end(), word, kind))
            if len(out) >= limit:
                break
        return out

    def _form(self, lw: str) -> tuple[str, str]:
        """(kind, singular) of a lower-case word: kind is plural, invariant, singular, verb or other."""
        cached = self._forms.get(lw)
        if cached is not None:
            return cached
        result = self._classify(lw)
        self._forms[lw] = result
        return result

    def _classify(self, lw: str) -> tuple[str, str]:
        if lw in self.irregular:
            return "plural", self.irregular[lw]
        if lw in self.invariant:
            return "invariant", lw
        lemmas = _lemmas(lw)
        noun = lemmas.get("NOUN")
        if noun:
            if noun[0] != lw and lw.endswith(("s", "i", "a", "e", "n")):
                return "plural", noun[0]
            return "singular", lw
        if not lemmas and any(c in lw for c in "-‐‑"):
            cut = max(lw.rfind(c) for c in "-‐‑")
            kind, sing = self._form(lw[cut + 1:])
            return kind, lw[:cut + 1] + sing
        if lemmas:
            if "VERB" in lemmas and not ("ADJ" in lemmas or "ADV" in lemmas or "PROPN" in lemmas):
                return "verb", lw
            return "other", lw
        if len(lw) > 3 and lw.endswith("s") and not lw.endswith(("ss", "us", "is", "ous")) and lw.isalpha():
            return "plural", _singular(lw)
        return "other", lw

    def _kind(self, w: _Word) -> tuple[str, str]:
        """(kind, singular) of a word as written: plural acronyms ("IZs", "SMEs") included."""
        cached = self._kinds.get(w.text)
        if cached is None:
            cached = self._kinds[w.text] = self._written_kind(w.text)
        return cached

    def _written_kind(self, written: str) -> tuple[str, str]:
        lw = written.lower()
        if _ACRONYM_PLURAL.fullmatch(written):
            return "plural", lw.rstrip("s").rstrip("'’")
        if _POSSESSIVE.fullmatch(lw):
            return "other", lw
        return self._form(lw)

    def _compound_possessive(self, lw: str) -> bool:
        """An irregular plural in the possessive ("people's", "women's"), naming a kind of the next noun."""
        base = lw[:-2]
        return base in self.irregular and self._form(base)[0] == "plural"

    def _is_verb(self, w: _Word, first: bool) -> bool:
        """A verb that ends the noun phrase: finite forms, and -ed forms opening it unless listed."""
        lw = w.lower
        if lw in self.participles or lw.endswith("ing") or any(c in lw for c in "-‐‑"):
            return False  # "existing", "OCOP-certified", "state-owned" are modifiers
        kind, _ = self._form(lw)
        if kind == "verb":
            return True
        return first and lw.endswith("ed") and kind != "singular" and "ADJ" not in _lemmas(lw)

    def _participle_before_noun(self, words: list[_Word]) -> bool:
        """"50 glazed pots", "12 licensed projects": an -ed word right before a plural noun is its modifier."""
        return (
            len(words) > 1 and words[0].lower.endswith("ed")
            and words[1].kind == "w" and words[1].lower not in self.stop_words
            and self._kind(words[1])[0] == "plural"
        )

    def _phrase(self, text: str, pos: int, one: bool, subject: bool = False) -> _Phrase | None:
        """The noun phrase after a number and its head (None when no counted noun follows)."""
        words = self._words(text, pos)
        head: int | None = None
        head_sing = ""
        n = len(words)
        i = 0
        while i < n and i < 8:
            w = words[i]
            if w.text == "(" and 0 < i < n - 2 and words[i + 2].text == ")" and words[i + 1].text.isupper():
                i += 3  # "new foreign direct investment (FDI) projects"
                continue
            if w.kind != "w":
                if w.text == "," and 0 < i < n - 1 and words[i + 1].kind == "w" and not one and head is None \
                        and self._kind(words[i - 1])[0] != "plural":
                    i += 1  # "37 tea, coffee and vegetable processing establishments": a list of modifiers
                    continue
                break
            lw = w.lower
            if lw in ("and", "or", "&"):
                # "three orange and agricultural festivals": the noun is still to come
                if i == 0 or i + 1 >= n or words[i + 1].kind != "w" or words[i + 1].lower in self.stop_words:
                    break
                i += 1
                continue
            if lw in self.stop_words or lw in self.number_words or (i == 0 and lw in self.months):
                break
            if _POSSESSIVE.fullmatch(lw):
                if lw.endswith(("'", "’")) and not one and self._form(lw[:-1])[0] == "plural":
                    head, head_sing = i, self._form(lw[:-1])[1]  # "63 provinces' delegates" counts provinces
                    break
                if self._compound_possessive(lw):
                    i += 1  # "85 people's credit funds", "20 women's unions"
                    continue
                break
            if self._is_verb(w, i == 0) and not (i == 0 and not subject and self._participle_before_noun(words)):
                break
            kind, sing = self._kind(w)
            if one:
                if kind in ("singular", "invariant"):
                    head, head_sing = i, sing
                elif kind == "plural":
                    return None
                i += 1
                continue
            if kind == "plural" or kind == "invariant":
                if (lw in self.plural_modifiers or kind == "invariant") and self._plural_ahead(words, i + 1):
                    i += 1
                    continue
                if i + 1 < n and words[i + 1].kind == "w" and words[i + 1].lower not in self.stop_words \
                        and self._kind(words[i + 1])[0] == "plural":
                    i += 1  # "eight crafts clusters": a plural noun right after is the head
                    continue
                head, head_sing = i, sing
                break
            i += 1
        if head is None:
            return None
        if one:
            # the last noun before the phrase ends: "one technical demonstration model"
            return self._checked(words, 0, head, head_sing)
        phrase = self._checked(words, 0, head, head_sing)
        if phrase is None:
            return None
        phrase.end = self._coordinated(words, head)
        return phrase

    def _checked(self, words: list[_Word], first: int, head: int, sing: str) -> _Phrase | None:
        """The phrase unless its head is a unit of measure, a duration, a multiplier or a rating."""
        base = sing.rsplit("-", 1)[-1]
        for bad in (self.measure_units, self.durations, self.multipliers, self.not_count_heads):
            if sing in bad or base in bad:
                return None
        if self.not_count_phrases:
            tail = " ".join([*(w.lower for w in words[first:head]), sing])
            if any(tail.endswith(p) for p in self.not_count_phrases):
                return None
        return _Phrase(sing, words[first].start, words[head].end)

    def _plural_ahead(self, words: list[_Word], i: int) -> bool:
        """A plural noun still follows inside the phrase ("goods selling points")."""
        for w in words[i:i + 4]:
            if w.kind != "w" or w.lower in self.stop_words:
                return False
            kind, _ = self._form(w.lower)
            if kind == "plural":
                return True
            if kind == "verb" and not w.lower.endswith("ing"):
                return False
        return False

    def _coordinated(self, words: list[_Word], head: int) -> int:
        """End of the phrase with coordinated nouns: "13 districts, towns and cities".

        A conjunct after a bare comma counts only when the list is closed by
        "and"/"or" ("2,000 people, mainly women, work ..." keeps "2,000 people").
        """
        end = words[head].end
        i = head + 1
        n = len(words)
        while i < n:
            w = words[i]
            closing = w.lower in ("and", "or", "&")
            if w.text == ",":
                i += 1
                if i < n and words[i].lower in ("and", "or"):
                    closing = True
                    i += 1
            elif closing:
                i += 1
            else:
                break
            found = self._conjunct(words, i)
            if found is None:
                break
            if closing:
                end = words[found].end
            i = found + 1
        return end

    def _conjunct(self, words: list[_Word], i: int) -> int | None:
        """Index of the plural noun ending a coordinated noun phrase that starts at ``i``."""
        for j in range(i, min(len(words), i + 5)):
            x = words[j]
            lw = x.lower
            if x.kind != "w" or lw in self.stop_words or lw in ("and", "or", "&") or lw in self.number_words:
                return None
            if self._is_verb(x, j == i) or (j == i and lw.endswith(("ing", "ed")) and lw not in self.participles):
                return None  # "30 villages, and connected producers": a new clause
            kind = self._kind(x)[0]
            if kind in ("plural", "invariant"):
                if (lw in self.plural_modifiers or kind == "invariant") and self._plural_ahead(words, j + 1):
                    continue
                return j
        return None

    def _shared_phrase(self, text: str, pos: int) -> _Phrase | None:
        """"45 and 52 projects": the first number shares the noun of the second."""
        link = self._and_number.match(text, pos)
        if link is None:
            return None
        inner = self._rx.match(text, link.end())
        if inner is None or inner.group("n2") is not None or inner.group("u1") or inner.group("u2"):
            return None
        phrase = self._phrase(text, inner.end(), one=False)
        return None if phrase is None else _Phrase(phrase.head, pos, pos)

    def _of_phrase(self, text: str, pos: int, value: Decimal) -> _Phrase | None:
        """A part of a set: "Three of the projects", "14 of the 20 proposals", "9 out of 12 targets".

        N must be 2 or more ("one of the" is no count).  When the set has a
        number of its own, that number is a count in its own right, so the first
        keeps only its own words and borrows the head.
        """
        if value < 2:
            return None
        words = self._words(text, pos, limit=12)
        k = 0
        if len(words) > 1 and words[0].lower == "out" and words[1].lower == "of":
            k = 2
        elif words and words[0].lower == "of":
            k = 1
        else:
            return None
        det = k < len(words) and words[k].lower in self.of_determiners
        if det:
            k += 1
            if k < len(words) and words[k].kind == "w" and _POSSESSIVE.fullmatch(words[k].lower):
                k += 1  # "two of the province's enterprises"
        if k >= len(words):
            return None
        if words[k].kind == "n" or words[k].lower in self.number_words:
            inner = self._rx.match(text, words[k].start)
            if inner is None:
                return None
            phrase = self._phrase(text, inner.end(), one=False)
            return None if phrase is None else _Phrase(phrase.head, pos, pos)
        if not det:
            return None
        phrase = self._phrase(text, words[k - 1].end, one=False)
        if phrase is None:
            return None
        return _Phrase(phrase.head, phrase.start, phrase.end)


def _norm_space(s: str) -> str:
    return " ".join(s.split())


_LEMMAS: dict[str, dict[str, tuple[str, ...]]] = {}


def _lemmas(lw: str) -> dict[str, tuple[str, ...]]:
    got = _LEMMAS.get(lw)
    if got is None:
        got = _LEMMAS[lw] = dict(getAllLemmas(lw))
    return got


def _singular(lw: str) -> str:
    """A plain-rule singular for words the dictionary does not know ("embroiderers", "SMEs")."""
    if lw.endswith("ies") and len(lw) > 4:
        return lw[:-3] + "y"
    if lw.endswith(("sses", "shes", "ches", "xes", "zes")):
        return lw[:-2]
    return lw[:-1]
