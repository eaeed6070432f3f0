"""The period recogniser (normalize/periods.py, period_resolution.py): a spec table plus properties.

``specs/periods.jsonl`` holds one case per line: a sentence, the published date
it is read against, and every period expected in it: its text, character span,
start and end dates (null = open or unresolved), kind, and
``comparison``/``group``/``optional`` when set.
"""
from __future__ import annotations

import doctest
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from venextract.normalize import dates, period_grammar, periods
from venextract.normalize.periods import PeriodFinder
from venextract.resources import patterns_dir
from venextract.types import PeriodMatch

SPEC = Path(__file__).parent / "specs" / "periods.jsonl"
CASES = [json.loads(line) for line in SPEC.read_text(encoding="utf-8").splitlines() if line.strip()]
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
KINDS = {
    "year", "range", "since", "to_now", "deadline", "half", "quarter", "months", "month", "day", "relative",
    "same_period",
}


@pytest.fixture(scope="module")
def finder() -> PeriodFinder:
    return PeriodFinder()


def _row(p: PeriodMatch) -> dict[str, Any]:
    row: dict[str, Any] = {
        "text": p.text,
        "span": [p.start_char, p.end_char],
        "start": p.date_start.isoformat() if p.date_start else None,
        "end": p.date_end.isoformat() if p.date_end else None,
        "kind": p.kind,
    }
    if p.comparison:
        row["comparison"] = True
    if p.coord_group is not None:
        row["group"] = p.coord_group
    if p.optional:
        row["optional"] = True
    return row


def _published(case: dict[str, Any]) -> date | None:
    return date.fromisoformat(case["published"]) if case["published"] else None


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_spec(finder: PeriodFinder, case: dict[str, Any]) -> None:
    got = [_row(p) for p in finder.find(case["text"], _published(case))]
    assert got == case["expected"], case["text"]


def test_spec_notes_are_unique() -> None:
    notes = [c["note"] for c in CASES]
    assert len(notes) == len(set(notes))


def _check_matches(text: str, found: list[PeriodMatch]) -> None:
    last = 0
    for p in found:
        assert text[p.start_char:p.end_char] == p.text
        assert p.start_char >= last, "matches overlap or are out of order"
        last = p.end_char
        assert p.kind in KINDS
        if p.date_start is not None and p.date_end is not None:
            assert p.date_start <= p.date_end, p
        if p.date_start is None and p.date_end is None:
            assert p.optional


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
@pytest.mark.parametrize("published", [date(2020, 9, 18), None])
def test_offsets_on_corpus(finder: PeriodFinder, path: Path, published: date | None) -> None:
    text = path.read_text(encoding="utf-8")
    _check_matches(text, finder.find(text, published))


def test_datelines_are_skipped(finder: PeriodFinder) -> None:
    text = "A headline\n\n06:09 | 18/09/2020 Society\n\nSince 2016, the province has grown."
    assert [p.text for p in finder.find(text, date(2020, 9, 18))] == ["Since 2016"]


def test_relative_without_published_date_is_optional(finder: PeriodFinder) -> None:
    found = finder.find("Last year exports rose; the first half of this year was weak.", None)
    assert [(p.date_start, p.date_end, p.optional) for p in found] == [(None, None, True), (None, None, True)]


def test_doctests() -> None:
    results = [doctest.testmod(module) for module in (periods, dates)]
    assert sum(r.attempted for r in results) > 0 and not any(r.failed for r in results)


def test_patterns_folder_is_used(tmp_path: Path) -> None:
    lexicon = json.loads((patterns_dir() / "periods.json").read_text(encoding="utf-8"))
    assert "_comment" in lexicon
    lexicon["deadline"] = [w for w in lexicon["deadline"] if w != "by"]
    (tmp_path / "periods.json").write_text(json.dumps(lexicon), encoding="utf-8")
    edited = PeriodFinder(tmp_path)
    assert [p.kind for p in edited.find("The city aims to have 700 products by 2030.", None)] == ["year"]


def test_patterns_folder_falls_back_to_packaged_file(tmp_path: Path) -> None:
    shutil.copy(patterns_dir() / "periods.json", tmp_path / "other.json")
    assert [p.kind for p in PeriodFinder(tmp_path).find("By 2030 it grows.", None)] == ["deadline"]


# The scanner tries the core regex only near anchors; it must find what a plain left-to-right search finds.

