"""MONEY, COUNT and PERCENT recognition, from a spec table of sentences.

Each line of ``specs/quantities.jsonl`` is a sentence and every quantity the
finder must return for it, in order: text, label, min, max, unit, qualifier,
and where given ``per`` and ``converts``.  ``phenomena`` names what the line
exercises; every phenomenon below must be covered by at least one line.
"""
from __future__ import annotations

import json
import shutil

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from venextract.normalize.quantities import QuantityFinder, _alt, _cue_may_end, _trie
from venextract.resources import patterns_dir
from venextract.types import QUALIFIERS, QuantityMatch

from .conftest import SPECS

CASES = [json.loads(line) for line in (SPECS / "quantities.jsonl").read_text(encoding="utf-8").splitlines() if line]

PHENOMENA = {
    # numbers
    "digits_thousands", "decimal", "number_words", "magnitude", "abbreviation_scale",
    # ranges
    "range_hyphen", "range_to", "range_between", "range_words", "range_mixed_words_digits",
    "range_scale_shared", "range_scale_second_only",
    # qualifiers
    "q_approx", "q_over", "q_over_verb", "q_under", "q_at_least", "q_at_most", "q_up_not_qualifier",
    "q_particle_not_qualifier",
    "q_post_at_least", "q_post_at_most",
    "count_words_then_rating", "count_rating_modifier",
    # money
    "money_prefix", "money_prefix_space", "money_suffix", "money_dong", "money_usd_symbol", "money_usd_code",
    "money_other_currency", "money_range", "money_per", "money_conversion", "money_conversion_qualifier",
    "money_change_from_to",
    # percentages
    "percent_sign", "percent_word", "per_cent", "percent_range", "percent_per_year", "percent_words", "percent_hyphen",
    # counts
    "count_basic", "count_compound_head", "count_coordination_plural", "count_coordination_modifier",
    "count_irregular_plural", "count_plural_modifier", "count_partitive", "count_partitive_number", "count_one",
    "count_scale", "count_range", "count_title_case", "count_hyphen_modifier", "count_wrapped_line",
    "count_shared_noun", "count_possessive_before", "count_acronym_plural", "count_parenthetical_acronym",
    "count_plural_compound", "digits_dot_thousands", "money_hyphen_compound", "count_year_like",
    "count_possessive_modifier", "not_pro_form", "count_after_name", "count_modifier_participle",
    # what is not a count
    "not_year", "not_date", "not_clock", "not_code", "not_name", "not_ordinal", "not_rank", "not_duration",
    "not_age", "not_multiplier", "not_rating", "not_measure", "not_vague", "not_url", "not_views", "not_elided",
    "not_one_of", "not_percentage_point", "not_currency_word",
}


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    return QuantityFinder()


def _as_dict(m: QuantityMatch, expected: dict) -> dict:
    got = {"text": m.text, "label": m.label, "min": m.value_min, "max": m.value_max, "unit": m.unit,
           "qualifier": m.qualifier}
    if "per" in expected:
        got["per"] = m.per
    if "converts" in expected:
        got["converts"] = m.converts
    return got


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spec(finder: QuantityFinder, case: dict) -> None:
    found = finder.find(case["text"])
    want = case["expected"]
    assert [m.text for m in found] == [e["text"] for e in want], case["text"]
    for m, e in zip(found, want, strict=True):
        assert _as_dict(m, e) == {**e, "min": pytest.approx(e["min"]), "max": pytest.approx(e["max"])}, case["text"]


def test_every_phenomenon_is_covered() -> None:
    tagged = {t for c in CASES for t in c["phenomena"]}
    assert PHENOMENA - tagged == set(), "phenomena without a spec sentence"
    assert tagged - PHENOMENA == set(), "spec tags that are not listed in PHENOMENA"


def test_spec_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def _check_invariants(text: str, found: list[QuantityMatch]) -> None:
    last = 0
    for m in found:
        assert text[m.start_char:m.end_char] == m.text
        assert m.start_char >= last, "matches overlap or are out of order"
        last = m.end_char
        assert m.label in ("MONEY", "COUNT", "PERCENT")
        assert m.qualifier in QUALIFIERS
        assert m.value_min <= m.value_max
        if m.label == "COUNT":
            assert m.unit and m.unit == m.unit.lower() and m.value_min == int(m.value_min)


def test_offsets_in_a_longer_text(finder: QuantityFinder) -> None:
    text = "\n\n".join(c["text"] for c in CASES)
    found = finder.find(text)
    _check_invariants(text, found)
    assert len(found) == sum(len(c["expected"]) for c in CASES)


