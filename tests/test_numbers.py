"""Reading numbers: digits and separators, number words, scale words, ranges."""
from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from venextract.normalize import numbers
from venextract.normalize.numbers import (
    NumberLexicon,
    digits_decimal,
    parse_digits,
    parse_number,
    scaled_range,
    words_value,
)


def test_doctests() -> None:
    failures, _ = doctest.testmod(numbers)
    assert failures == 0


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("5", 5),
        ("1,436", 1436),
        ("17,000", 17000),
        ("1,234,567", 1234567),
        ("7.3", 7.3),
        ("8.386", 8.386),
        ("0.5", 0.5),
        ("1.234.567", 1234567),  # Vietnamese-style thousands
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("8.863.9", 8863.9),  # garbled: read as thousands plus decimals
    ],
)
def test_digits(written: str, value: float) -> None:
    assert parse_digits(written) == pytest.approx(value)


@pytest.mark.parametrize("written", ["", "abc", "1,2,3,4", "1.2.3.4", "12a", ",5", "5,", "1..2", "1,,2", "2016-2020"])
def test_not_digits(written: str) -> None:
    assert parse_digits(written) is None


def test_dot_thousands_only_when_asked() -> None:
    assert digits_decimal("1.200") == Decimal("1.200")
    assert digits_decimal("1.200", dot_thousands=True) == Decimal("1200")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("five", 5),
        ("Twelve", 12),
        ("Sixty-five", 65),
        ("Forty-eight", 48),
        ("forty eight", 48),
        ("One hundred and sixty", 160),
        ("two hundred", 200),
        ("a thousand", 1000),
        ("two thousand five hundred", 2500),
        ("three million", 3_000_000),
        ("one hundred thousand", 100_000),
    ],
)
def test_words(written: str, value: int) -> None:
    assert words_value(written) == value


@pytest.mark.parametrize("written", ["a", "and", "five six", "hundred", "thousand", "sixty twenty", "hundreds",
                                     "dozens", "five and six", "one and", "a five"])
def test_not_words(written: str) -> None:
    assert words_value(written) is None


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("7.3 trillion", 7.3e12),
        ("600 million", 6e8),
        ("1.2 tril.", 1.2e12),
        ("5bn", 5e9),
        ("2.5 mn", 2.5e6),
        ("4 tn", 4e12),
        ("20k", 2e4),
        ("1 quadrillion", 1e15),
        ("seven million", 7e6),
        ("five bn", 5e9),
    ],
)
def test_scales(written: str, value: float) -> None:
    assert parse_number(written) == value


def test_money_only_scale_letters() -> None:
    assert parse_number("5m") is None  # five metres, not five million
    assert parse_number("5m", money=True) == 5e6


def test_exact_decimal_arithmetic() -> None:
    # 7.3 * 10**12 in binary floating point is not exactly 7.3e12 when done naively
    assert parse_number("7.3 trillion") == 7_300_000_000_000
    assert parse_number("8.386 billion") == 8_386_000_000


@pytest.mark.parametrize(
    ("low", "high", "low_scale", "high_scale", "expected"),
    [
        (5, 7, None, 10**9, (5e9, 7e9)),  # VND5-7 billion
        (500000, 1.5, None, 10**6, (5e5, 1.5e6)),  # VND 500,000-1.5 million
        (2, 3, 10**9, 10**9, (2e9, 3e9)),  # between VND2 billion and VND3 billion
        (75000, 80000, None, None, (75000, 80000)),
        (5, 20, 10**9, None, None),  # VND 5 billion to 20 (households)
        (8, 3, None, None, None),  # not increasing
        (5, 5, None, None, None),
    ],
)
def test_scaled_range(low, high, low_scale, high_scale, expected) -> None:
    def d(x):
        return None if x is None else Decimal(str(x))

    got = scaled_range(d(low), d(high), d(low_scale), d(high_scale))
    if expected is None:
        assert got is None
    else:
        assert got is not None and (float(got[0]), float(got[1])) == expected


def test_lexicon_from_other_folder(tmp_path) -> None:
    (tmp_path / "numbers.json").write_text(
        '{"units": {"one": 1, "two": 2}, "tens": {}, "hundred": [], "magnitudes": {"lakh": 100000}}', encoding="utf-8")
    lex = NumberLexicon.load(tmp_path)
    assert parse_number("2 lakh", lex) == 200000
    assert parse_number("two", lex) == 2
    assert parse_number("three", lex) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_round_trip(n: int) -> None:
    assert parse_digits(f"{n:,}") == n


@given(st.text(max_size=30))
def test_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)
