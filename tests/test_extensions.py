"""The attribute layer: Doc attributes, mentions and their values, read and written without ``doc._``."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import spacy

from venextract.components import extensions

TEXT = "Ha Noi  spent VND 5 billion.\nBac Ninh: 12 projects"


@pytest.fixture()
def doc() -> Any:
    extensions.register()
    return spacy.blank("en")(TEXT)


def test_doc_values_are_the_extension_attributes(doc: Any) -> None:
    assert extensions.doc_value(doc, "title") is None
    extensions.set_doc_values(doc, title="T", published=date(2024, 1, 2), skip_ranges=[(0, 6)])
    assert (doc._.title, doc._.published, doc._.skip_ranges) == ("T", date(2024, 1, 2), [(0, 6)])
    doc._.url = "http://x"
    assert extensions.doc_value(doc, "url") == "http://x"
    assert extensions.skip_ranges(doc) == [(0, 6)]


def test_text_is_cached(doc: Any) -> None:
    assert extensions.text_of(doc) == TEXT
    assert doc._.text == TEXT
    extensions.set_doc_values(doc, text="cached")
    assert extensions.text_of(doc) == "cached"


def test_skip_ranges(doc: Any) -> None:
    assert extensions.skip_ranges(doc) == []
    assert not extensions.in_skip_range(doc, 0, 2)
    extensions.set_doc_values(doc, skip_ranges=[(0, 6), (29, 37)])
    assert extensions.in_skip_range(doc, 0, 6) and extensions.in_skip_range(doc, 3, 6)
    assert not extensions.in_skip_range(doc, 3, 9)
    assert extensions.in_skip_range(doc, 29, 37) and not extensions.in_skip_range(doc, 14, 17)


# (start, end) pairs at awkward places: inside a token, on the space after one, on a
# whitespace token, empty, at the very end and past it
RANGES = [(0, 6), (1, 5), (2, 3), (6, 7), (7, 8), (6, 6), (5, 5), (8, 8), (14, 19), (27, 29),
          (len(TEXT) - 2, len(TEXT)), (len(TEXT), len(TEXT)), (len(TEXT) - 1, len(TEXT) + 3), (0, 0)]


def _expected(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None or len(span) == 0 else (span.start, span.end)


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_add_span_covers_the_touched_tokens(doc: Any, start: int, end: int) -> None:
    span = extensions.add_span(doc, start, end, "COUNT", value_min=1)
    expected = _expected(doc, start, end)
    if expected is None:
        assert span is None
        assert "venextract" not in doc.spans
    else:
        assert (span.start, span.end) == expected
        assert span._.value_min == 1 and span.label_ == "COUNT"


def test_add_span_examples(doc: Any) -> None:
    assert extensions.add_span(doc, 1, 5, "PROVINCE").text == "Ha Noi"  # inside tokens: widened to them
    assert extensions.add_span(doc, 2, 6, "PROVINCE").text == "Noi"  # not "Ha", whose trailing space it starts on
    assert extensions.add_span(doc, 2, 3, "PROVINCE") is None  # only that space
    assert extensions.add_span(doc, 4, 4, "COUNT").text == "Noi"  # empty, inside a token
    assert extensions.add_span(doc, 3, 3, "COUNT") is None  # empty, at a token start
    assert extensions.add_span(doc, len(TEXT), len(TEXT) + 1, "COUNT") is None


def test_add_mentions_matches_add_span(doc: Any) -> None:
    other = spacy.blank("en")(TEXT)
    skips = [(0, 6)]
    extensions.set_doc_values(doc, skip_ranges=skips)
    extensions.set_doc_values(other, skip_ranges=skips)
    found = [(s, e, "MONEY" if i % 2 else "COUNT", {"value_min": i, "unit": f"u{i}"})
             for i, (s, e) in enumerate(RANGES)]
    found.append((14, 19, "PERCENT", {"value_max": 9}))  # the same range again: its values are merged
    extensions.add_mentions(doc, found)
    for s, e, label, values in found:
        if not extensions.in_skip_range(other, s, e):
            extensions.add_span(other, s, e, label, **dict(values))

    def state(d: Any) -> list[tuple[int, int, str, dict[str, Any]]]:
        return [(s.start, s.end, s.label_, extensions.values(s)) for s in d.spans["venextract"]]

    assert state(doc) == state(other)
    assert not any(s.start_char < 6 for s in doc.spans["venextract"] if s.end_char <= 6)
    percent = [s for s in doc.spans["venextract"] if s.label_ == "PERCENT"][0]
    assert (percent._.value_min, percent._.value_max, percent._.unit) == (8, 9, "u8")


def test_add_mentions_without_any_adds_no_group(doc: Any) -> None:
    extensions.set_doc_values(doc, skip_ranges=[(0, 8)])
    extensions.add_mentions(doc, [(0, 6, "PROVINCE", {}), (3, 3, "COUNT", {})])
    assert "venextract" not in doc.spans
    assert extensions.mentions(doc) == [] and extensions.mention_records(doc) == []


def test_mention_records_are_the_mentions_in_text_order(doc: Any) -> None:
    extensions.add_span(doc, 39, 41, "COUNT", value_min=12, unit="project")
    extensions.add_span(doc, 0, 6, "PROVINCE", province="Ha Noi")
    extensions.add_span(doc, 14, 27, "MONEY", value_min=5e9)
    extensions.add_span(doc, 0, 6, "PERIOD")  # the same range as the province: kept after it
    extensions.add_span(doc, 0, 2, "COUNT")
    spans = extensions.mentions(doc)
    assert [(s.start_char, s.end_char, s.label_) for s in spans] == [
        (0, 2, "COUNT"), (0, 6, "PROVINCE"), (0, 6, "PERIOD"), (14, 27, "MONEY"), (39, 41, "COUNT")]
    records = extensions.mention_records(doc)
    assert records == [(s.start_char, s.end_char, s.label_, extensions.values(s)) for s in spans]
    assert records[1][3]["province"] == "Ha Noi" and records[1][3]["value_min"] is None


def test_set_range_values_reaches_the_span(doc: Any) -> None:
    span = extensions.add_span(doc, 14, 27, "MONEY", value_min=5e9)
    extensions.set_range_values(doc, span.start_char, span.end_char, {"province": "Ha Noi", "is_target": True})
    assert (span._.value_min, span._.province, span._.is_target) == (5e9, "Ha Noi", True)
    assert extensions.mention_records(doc)[0][3]["province"] == "Ha Noi"
