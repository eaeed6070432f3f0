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

The noun phrase is read by :mod:`.noun_phrases`; the regexes and lookup tables
built from the pattern files are in :mod:`.quantity_grammar`.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from ..types import QuantityMatch
from .noun_phrases import POSSESSIVE, Phrase
from .numbers import digits_decimal, scaled_range, words_value
from .quantity_grammar import _BEFORE, _SPACES, QuantityGrammar, _norm_space
from .quantity_grammar import _alt as _alt  # re-exported: the tests take _alt and _trie from here
from .quantity_grammar import _trie as _trie

_TABLE_CELL_GAP = regex.compile(r"\t|[ \t]{3,}")  # between the cells of a table row in plain text
_WORD_GAP = regex.compile(r"[\s\-‐‑]+")  # between the words of a spelled-out number

__all__ = ["QuantityFinder"]

_DASHES = "-‐‑–—"
_SENTENCE_START = regex.compile(r"(?:\A|[.!?:;\n\"“”‘(\[•*|–—-])[ \t\u00a0]*\Z")
_PREV_WORD = regex.compile(r"(?<![\w.])([^\W\d_][\w'’]*\.?)[ \t\u00a0]+\Z", _BEFORE)
_DIGIT_RUN = regex.compile(r"\d+")
_YEAR = regex.compile(r"(?:19|20|21)\d\d")
_DOT_THOUSANDS = regex.compile(r"\d{1,3}\.\d{3}")