TOKENS = ["VND", "US$", "$", "5", "1,200", "8.863.9", "1.5", "million", "billion", "tril.", "bn", "-", "–", "to",
          "and", "between", "about", "over", "up to", "percent", "%", "households", "projects", "One", "one", "of",
          "the", "Three", "hundred", "sixty", "(", ")", ",", ".", "\n", "aged", "16", "2020", "No.", "Highway",
          "a", "thousand", "k", "5m", "won", "dong", "per", "kg", "/", "times", "years", "at least", "06:09",
          "https://x.vn/a-123.html", "province's", "four-star", "0", "1,5", "9" * 30]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=16), st.booleans())
def test_never_raises_and_offsets_hold(finder: QuantityFinder, tokens: list[str], glue: bool) -> None:
    text = ("" if glue else " ").join(tokens)
    _check_invariants(text, finder.find(text))


@pytest.mark.parametrize("text", [
    "e-commerce thousand - ) 2020 and more than 5m 1,200 1.5 2016-2020",  # a cue after a year-like number
    "and a 1. 5m one e-commerce more than $ 00",  # a qualifier must not reach into the match before
    "2020 or more households", "VND", "$", "1,", "one and", "Three of the", "14 of the", "5 and",
])
def test_fragments(finder: QuantityFinder, text: str) -> None:
    _check_invariants(text, finder.find(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text(finder: QuantityFinder, text: str) -> None:
    _check_invariants(text, finder.find(text))


def test_edited_patterns_folder(tmp_path) -> None:
    """A researcher's copy of the patterns changes what is found; missing files fall back."""
    source = patterns_dir(None)
    shutil.copy(source / "qualifiers.json", tmp_path / "qualifiers.json")
    data = json.loads((tmp_path / "qualifiers.json").read_text(encoding="utf-8"))
    data["qualifiers"]["approx"].append("an estimated")
    (tmp_path / "qualifiers.json").write_text(json.dumps(data), encoding="utf-8")
    text = "The fair drew an estimated 5,000 visitors."
    assert QuantityFinder().find(text)[0].qualifier == "exact"
    edited = QuantityFinder(tmp_path).find(text)
    assert (edited[0].qualifier, edited[0].text) == ("approx", "an estimated 5,000 visitors")


# the fast paths must find what the plain expressions find
ANCHOR_TOKENS = ["5", "1,200", "٣", "²", "one", "One", "ONE", "someone", "ones", "Twenty", "twenty-one", "ten",
                 "often", "a", "an", "A", "thousand", "Hundred", "a  thousand", "an\u00a0hundred", "a\tmillion",
                 "ſix", "İ", "K", "é", "\u0301", "_", "-", ".", ",", "\n", "Seventeen", "seven", "Sixty"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_TOKENS), max_size=20), st.booleans())
def test_anchor_scan_finds_what_the_expression_finds(finder: QuantityFinder, tokens: list[str], glue: bool) -> None:
    text = ("" if glue else " ").join(tokens)
    assert finder._anchor_starts(text) == [a.start() for a in finder._anchor.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abn -", min_size=1, max_size=5), min_size=1, max_size=8),
       st.text("abnAB -x.", max_size=30))
def test_factored_alternation_matches_like_the_plain_one(words: list[str], text: str) -> None:
    words = [w.lower() for w in words]
    factored = regex.compile(rf"(?i)(?:{_trie(words)})(?:b|\b)")
    plain = regex.compile(rf"(?i)(?:{_alt(words)})(?:b|\b)")
    for pos in range(len(text) + 1):
        a, b = factored.match(text, pos), plain.match(text, pos)
        assert (a and a.span()) == (b and b.span())


CUE_TOKENS = ["about", "ABOUT", "About", "more than", "up to", "approx.", "aged", "ages of", "of the", "among",
              "the", "first", "2nd", "5", "VND", "vnđ", "US$", "usd", "€", "  ", "\t", "\u00a0", "\n", "ſ", "İ",
              "x", ".", ",", "ageſ", "at moſt", "at a minİmum", "ABOUT\u0130"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CUE_TOKENS), max_size=12), st.booleans())
def test_quick_tests_let_every_cue_through(finder: QuantityFinder, tokens: list[str], glue: bool) -> None:
    text = ("" if glue else " ").join(tokens)
    for pos in range(len(text) + 1):
        if finder._qualifier.search(text, max(0, pos - 40), pos):
            assert _cue_may_end(text, pos, 40, finder._qualifier_ends)
        if finder._age.search(text, max(0, pos - 30), pos) or finder._rank.search(text, max(0, pos - 30), pos):
            assert _cue_may_end(text, pos, 30, finder._age_rank_ends)
        if finder._cur_left.search(text, max(0, pos - 12), pos):
            assert finder._currency_may_end(text, pos)
