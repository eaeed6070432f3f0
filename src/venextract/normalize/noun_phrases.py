"""Read the noun phrase after a number: what a COUNT counts (no spaCy).

``109 industry promotion projects`` counts projects, ``Three of the
projects`` too; ``50 ha`` or ``5 years`` count nothing.  A trained tagger is
not assumed: the phrase is found with word lists from
``patterns/count_nouns.json`` and the ``lemminflect`` dictionary, which says
whether a word can be a noun and gives its singular.

The words after a number are read lazily (:class:`Words`): most phrases are
settled by their first two or three words.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex
from lemminflect import getAllLemmas

from .numbers import NumberLexicon

__all__ = ["NounPhrases", "Phrase", "Word", "Words", "POSSESSIVE"]

# one token of the words after a number: a line break, a word, digits or a punctuation mark
_TOKEN = regex.compile(
    r"[ \t\u00a0]*(?:(?P<nl>\r?\n(?:[ \t\u00a0]*\r?\n)?)"
    r"|(?P<w>[^\W\d_][\w'’]*(?:[-‐‑.](?=[^\W_])[\w'’]*)*)"
    r"|(?P<n>\d\w*(?:[.,:/-](?=\w)\w*)*)"
    r"|(?P<p>\S))"
)
POSSESSIVE = regex.compile(r"(?i).+['’]s?")
_RATING = regex.compile(r"\d+[-‐‑]\p{L}+")  # "4-star", "5-year": a modifier, not a number of its own
_ACRONYM_PLURAL = regex.compile(r"[A-Z][A-Z0-9&]+['’]?s")  # "IZs", "SMEs", "ICs"
_CONJUNCTIONS = ("and", "or", "&")
_HYPHENS = "-‐‑"


class Word:
    """One token: kind is "w" word, "n" digits, "p" punctuation, "nl" line break, "" end of text."""

    __slots__ = ("start", "end", "text", "kind", "lower")

    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.lower = text.lower()


class Words:
    """The tokens after a position, read only as far as they are looked at.

    Reading stops at a paragraph break (a wrapped line continues), after
    ``limit`` tokens or 200 characters.  ``has(i)`` says whether token ``i``
    exists; index only after asking.
    """

    __slots__ = ("_items", "_scan", "_limit", "_pending_break")

    def __init__(self, text: str, pos: int, limit: int = 14) -> None:
        self._items: list[Word] = []
        self._scan: Iterator[regex.Match[str]] | None = _TOKEN.finditer(text, pos, min(len(text), pos + 200))
        self._limit = limit
        self._pending_break = False

    def __getitem__(self, i: int) -> Word:
        return self._items[i]

    def has(self, i: int) -> bool:
        items = self._items
        while len(items) <= i:
            if not self._read_one():
                return False
        return True

    def _read_one(self) -> bool:
        """Read one more token; False at the end."""
        if self._scan is None:
            return False
        for t in self._scan:
            kind = t.lastgroup or ""
            if kind == "nl":
                if t.group(kind).count("\n") > 1:
                    break
                self._pending_break = True
                continue
            word = t.group(kind)
            if self._pending_break:
                if kind != "w" or not word[0].islower():
                    break
                self._pending_break = False
            start, end = t.span(kind)  # the token ends the match
            self._items.append(Word(start, end, word, kind))
            if len(self._items) >= self._limit:
                self._scan = None
            return True
        self._scan = None
        return False


@dataclass(slots=True)
class Phrase:
    head: str  # singular, lower case
    start: int  # where the noun phrase starts
    end: int  # where it ends (after any coordinated nouns)


class NounPhrases:
    """The counted noun phrase after a number, and the word forms it is judged by."""

    def __init__(self, d: dict[str, Any], numbers: NumberLexicon) -> None:
        g = d.get
        self.measure_units = _lower_set(g("measure_units", ()))
        self.durations = _lower_set(g("durations", ()))
        self.multipliers = _lower_set(g("multipliers", ()))
        self.not_count_heads = _lower_set(g("not_count_heads", ()))
        # a head from any of these makes no count
        self._not_heads = self.measure_units | self.durations | self.multipliers | self.not_count_heads
        self.not_count_phrases = tuple(" ".join(p.split()).lower() for p in g("not_count_phrases", ()))
        # a head (one word) can end such a phrase only if it ends with the phrase's last word
        self._not_count_ends = tuple(p.rsplit(" ", 1)[-1] for p in self.not_count_phrases)
        self.irregular = {k.lower(): v.lower() for k, v in g("irregular_plurals", {}).items()}
        self.invariant = _lower_set(g("invariant_nouns", ()))
        self.plural_modifiers = _lower_set(g("plural_modifiers", ()))
        self.participles = _lower_set(g("participle_modifiers", ()))
        self.stop_words = _lower_set(g("stop_words", ()))
        self.months = _lower_set(g("months", ()))
        # spelled-out numbers end a phrase: "250 rooms and three restaurants"
        self.number_words = _lower_set([*numbers.cardinal_words, *numbers.scale_words])
        units = [u for u, v in numbers.units.items() if 0 < v < 10]
        self.number_words |= {f"{t}-{u}" for t in numbers.tens for u in units}
        self._forms: dict[str, tuple[str, str]] = {}  # lower-case word → (kind, singular)
        self._kinds: dict[str, tuple[str, str]] = {}  # word as written → (kind, singular)
        self._verbs: dict[str, tuple[bool, bool]] = {}  # lower-case word → (ends a phrase later, first)
        _lemmas("projects")  # load the lemminflect dictionary now rather than inside the first find()

    # ------------------------------------------------------------------ tokens

    @staticmethod
    def words(text: str, pos: int, limit: int = 14) -> Words:
        """The next tokens, stopping at a paragraph break (a wrapped line continues)."""
        return Words(text, pos, limit)

    @staticmethod
    def next_word(text: str, pos: int) -> Word:
        t = _TOKEN.match(text, pos)
        if t is None:
            return Word(pos, pos, "", "")
        kind = t.lastgroup or ""
        start, end = t.span(kind)
        return Word(start, end, t.group(kind), kind)

    # ------------------------------------------------------------------ word forms

    def form(self, lw: str) -> tuple[str, str]:
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
        if not lemmas and any(c in lw for c in _HYPHENS):
            cut = max(lw.rfind(c) for c in _HYPHENS)
            kind, sing = self.form(lw[cut + 1:])
            return kind, lw[:cut + 1] + sing
        if lemmas:
            if "VERB" in lemmas and not ("ADJ" in lemmas or "ADV" in lemmas or "PROPN" in lemmas):
                return "verb", lw
            return "other", lw
        if len(lw) > 3 and lw.endswith("s") and not lw.endswith(("ss", "us", "is", "ous")) and lw.isalpha():
            return "plural", _singular(lw)
        return "other", lw

    def kind(self, w: Word) -> tuple[str, str]:
        """(kind, singular) of a word as written: plural acronyms ("IZs", "SMEs") included."""
        cached = self._kinds.get(w.text)
        if cached is None:
            cached = self._kinds[w.text] = self._written_kind(w.text)
        return cached

    def _written_kind(self, written: str) -> tuple[str, str]:
        lw = written.lower()
        if _ACRONYM_PLURAL.fullmatch(written):
            return "plural", lw.rstrip("s").rstrip("'’")
        if POSSESSIVE.fullmatch(lw):
            return "other", lw
        return self.form(lw)

    def _compound_possessive(self, lw: str) -> bool:
        """An irregular plural in the possessive ("people's", "women's"), naming a kind of the next noun."""
        base = lw[:-2]
        return base in self.irregular and self.form(base)[0] == "plural"

    def is_verb(self, w: Word, first: bool) -> bool:
        """A verb that ends the noun phrase: finite forms, and -ed forms opening it unless listed."""
        verdict = self._verbs.get(w.lower)
        if verdict is None:
            verdict = self._verbs[w.lower] = (self._verb_verdict(w.lower, False), self._verb_verdict(w.lower, True))
        return verdict[first]

    def _verb_verdict(self, lw: str, first: bool) -> bool:
        if lw in self.participles or lw.endswith("ing") or any(c in lw for c in _HYPHENS):
            return False  # "existing", "OCOP-certified", "state-owned" are modifiers
        kind, _ = self.form(lw)
        if kind == "verb":
            return True
        return first and lw.endswith("ed") and kind != "singular" and "ADJ" not in _lemmas(lw)

    def _participle_before_noun(self, words: Words) -> bool:
        """"50 glazed pots", "12 licensed projects", "eight polluted craft villages": an -ed word opening a
        phrase that goes on to a plural noun is its modifier."""
        return words.has(1) and words[0].lower.endswith("ed") and self._plural_ahead(words, 1)

    # ------------------------------------------------------------------ phrases

    def phrase(self, text: str, pos: int, one: bool, subject: bool = False) -> Phrase | None:
        """The noun phrase after a number and its head (None when no counted noun follows)."""
        words = Words(text, pos)
        head: int | None = None
        head_sing = ""
        i = 0
        while i < 8 and words.has(i):
            w = words[i]
            if w.text == "(" and 0 < i and words.has(i + 2) and words[i + 2].text == ")" \
                    and words[i + 1].text.isupper():
                i += 3  # "new foreign direct investment (FDI) projects"
                continue
            if w.kind == "n" and _RATING.fullmatch(w.text) and not one:
                i += 1  # "five 4-star products": a number joined to its noun names a kind
                continue
            if w.kind != "w":
                if w.text == "," and 0 < i and words.has(i + 1) and words[i + 1].kind == "w" and not one \
                        and head is None and self.kind(words[i - 1])[0] != "plural":
                    i += 1  # "37 tea, coffee and vegetable processing establishments": a list of modifiers
                    continue
                break
            lw = w.lower
            if lw in _CONJUNCTIONS:
                # "three orange and agricultural festivals": the noun is still to come
                if i == 0 or not words.has(i + 1) or words[i + 1].kind != "w" \
                        or words[i + 1].lower in self.stop_words:
                    break
                i += 1
                continue
            if lw in self.stop_words or lw in self.number_words or (i == 0 and lw in self.months):
                break
            if POSSESSIVE.fullmatch(lw):
                if lw.endswith(("'", "’")) and not one and self.form(lw[:-1])[0] == "plural":
                    head, head_sing = i, self.form(lw[:-1])[1]  # "63 provinces' delegates" counts provinces
                    break
                if self._compound_possessive(lw):
                    i += 1  # "85 people's credit funds", "20 women's unions"
                    continue
                break
            if self.is_verb(w, i == 0) and not (i == 0 and not subject and self._participle_before_noun(words)):
                break
            kind, sing = self.kind(w)
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
                if words.has(i + 1) and words[i + 1].kind == "w" and words[i + 1].lower not in self.stop_words \
                        and self.kind(words[i + 1])[0] == "plural":
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

    def _checked(self, words: Words, first: int, head: int, sing: str) -> Phrase | None:
        """The phrase unless its head is a unit of measure, a duration, a multiplier or a rating."""
        if sing in self._not_heads or sing.rsplit("-", 1)[-1] in self._not_heads:
            return None
        if self.not_count_phrases and sing.endswith(self._not_count_ends):
            tail = " ".join([*(words[j].lower for j in range(first, head)), sing])
            if tail.endswith(self.not_count_phrases):
                return None
        return Phrase(sing, words[first].start, words[head].end)

    def _plural_ahead(self, words: Words, i: int) -> bool:
        """A plural noun still follows inside the phrase ("goods selling points"), before another number."""
        for j in range(i, i + 4):
            if not words.has(j):
                return False
            w = words[j]
            if w.lower in _CONJUNCTIONS:
                # "126 products and farm goods": the plural after "and" heads a conjunct of its own, unless
                # another plural follows it ("12 arts and crafts villages")
                k = self._first_plural(words, j + 1)
                return k is not None and words.has(k + 1) and words[k + 1].kind == "w" \
                    and words[k + 1].lower not in self.stop_words and self.kind(words[k + 1])[0] == "plural"
            if w.kind != "w" or w.lower in self.stop_words or w.lower in self.number_words:
                return False
            kind, _ = self.form(w.lower)
            if kind == "plural":
                return True
            if kind == "verb" and not w.lower.endswith("ing"):
                return False
        return False

    def _first_plural(self, words: Words, i: int) -> int | None:
        """Index of the first plural word within four words from ``i``, before the phrase ends."""
        for j in range(i, i + 4):
            if not words.has(j):
                return None
            w = words[j]
            if w.kind != "w" or w.lower in self.stop_words or w.lower in self.number_words:
                return None
            if self.form(w.lower)[0] == "plural":
                return j
        return None

    def _coordinated(self, words: Words, head: int) -> int:
        """End of the phrase with coordinated nouns: "13 districts, towns and cities".

        A conjunct after a bare comma counts only when the list is closed by
        "and"/"or" ("2,000 people, mainly women, work ..." keeps "2,000 people").
        """
        end = words[head].end
        i = head + 1
        while words.has(i):
            w = words[i]
            closing = w.lower in _CONJUNCTIONS
            if w.text == ",":
                i += 1
                if words.has(i) and words[i].lower in ("and", "or"):
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

    def _conjunct(self, words: Words, i: int) -> int | None:
        """Index of the plural noun ending a coordinated noun phrase that starts at ``i``."""
        for j in range(i, i + 5):
            if not words.has(j):
                return None
            x = words[j]
            lw = x.lower
            if x.kind != "w" or lw in self.stop_words or lw in _CONJUNCTIONS or lw in self.number_words:
                return None
            if self.is_verb(x, j == i) or (j == i and lw.endswith(("ing", "ed")) and lw not in self.participles):
                return None  # "30 villages, and connected producers": a new clause
            kind = self.kind(x)[0]
            if kind in ("plural", "invariant"):
                if (lw in self.plural_modifiers or kind == "invariant") and self._plural_ahead(words, j + 1):
                    continue
                if words.has(j + 1) and words[j + 1].lower == "to":
                    return None  # "20 clusters and aims to have 30": a verb with its infinitive, not a noun
                return j
        return None


def _lower_set(items: Any) -> frozenset[str]:
    return frozenset(s.lower() for s in items)


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
