"""Read numbers as news writes them: digits, decimals, number words and scale words.

Values are computed with :class:`decimal.Decimal` so that ``7.3 trillion`` is
exactly 7300000000000 and not a float rounding of it.  Nothing here raises on
odd input: text that is not a number gives ``None``.

>>> parse_number("1,436")
1436.0
>>> parse_number("7.3 trillion")
7300000000000.0
>>> parse_number("Sixty-five")
65.0
>>> parse_number("One hundred and sixty")
160.0
>>> parse_number("a thousand")
1000.0
>>> parse_number("1.2 tril.")
1200000000000.0
>>> parse_number("8.863.9")
8863.9
>>> parse_number("hundreds") is None
True
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex

from ..resources import read_json, shared_per_folder

__all__ = [
    "NumberLexicon", "lexicon", "digits_decimal", "parse_digits", "words_value", "number_decimal", "parse_number",
    "scaled_range",
]

_SPLIT = regex.compile(r"[\s\-‐‑–]+")
_LEADING_DIGITS = regex.compile(r"(\d[\d.,]*)\s*(.*)", regex.S)


@dataclass(frozen=True)
class NumberLexicon:
    """Number words and scale words from ``numbers.json``."""

    units: dict[str, int]
    tens: dict[str, int]
    hundred: frozenset[str]
    magnitudes: dict[str, Decimal]
    abbreviations: dict[str, Decimal]
    attached: dict[str, Decimal]
    money_abbreviations: dict[str, Decimal]
    articles: frozenset[str]

    @classmethod
    def load(cls, folder: str | Path | None = None) -> NumberLexicon:
        data = read_json("numbers.json", folder, required=("units", "tens", "hundred", "magnitudes"))

        def scales(key: str) -> dict[str, Decimal]:
            return {k.lower(): Decimal(int(v)) for k, v in data.get(key, {}).items()}

        return cls(
            units={k.lower(): int(v) for k, v in data["units"].items()},
            tens={k.lower(): int(v) for k, v in data["tens"].items()},
            hundred=frozenset(w.lower() for w in data["hundred"]),
            magnitudes=scales("magnitudes"),
            abbreviations=scales("abbreviations"),
            attached=scales("attached_abbreviations"),
            money_abbreviations=scales("money_abbreviations"),
            articles=frozenset(w.lower() for w in data.get("articles", ())),
        )

    @property
    def cardinal_words(self) -> list[str]:
        """Words that start or continue a spelled-out number (not articles)."""
        return [*self.units, *self.tens]

    @property
    def scale_words(self) -> list[str]:
        return [*self.hundred, *self.magnitudes]

    def scale(self, word: str, money: bool = False) -> Decimal | None:
        """The multiplier a scale word or abbreviation stands for (``billion``, ``bn``, ``tril.``)."""
        w = word.strip().rstrip(".").lower()
        if w in self.magnitudes:
            return self.magnitudes[w]
        if w in self.abbreviations:
            return self.abbreviations[w]
        if w in self.attached:
            return self.attached[w]
        if money and w in self.money_abbreviations:
            return self.money_abbreviations[w]
        return None


@shared_per_folder
def lexicon(folder: str | None = None) -> NumberLexicon:
    """The number lexicon of a patterns folder (loaded once per folder)."""
    return NumberLexicon.load(folder)


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def digits_decimal(text: str, dot_thousands: bool = False) -> Decimal | None:
    """Digits with separators as a Decimal.

    A comma followed by groups of three digits separates thousands; a single
    dot is a decimal point unless ``dot_thousands`` (used where a fraction is
    impossible, e.g. a count written ``1.200``).  Several dots in groups of
    three are Vietnamese-style thousands; a final short group after them is read
    as decimals (``8.863.9`` -> 8863.9).

    >>> digits_decimal("17,000")
    Decimal('17000')
    >>> digits_decimal("8.386")
    Decimal('8.386')
    >>> digits_decimal("1.234.567")
    Decimal('1234567')
    >>> digits_decimal("1.234,5")
    Decimal('1234.5')
    >>> digits_decimal("1,5")
    Decimal('1.5')
    >>> digits_decimal("12a") is None
    True
    """
    if text.isascii() and text.isdigit():
        return Decimal(text)  # the common case: plain digits
    s = text.strip()
    if not s or not s[0].isdigit() or not s[-1].isdigit():
        return None
    if any(c not in "0123456789.," for c in s):
        return None
    if "," in s and "." in s:
        # the separator that comes last is the decimal mark
        if s.rfind(",") < s.rfind("."):
            thousands, dec = ",", "."
        else:
            thousands, dec = ".", ","
        head, _, frac = s.rpartition(dec)
        if thousands in frac or dec in head or not _grouped(head.split(thousands)):
            return None
        return _to_decimal(head.replace(thousands, "") + "." + frac)
    sep = "," if "," in s else "." if "." in s else ""
    if not sep:
        return _to_decimal(s)
    groups = s.split(sep)
    if len(groups) == 2:
        if sep == "," and len(groups[1]) == 3 and len(groups[0]) <= 3:
            return _to_decimal("".join(groups))
        if sep == "." and dot_thousands and len(groups[1]) == 3 and len(groups[0]) <= 3:
            return _to_decimal("".join(groups))
        return _to_decimal(groups[0] + "." + groups[1])
    if _grouped(groups):
        return _to_decimal("".join(groups))
    if _grouped(groups[:-1]) and 0 < len(groups[-1]) < 3:
        return _to_decimal("".join(groups[:-1]) + "." + groups[-1])
    return None


def _grouped(groups: list[str]) -> bool:
    """``["1", "234", "567"]``: a 1-3 digit lead and then groups of exactly three."""
    return bool(groups) and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_digits(text: str, dot_thousands: bool = False) -> float | None:
    """Digits with separators as a float (see :func:`digits_decimal`).

    >>> parse_digits("1,436")
    1436.0
    >>> parse_digits("2016-2020") is None
    True
    """
    d = digits_decimal(text, dot_thousands)
    return None if d is None else float(d)


def words_value(text: str, lex: NumberLexicon | None = None) -> int | None:
    """A spelled-out cardinal (``Forty-eight``, ``two thousand five hundred``) or None.

    ``and`` is accepted only after a scale word, as in British usage; sequences
    that no one writes (``five six``) are rejected.

    >>> words_value("Twelve")
    12
    >>> words_value("two thousand five hundred")
    2500
    >>> words_value("five six") is None
    True
    >>> words_value("a") is None
    True
    """
    lex = lex or lexicon()
    tokens = [t for t in _SPLIT.split(text.strip().lower()) if t]
    if not tokens:
        return None
    total = current = 0
    last: str | None = None
    for i, tok in enumerate(tokens):
        if tok in lex.articles:
            if i:
                return None
            current, last = 1, "article"
        elif tok in lex.units:
            value = lex.units[tok]
            if last == "tens" and value < 10 and current % 10 == 0:
                current += value
            elif last in (None, "hundred", "magnitude", "and"):
                current += value
            else:
                return None
            last = "unit"
        elif tok in lex.tens:
            if last not in (None, "hundred", "magnitude", "and") or current % 100:
                return None
            current += lex.tens[tok]
            last = "tens"
        elif tok in lex.hundred:
            if last not in ("unit", "tens", "article") or current >= 100:
                return None
            current *= 100
            last = "hundred"
        elif tok in lex.magnitudes:
            if last in (None, "magnitude", "and"):
                return None
            total += current * int(lex.magnitudes[tok])
            current, last = 0, "magnitude"
        elif tok == "and":
            if last not in ("hundred", "magnitude"):
                return None
            last = "and"
        else:
            return None
    if last in ("and", "article"):
        return None
    return total + current


def number_decimal(text: str, lex: NumberLexicon | None = None, money: bool = False,
                   dot_thousands: bool = False) -> Decimal | None:
    """Digits or words, optionally followed by a scale word or abbreviation, as a Decimal."""
    lex = lex or lexicon()
    s = text.strip()
    if not s:
        return None
    m = _LEADING_DIGITS.fullmatch(s)
    if m:
        rest = m.group(2).strip()
        scale = Decimal(1)
        if rest:
            found = lex.scale(rest, money=money)
            if found is None:
                return None
            scale = found
        base = digits_decimal(m.group(1), dot_thousands=dot_thousands and not rest)
        return None if base is None else base * scale
    value = words_value(s, lex)
    if value is not None:
        return Decimal(value)
    # "five bn": a spelled-out number with an abbreviated scale
    head, _, tail = s.rpartition(" ")
    scale = lex.scale(tail, money=money) if head else None
    if scale is not None:
        value = words_value(head, lex)
        if value is not None:
            return Decimal(value) * scale
    return None


def parse_number(text: str, lex: NumberLexicon | None = None, money: bool = False) -> float | None:
    """A number as written in news text, or None when it is not one.

    >>> parse_number("VND 5") is None
    True
    >>> parse_number("5bn")
    5000000000.0
    >>> parse_number("2 k")
    2000.0
    >>> parse_number("5m") is None, parse_number("5m", money=True)
    (True, 5000000.0)
    """
    d = number_decimal(text, lex, money=money)
    return None if d is None else float(d)


def scaled_range(low: Decimal, high: Decimal, low_scale: Decimal | None,
                 high_scale: Decimal | None) -> tuple[Decimal, Decimal] | None:
    """Apply scale words to a range, or None when the pair is no range.

    A scale written only after the second number also applies to the first
    when that keeps the first no larger than the second (``VND5-7 billion``),
    and not when it would overtake it (``VND 500,000-1.5 million``).  A scale
    only on the first number (``5 billion to 20``) makes no range.

    >>> scaled_range(Decimal(5), Decimal(7), None, Decimal(10**9))
    (Decimal('5000000000'), Decimal('7000000000'))
    >>> scaled_range(Decimal(500000), Decimal('1.5'), None, Decimal(10**6))
    (Decimal('500000'), Decimal('1500000.0'))
    >>> scaled_range(Decimal(5), Decimal(20), Decimal(10**9), None) is None
    True
    >>> scaled_range(Decimal(8), Decimal(3), None, None) is None
    True
    """
    if low_scale is not None and high_scale is None:
        return None
    hi = high * (high_scale or 1)
    if low_scale is not None:
        lo = low * low_scale
    elif high_scale is not None and low * high_scale <= hi:
        lo = low * high_scale
    else:
        lo = low
    return (lo, hi) if lo < hi else None