class QuantityFinder(QuantityGrammar):
    """MONEY, COUNT and PERCENT mentions with normalised values.

    Build once (it reads the pattern files and compiles its expressions) and
    call :meth:`find` on each text.
    """

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[QuantityMatch]:
        """Non-overlapping MONEY, COUNT and PERCENT matches in ``text``, in text order."""
        out: list[QuantityMatch] = []
        pos = 0
        rx, cur_left = self._rx, self._cur_left
        # cheap anchors (digit runs, number words) first; the full expression is tried only there
        for s in self._anchor_starts(text):
            if s < pos:
                continue
            m = None
            c = cur_left.search(text, max(pos, s - 12), s) if self._currency_may_end(text, s) else None
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

    def _currency_may_end(self, text: str, pos: int) -> bool:
        """Whether a currency written before a number can end right before ``pos`` (or one space before it).

        A quick test before the backward search: some case variant of a currency form's last character
        must be there (any non-ASCII character is let through).
        """
        chars = text[max(0, pos - 2):pos]
        return not chars.isascii() or not self._currency_ends.isdisjoint(chars.lower())

    def _anchor_starts(self, text: str) -> list[int]:
        """Where each digit run and spelled-out number starts, in text order (as ``_anchor.finditer`` gives).

        A case-insensitive scan for number words is slow and they are rare, so they are looked for in the
        lower-cased text, where a plain pattern finds every place one can start, and each such place is
        confirmed with ``_anchor``.  Lower-casing shows every case variant ``_anchor`` accepts except a
        long s and any letter whose lower case is longer; such texts are scanned the slow way.
        """
        low = text.lower()
        if len(low) != len(text) or "ſ" in text:
            return [a.start() for a in self._anchor.finditer(text)]
        starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
        end = 0
        words = []
        # a space in front gives a word at the very start a character before it too; the position of the
        # character before a word in the padded text is the word's position in the text
        for hint in self._number_word_hint.finditer(" " + low):
            s = hint.start()
            if s >= end:
                a = self._anchor.match(text, s)
                if a is not None:
                    words.append(s)
                    end = a.end()
        return sorted(starts + words) if words else starts

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
        c1, n1, m1, u1, _sep, c2, n2, m2, u2 = m.groups()  # as in quantity_grammar._RX_GROUPS
        ranged = n2 is not None
        if ranged and not self._range_allowed(text, m):
            return self._read_single(text, m, floor)
        end = m.end()
        if ranged:
            unit = u2 or u1
            cur = self._currency(c1 or c2, unit, m1 or m2)
        else:
            unit = u1 or u2
            cur = self._currency(c1, unit, m1)
        is_pct = unit is not None and not cur and unit[0] in "%pP"
        if unit is not None and not cur and not is_pct:
            # an 'after' form that needs a scale word and has none ("8 won prizes")
            end = max(m.end(k) for k in ("n1", "m1", "n2", "m2"))
        money = cur is not None

        s1 = self._scale(m1, money)
        v1 = self._value(n1, dot_thousands=s1 is None and not is_pct)
        if v1 is None:
            shorter = self._leading_number(text, m)
            return self._read(text, shorter, floor) if shorter else ([], end)
        if ranged:
            s2 = self._scale(m2, money)
            v2 = self._value(n2, dot_thousands=s2 is None and not is_pct)
            pair = None if v2 is None else scaled_range(v1, v2, s1, s2)
            if pair is None:
                return self._read_single(text, m, floor)
            lo, hi = pair
        else:
            lo = hi = v1 * (s1 or 1)

        start, qualifier = self._qualify(text, m.start(), ranged, floor)
        end, qualifier = self._post_qualify(text, end, qualifier)
        if money:
            per = self._price_basis(text, end)
            return [self._make("MONEY", text, start, end, lo, hi, cur, qualifier, per=per)], end
        if is_pct:
            py = self._per_year.match(text, end)
            end = py.end() if py else end
            return [self._make("PERCENT", text, start, end, lo, hi, "percent", qualifier)], end
        if (m1 and s1 is None) or (m2 and self._scale(m2, False) is None):
            return [], end  # "5m": metres, not millions
        count = self._count(text, m, start, end, lo, hi, qualifier, ranged)
        return ([count], count.end_char) if count else ([], end)

    def _leading_number(self, text: str, m: regex.Match[str]) -> regex.Match[str] | None:
        """The expression again, up to the longest run of its first number words that reads as a number.

        Spelled-out numbers that follow each other do not always make one: in "two five-star products"
        the number is "two" and "five-star" describes the products.
        """
        n1 = m.group("n1")
        if n1[0].isdigit():
            return None
        for gap in reversed(list(_WORD_GAP.finditer(n1))):
            shorter = self._rx.match(text, m.start(), m.start("n1") + gap.start())
            if shorter is not None and self._value(shorter.group("n1"), dot_thousands=False) is not None:
                return shorter
        return None

    def _qualify(self, text: str, start: int, ranged: bool, floor: int) -> tuple[int, str]:
        """Where the mention starts and its qualifier, from the words right before the number."""
        q = None
        if _cue_may_end(text, start, 40, self._qualifier_ends):
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

    def _read_single(self, text: str, m: regex.Match[str], floor: int) -> tuple[list[QuantityMatch], int]:
        """Re-read only the first number of a failed range: the second is read on its own."""
        # where the first amount ends: its number, scale word or unit, whichever comes last
        first_end = m.end("u1" if m.start("u1") >= 0 else "m1" if m.start("m1") >= 0 else "n1")
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
        if g("c2") and not g("c1"):
            return False  # "from VND 3.2 billion in 2021 to VND 2.1 billion": a currency starts a new amount
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
            dots = dot_thousands and written[0] != "0" and "." in written and bool(_DOT_THOUSANDS.fullmatch(written))
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
        if lo != lo.to_integral_value() or hi != hi.to_integral_value() or lo <= 0:
            return None
        if not self._clean_after(text, end):
            return None
        number_start = m.start()
        n1 = m.group("n1")
        if _TABLE_CELL_GAP.match(text, m.end("n1")) and \
                not text[text.rfind("\n", 0, number_start) + 1:number_start].strip():
            return None  # the row number of a table: "1    Rice noodle drying line    450"
        if ranged and (_YEAR.fullmatch(n1) or _YEAR.fullmatch(m.group("n2"))):
            return None  # "2016-2020", "from 2020 to 2022"
        if n1[0].isdigit() and _YEAR.fullmatch(n1) and not m.group("m1") \
                and self._year_context(text, number_start, start):
            return None  # a year ("In 2017", "compared with 2021 levels")
        look_from = max(0, start - 30)
        if _cue_may_end(text, start, 30, self._age_rank_ends) and (
                self._age.search(text, look_from, start) or self._rank.search(text, look_from, start)):
            return None
        pw = _prev_word(text, number_start, 12)
        if pw and pw.group(1).lower().rstrip(".") in self.months:
            return None  # "June 5"
        name = self._name_evidence(text, number_start, n1) if qualifier == "exact" else 0
        if name == 2:
            return None
        one = lo == hi == 1
        if one and (name or not self._one_counts(text, number_start, n1, qualifier)):
            return None
        before = text[max(0, number_start - 3):number_start].rstrip()
        subject = not before or before[-1] in ",;:.!?\n"  # "Of the 50 applicants, 31 received ..."
        phrase = self.phrases.phrase(text, end, one, subject)
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
        pw = _prev_word(text, number_start, 40)
        if pw is None:
            return False
        word = pw.group(1)
        return word.lower() in self.year_cues or word[0].isupper() or bool(POSSESSIVE.fullmatch(word))

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
        pw = _prev_word(text, start, 40)
        if not written[0].isdigit():
            if not written[0].isupper() or _SENTENCE_START.search(text, max(0, start - 10), start):
                return 0
            return 2 if self._next_capitalised(text, start, written) and \
                (pw is None or not pw.group(1)[0].isupper()) else 0
        if pw is None:
            return 0
        word = pw.group(1)
        lw = word.lower().rstrip(".")
        if lw in self.name_words:
            return 2
        if POSSESSIVE.fullmatch(lw):
            return 0  # "Hanoi's 30 districts"
        if lw in self.lead_words and word[0].isupper():
            before = _prev_word(text, pw.start(), 40)  # "Son My 1": a lead word inside a capitalised name
            if before is None or not before.group(1)[0].isupper() or \
                    _SENTENCE_START.search(text, max(0, pw.start() - 10), pw.start()):
                return 0
        elif not word[0].isupper() or lw in self.qualifier_of:
            return 0
        if self._next_capitalised(text, start, written):
            return 0
        if _SENTENCE_START.search(text, max(0, pw.start() - 10), pw.start()):
            return 0
        # a single digit after a capitalised name is the name's number ("Tra Noc 2 industrial parks")
        return 2 if len(written) == 1 else 1

    def _next_capitalised(self, text: str, start: int, written: str) -> bool:
        nxt = self.phrases.next_word(text, start + len(written))
        return nxt.kind == "w" and nxt.text[0].isupper()

    def _one_counts(self, text: str, start: int, written: str, qualifier: str) -> bool:
        """"at least one cluster" counts; "one of the", "no one", "One Commune" do not."""
        if written[0].isupper() and qualifier == "exact":
            return False
        pw = _prev_word(text, start, 40)
        return not (pw and pw.group(1).lower() in self.one_not_after)

    def _shared_phrase(self, text: str, pos: int) -> Phrase | None:
        """"45 and 52 projects": the first number shares the noun of the second."""
        link = self._and_number.match(text, pos)
        if link is None:
            return None
        inner = self._rx.match(text, link.end())
        if inner is None or inner.group("n2") is not None or inner.group("u1") or inner.group("u2"):
            return None
        phrase = self.phrases.phrase(text, inner.end(), one=False)
        return None if phrase is None else Phrase(phrase.head, pos, pos)

    def _of_phrase(self, text: str, pos: int, value: Decimal) -> Phrase | None:
        """A part of a set: "Three of the projects", "14 of the 20 proposals", "9 out of 12 targets".

        N must be 2 or more ("one of the" is no count).  When the set has a
        number of its own, that number is a count in its own right, so the first
        keeps only its own words and borrows the head.
        """
        if value < 2:
            return None
        words = self.phrases.words(text, pos, limit=12)
        k = 0
        if words.has(1) and words[0].lower == "out" and words[1].lower == "of":
            k = 2
        elif words.has(0) and words[0].lower == "of":
            k = 1
        else:
            return None
        det = words.has(k) and words[k].lower in self.of_determiners
        if det:
            k += 1
            if words.has(k) and words[k].kind == "w" and POSSESSIVE.fullmatch(words[k].lower):
                k += 1  # "two of the province's enterprises"
        if not words.has(k):
            return None
        if words[k].kind == "n" or words[k].lower in self.phrases.number_words:
            inner = self._rx.match(text, words[k].start)
            if inner is None:
                return None
            phrase = self.phrases.phrase(text, inner.end(), one=False)
            return None if phrase is None else Phrase(phrase.head, pos, pos)
        if not det:
            return None
        phrase = self.phrases.phrase(text, words[k - 1].end, one=False)
        if phrase is None:
            return None
        return Phrase(phrase.head, phrase.start, phrase.end)


def _cue_may_end(text: str, pos: int, reach: int, last_words: tuple[str, ...]) -> bool:
    """Whether a cue phrase ending in one of ``last_words`` and spaces can end at ``pos``.

    A quick test before a backward search for such cues within ``reach`` characters: it holds wherever the
    search can match.  A stretch of text that is not ASCII is let through (lower-casing does not show all
    the case variants a case-insensitive match accepts there).
    """
    chunk = text[max(0, pos - reach):pos]
    before = chunk.rstrip(_SPACES)
    if before.endswith("\n"):
        before = before[:-1].rstrip(_SPACES)  # a wrapped line break: "about⏎24,500 workers"
    if len(before) == len(chunk):
        return False  # no space right before pos
    return not before.isascii() or before.lower().endswith(last_words)


def _spaced(text: str, pos: int) -> bool:
    """A space right before ``pos``: the patterns that end in one need it to match there."""
    return pos > 0 and text[pos - 1] in _SPACES


def _prev_word(text: str, pos: int, reach: int) -> regex.Match[str] | None:
    """The word right before ``pos`` and the spaces after it, looking back at most ``reach`` characters."""
    return _PREV_WORD.search(text, max(0, pos - reach), pos) if _spaced(text, pos) else None
