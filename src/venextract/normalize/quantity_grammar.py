"""The quantity grammar: lookup tables and compiled regexes built from the pattern files.

:class:`QuantityGrammar` reads the number words (``patterns/numbers.json``),
the currency forms (``currencies.json``), the qualifier cues
(``qualifiers.json``) and the count rules (``count_nouns.json``), and compiles
the regexes that :class:`~venextract.normalize.quantities.QuantityFinder` scans
and reads text with: the number expression, the anchors that limit where it is
tried, and the context regexes searched before and after a number.  Long word
lists become alternations with shared beginnings factored out (:func:`_trie`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from ..resources import read_json
from .noun_phrases import NounPhrases
from .numbers import NumberLexicon

__all__ = ["QuantityGrammar"]

_SPACE = r"[ \t\u00a0]"
_SPACES = " \t\u00a0"  # what _SPACE matches
# between a number and its scale or unit: one white space character, or a line break with the indent
# of a hard-wrapped line ("VND 4,260\n  billion"); never a blank line
_WRAP = rf"(?:{_SPACE}*\n{_SPACE}*|\s)"
# before a unit word: a wrapped line may put it on the next line ("per⏎cent"), but a "%" opening a line starts a
# table's row label ("% change"), not a unit
_UNIT_GAP = rf"(?:{_SPACE}*\n{_SPACE}*(?!%)|(?!\n)\s)"
_DASH_CLASS = r"\-‐‑–—"
_GAP = rf"(?:{_SPACE}+|{_SPACE}*\n{_SPACE}*)"  # between words of a phrase: spaces, or a wrapped line break


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first; spaces match any run of spaces or a wrapped line
    break ("at⏎least")."""
    uniq = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", " ").replace(" ", _GAP) for w in uniq)


def _trie(words: Iterable[str]) -> str:
    """The alternation of :func:`_alt` with shared beginnings factored out: ``f(?:i(?:ft(?:een|y)|ve)|...)``.

    At each position it tries the same phrases in the same order, longest first, so a forward match is the
    same as with :func:`_alt`, but the regex engine has far fewer branches to try.  Patterns searched in
    reverse keep :func:`_alt` (a phrase can end another one).  The phrases must be lower case and matched
    case-insensitively; otherwise this falls back to :func:`_alt`.
    """
    uniq = {w.strip() for w in words if w.strip()}
    root: dict[str, dict] = {}
    for w in uniq:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if any(w != w.lower() for w in uniq) or not _caseless_branches(root):
        return _alt(uniq)
    return _trie_branch(root)


def _caseless_branches(node: dict[str, dict]) -> bool:
    """No two branches of a node start with letters that match each other when case is ignored."""
    heads = [ch for ch in node if ch]
    return len({ch.upper() for ch in heads}) == len(heads) and all(_caseless_branches(node[ch]) for ch in heads)


