"""Spellings of Vietnamese place names: a comparison key, tone variants, and regexes that match any typography.

:func:`fold` maps a spelling to its key (lower case, no diacritics, one kind of dash and
apostrophe); :func:`names_rx` compiles folded names into one trie-shaped pattern whose letters
also match their accented forms, so a name written ``Ha Noi``, ``Hà Nội`` or ``HÀ NỘI`` hits.
Pure Python (``re`` and ``regex``, no spaCy).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

import regex

__all__ = ["fold", "tone_variants", "trie_pattern", "names_rx", "nfc_with_offsets", "DASHES"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_APOSTROPHES = "'\u2019\u02bc\u2018`"
_DASH_RX = regex.compile(rf" ?[{DASHES}] ?")  # applied after white space is collapsed
_APOS_RX = regex.compile(rf"[{_APOSTROPHES}]")
_FOLD_CHARS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key: lower case, no diacritics, one space, ``-`` and ``'`` for any dash or apostrophe.

    >>> fold("  Bà Rịa – Vũng Tàu "), fold("Thừa Thiên-Huế"), fold("Cư M’gar")
    ('ba ria-vung tau', 'thua thien-hue', "cu m'gar")
    """
    s = unicodedata.normalize("NFD", text)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = " ".join(s.translate(_FOLD_CHARS).lower().split())
    return _APOS_RX.sub("'", _DASH_RX.sub("-", s))


def _retone(word: str) -> str | None:
    """The other accepted tone placement of a word ending in oa/oe/uy: ``Hoá`` ↔ ``Hóa``, ``Thuỷ`` ↔ ``Thủy``."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return None
    bare = unicodedata.normalize("NFC", nfd.replace(tones[0], ""))
    low = bare.lower()
    if not low.endswith(("oa", "oe", "uy")) or low.endswith("quy"):
        return None
    i = len(bare) - 2
    first = bare[:i] + unicodedata.normalize("NFC", bare[i] + tones[0]) + bare[i + 1:]
    second = bare[: i + 1] + unicodedata.normalize("NFC", bare[i + 1] + tones[0])
    word = unicodedata.normalize("NFC", word)
    return second if word == first else first if word == second else None


def tone_variants(name: str) -> list[str]:
    """``name`` (NFC) and its spellings with the other tone placement.

    >>> tone_variants("Thanh Hóa"), tone_variants("Hà Nội")
    (['Thanh Hóa', 'Thanh Hoá'], ['Hà Nội'])
    """
    words = regex.split(r"(\s+|-)", unicodedata.normalize("NFC", name))
    options = [[w] + ([alt] if (alt := _retone(w)) else []) for w in words]
    return list(dict.fromkeys("".join(p) for p in product(*options)))


# ---------------------------------------------------------------- pattern building

def _letter_classes() -> dict[str, str]:
    """Letter → class of both cases and, for vowels and d, their Vietnamese accented forms.

    Spelling out both cases is faster than a case-insensitive pattern.
    """
    marks = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    bases = {"a": "aăâ", "e": "eê", "i": "i", "o": "oôơ", "u": "uư", "y": "y"}
    out = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        forms = {unicodedata.normalize("NFC", b + m) for b in bases.get(letter, "") for m in marks} | {letter}
        if letter == "d":
            forms |= {"đ", "ð"}
        chars = "".join(sorted(forms | {f.upper() for f in forms}))
        out[letter] = "[" + chars + "]"
    return out


_CLASSES = _letter_classes()
_UPPER = {b: "[" + "".join(c for c in cls[1:-1] if c.isupper()) + "]" for b, cls in _CLASSES.items()}
_LOWER = {b: "[" + "".join(c for c in cls[1:-1] if c.islower()) + "]" if len(cls) > 4 else b
          for b, cls in _CLASSES.items()}


def _atoms(key: str, capitalised: bool = False) -> list[str]:
    """A folded name as regex atoms: letters match accented forms, ``-`` any dash, a space any white space
    within a paragraph (one line break at most: wrapped lines, not two paragraphs).

    The first letter is upper case: names are proper nouns.  ``capitalised``: Title Case only (a smaller
    pattern: ``Khoai Chau``, not ``KHOAI CHAU``).
    """
    out = []
    for i, ch in enumerate(key):
        if i == 0 and ch in _UPPER:
            out.append(_UPPER[ch])
        elif capitalised and ch in _UPPER:
            out.append(_UPPER[ch] if i == 0 or key[i - 1] in " -'" else _LOWER[ch])
        elif ch == " ":
            out.append(r"(?>[^\S\n]+\n?|\n)[^\S\n]*+")
        elif ch == "-":
            out.append(rf"\s*+[{DASHES}]\s*+")
        elif ch == "'":
            out.append(f"[{_APOSTROPHES}]")
        else:
            out.append(_CLASSES.get(ch, regex.escape(ch)))
    return out


def trie_pattern(keys: Iterable[str], capitalised: bool = False) -> str:
    """One alternation shaped as a trie; greedy optional tails make the longest spelling win."""
    trie: dict = {}
    for key in keys:
        node = trie
        for atom in _atoms(key, capitalised):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body if len(alts) > 1 or len(body) < 2 else "(?:" + body + ")"

    return emit(trie)


def names_rx(keys: Iterable[str], capitalised: bool = False) -> re.Pattern[str]:
    """Whole-word occurrences of the folded names ``keys`` (see :func:`_atoms`).

    Stdlib ``re``: a look-ahead for the names' first letters lets it skip to the few candidate
    positions, many times faster than trying the trie at every word.
    """
    keys = list(keys)
    first = "".join(sorted({c for k in keys for c in (_UPPER[k[0]][1:-1] if k[0] in _UPPER else k[0])}))
    trie = trie_pattern(keys, capitalised)
    return re.compile(f"(?=[{re.escape(first)}])(?<![\\w.@/#])(?:{trie})(?![\\w]|\\.\\w)")


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when normalising changed it, a map from its offsets to those of ``text``."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        offsets.extend([i] * len(piece))
        i = j
    offsets.append(n)
    return "".join(out), offsets