def _naive_scan(finder: PeriodFinder, text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    while True:
        m = finder._core.search(text, pos)
        if m is None:
            return out
        items = finder._plural_parts(m) if m.group("parts") is not None else [finder._item(text, m)]
        items = [i for i in items if i is not None]
        if not items:
            pos = m.start() + 1
            continue
        out += [(i.start, i.end, i.ctype) for i in items]
        pos = max(m.end() if m.group("parts") is not None else items[-1].end, pos + 1)


_WORDS = [
    "the", "first", "second", "last", "half", "quarter", "quarters", "of", "year", "this", "next", "months", "six",
    "same", "period", "time", "since", "from", "to", "by", "until", "and", "in", "early", "end", "beginning", "ago",
    "10", "five", "March", "May", "June", "Aug.", "1", "27", "2016", "2020", "2021-2025", "2,020", "Q1", "H1",
    "1990s", "FY2022", "decade", "past", "-", ",", ".", "now", "date", "workers", "No.", "15/2023/QD",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_anchor_scan_equals_plain_search(words: list[str]) -> None:
    finder = _FINDER
    text = " ".join(words)
    assert [(i.start, i.end, i.ctype) for i in finder._scan(text)] == _naive_scan(finder, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40), st.sampled_from([date(2022, 5, 10), None]))
def test_matches_are_well_formed(words: list[str], published: date | None) -> None:
    text = " ".join(words)
    _check_matches(text, _FINDER.find(text, published))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.sampled_from([date(2020, 2, 29), None]))
def test_any_text_is_handled(text: str, published: date | None) -> None:
    _check_matches(text, _FINDER.find(text, published))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_anchor_scan_equals_plain_search_on_corpus(finder: PeriodFinder, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [(i.start, i.end, i.ctype) for i in finder._scan(text)] == _naive_scan(finder, text)


_FINDER = PeriodFinder()


# Word anchors are looked up in the lower-cased text; they must be what a scan with the anchor regex finds.

_ANCHOR_WORDS = _WORDS + [
    "YEAR", "Years", "halves", "HALF", "time", "sometimes", "Time's", "periods", "ſ", "İ", "K", "Quarterly",
    "yearſ", "halveſ", "tİme", "perİod", "Decade", "months", "Month-long", "\u0301", "ı", "ẞ", "period.", "timeyear",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ANCHOR_WORDS), min_size=1, max_size=40), st.sampled_from([" ", "", "-", "\n"]))
def test_word_anchors_equal_a_regex_scan(words: list[str], gap: str) -> None:
    text = gap.join(words)
    assert _FINDER._word_anchors(text) == [m.span() for m in _FINDER._anchor_word.finditer(text)]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_word_anchors_equal_a_regex_scan_on_corpus(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for variant in (text, text.upper(), text.swapcase()):
        assert _FINDER._word_anchors(variant) == [m.span() for m in _FINDER._anchor_word.finditer(variant)]


_URL_WORDS = ["http://a.vn/2021", "HTTPS://x", "httpſ://b", "www.", "WWW.c.vn/2022", "Www.", "http", "wwww.d", "2022",
              "in", "İ", "see", "(http://e/f)", "hTtP://g"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_URL_WORDS), min_size=1, max_size=20), st.sampled_from([" ", "", "\n"]))
def test_urls_equal_a_regex_scan(words: list[str], gap: str) -> None:
    text = gap.join(words)
    found = period_grammar.spans_at_heads(_FINDER._url, periods._URL_HEADS, text)
    assert found == [m.span() for m in _FINDER._url.finditer(text)]


@pytest.mark.parametrize("url", ["https://baobacninh.vn/2023/04/a.html", "HTTPS://BAOBACNINH.VN/2023/04/A.HTML",
                                 "WWW.BAOBACNINH.VN/2023/04/A"])
def test_years_inside_urls_in_any_case_are_no_periods(url: str) -> None:
    found = _FINDER.find(f"Read {url} on the 2016-2020 period.", date(2024, 1, 1))
    assert [m.text for m in found] == ["2016-2020 period"]



# At a word start the core regex is cut down to the parts that can start with the word: same match, same groups.

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["FY2021", "Q3/2022", "1st", "4th", "H1", "2020/21", "the 1990s"]),
                min_size=1, max_size=30))
def test_cut_core_matches_like_the_full_core(words: list[str]) -> None:
    finder = _FINDER
    text = " ".join(words)
    for w in finder._word_start.finditer(text):
        core = finder.core_at(w.group())
        full = finder._core.match(text, w.start())
        cut = core.match(text, w.start()) if core is not None else None
        assert (full is None) == (cut is None), text
        if full is not None and cut is not None:
            assert full.span() == cut.span() and full.groupdict() == cut.groupdict(), text