def _trie_branch(node: dict[str, dict]) -> str:
    """The pattern for the phrase endings below a node of :func:`_trie`."""
    parts = [(_SPACE + "+" if ch == " " else regex.escape(ch)) + _trie_branch(node[ch]) for ch in sorted(node) if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body  # the longer phrases first


def _lower_set(items: Iterable[str]) -> frozenset[str]:
    return frozenset(s.lower() for s in items)


# Patterns that end in "\Z" and look only at the words right before a position are searched in reverse: the
# search starts at that position instead of trying every start in the window.  It finds the same match as a
# forward search: the leftmost start, since greedy runs are given back from the left and longer phrases come
# first in each alternation.
_BEFORE = regex.REVERSE
# the groups of the number expression, in order: currency, number, scale word, unit; the separator of a
# range; then the same for its second number
_RX_GROUPS = ("c1", "n1", "m1", "u1", "sep", "c2", "n2", "m2", "u2")


class QuantityGrammar:
    """The pattern files as lookup tables, and the regexes built from them."""

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
        self.phrases = NounPhrases(d, self.numbers)
        self.name_words = _lower_set(g("name_words", ()))
        self.lead_words = _lower_set(g("lead_words", ())) | self.phrases.stop_words
        self.months = self.phrases.months
        self.year_cues = _lower_set(g("year_cues", ()))
        self.of_determiners = _lower_set(g("of_determiners", ()))
        self.one_not_after = _lower_set(g("one_not_after", ()))
        self.one_not_heads = _lower_set(g("one_not_heads", ()))
        self.per_units = list(g("per_units", ()))
        self.not_per = _lower_set(g("not_per", ()))
        self._rank_words = list(g("ordinals", ()))
        self._rank_links = list(g("rank_links", ()))
        self._rank_groups = list(g("rank_groups", ()))
        self._age_cues = list(g("age_cues", ()))
        self._change_verbs = list(g("change_verbs", ()))

    def _compile(self) -> None:
        lex = self.numbers
        cardinal = _trie(lex.cardinal_words)
        scales = _trie(lex.scale_words)
        articles = _trie(lex.articles)
        tail = (
            rf"(?:(?:{_SPACE}+|[-‐‑])(?:{cardinal}|{scales})(?!\w)"
            rf"|(?<=(?:{scales})){_SPACE}+and{_SPACE}+(?:{cardinal})(?!\w))*"
        )
        number_words = rf"(?<!\w)(?:(?:{cardinal})(?!\w){tail}|(?:{articles}){_SPACE}+(?:{scales})(?!\w){tail})"
        digits = r"\d+(?:[.,]\d+)*"
        number = rf"(?:{digits}|{number_words})"
        scale = (
            rf"(?:{_WRAP}?(?:{_trie(lex.magnitudes)})(?!\w)"
            rf"|{_WRAP}?(?:{_trie(lex.abbreviations)})(?!\w)(?:\.(?![ \t]*(?:\n|\Z|(?-i:\p{{Lu}})|[\"”])))?"
            rf"|(?:{_trie([*lex.attached, *lex.money_abbreviations])})(?!\w))"
        )
        cur_before = _trie(self.before)
        self._currency_ends = frozenset(f[-1] for f in self.before)
        unit_after = rf"(?:{_trie(self.after)}|%|percent|per{_WRAP}?cent|pct)(?!\w)"
        start = rf"(?:(?<![\w$€£¥₩₫])(?P<c1>{cur_before})\s?|(?<![\w.,/:=?&#%@$€£¥₩₫{_DASH_CLASS}]))"
        self._anchor = regex.compile(rf"\d+|(?<!\w)(?i:{cardinal}|(?:{articles}){_SPACE}+(?:{scales}))(?!\w)")
        # the character before a place where a spelled-out number may start, in the lower-cased text (see
        # _anchor_starts); taking that character rather than looking back lets the scan skip ahead to it
        self._number_word_hint = re.compile(rf"[^a-z](?={cardinal}|(?:{articles}){_SPACE}+(?:{scales}))")
        self._cur_left = regex.compile(rf"(?i)(?<![\w$€£¥₩₫])(?:{_alt(self.before)})\s?\Z", _BEFORE)
        self._rx = regex.compile(
            rf"(?i){start}(?P<n1>{number})(?P<m1>{scale})?(?:(?:{_UNIT_GAP}|[‐‑-](?=[^\W\d_]))?(?P<u1>{unit_after}))?"
            rf"(?:(?P<sep>{_SPACE}*[{_DASH_CLASS}~]{_SPACE}*|{_SPACE}+(?:to|and){_SPACE}+)"
            rf"(?:(?P<c2>{cur_before})\s?)?(?P<n2>{number})(?P<m2>{scale})?)?"
            rf"(?:(?:{_UNIT_GAP}|[‐‑-](?=[^\W\d_]))?(?P<u2>{unit_after}))?"
        )
        if sorted(self._rx.groupindex, key=self._rx.groupindex.get) != list(_RX_GROUPS):
            raise RuntimeError("_read takes the groups of the number expression in the order of _RX_GROUPS")
        self._qualifier = regex.compile(rf"(?i)(?<![\w.])(?P<q>{_alt(self.qualifier_of)}){_GAP}\Z", _BEFORE)
        self._qualifier_ends = _last_words(self.qualifier_of)
        self._particle = (regex.compile(rf"(?i)(?<!\w)(?:{_alt(self._particles)}){_SPACE}+\Z", _BEFORE)
                          if self._particles else None)
        self._post_qualifier = regex.compile(
            rf"(?i){_SPACE}+(?P<q>{_trie(self.post_qualifier_of)})(?!\w)(?!{_SPACE}+than(?!\w))"
        ) if self.post_qualifier_of else None
        self._between = regex.compile(rf"(?i)(?<!\w)(?P<b>between|ranging{_SPACE}+from|from){_SPACE}+\Z")
        self._change_from = regex.compile(
            rf"(?i)(?<!\w)(?:{_alt(self._change_verbs)})(?!\w)[^.;\n]{{0,40}}?(?<!\w)from{_SPACE}+\Z")
        self._age = regex.compile(rf"(?i)(?<!\w)(?:{_alt(self._age_cues)}){_SPACE}+\Z", _BEFORE)
        self._rank = regex.compile(
            rf"(?i)(?:\d(?:st|nd|rd|th)|(?<!\w)(?:{_alt(self._rank_words)}))(?!\w)"
            rf"{_SPACE}+(?:{_alt(self._rank_links)}){_SPACE}+(?:the{_SPACE}+)?\Z"
            + (rf"|(?<!\w)(?:{_alt(self._rank_groups)}){_SPACE}+\Z" if self._rank_groups else ""), _BEFORE)
        self._age_rank_ends = (*_last_words(self._age_cues), *_last_words(self._rank_links),
                               *_last_words(self._rank_groups), "the")
        self._per_year = regex.compile(rf"(?i){_SPACE}+per{_SPACE}+(?:year|annum)(?!\w)")
        self._per = regex.compile(
            rf"(?i){_SPACE}*(?:(?:per{_SPACE}+|/{_SPACE}*)(?P<p>[^\W\d_][\w-]*)"
            rf"|{_SPACE}+(?:an?|each){_SPACE}+(?P<p2>{_alt(self.per_units)})(?!\w))")
        self._conversion_link = regex.compile(
            r"(?i)\s*(?:(?P<open>[(\[])\s*(?:(?:equivalent|equal)\s+to\s+|or\s+|i\.e\.,?\s+)?"
            r"|,?\s*(?:or|i\.e\.,?|equivalent\s+to|equal\s+to)\s+)")
        self._bracket_close = regex.compile(r"\s*[)\]]")
        self._and_number = regex.compile(rf"{_SPACE}+and{_SPACE}+(?=\d)")


def _last_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """The last word of each cue phrase, lower case (see ``quantities._cue_may_end``); with no phrases, any word."""
    return tuple({p.split()[-1].lower() for p in phrases if p.split()}) or ("",)


def _norm_space(s: str) -> str:
    return " ".join(s.split())
