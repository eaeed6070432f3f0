"""Paragraph and sentence boundaries on real article shapes."""
from __future__ import annotations

import pytest

from venextract import segmentation

ABBREVIATIONS = frozenset({"no.", "co.", "ltd.", "tril."})


def texts(text: str, ranges: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in ranges]


def test_each_line_is_a_paragraph() -> None:
    text = "Headline here\n\n06:09 | 18/09/2020 Society\n\nFirst paragraph. Second sentence.\nAnother paragraph."
    assert texts(text, segmentation.paragraphs(text)) == [
        "Headline here", "06:09 | 18/09/2020 Society", "First paragraph. Second sentence.", "Another paragraph."]


def test_wrapped_pdf_lines_are_joined() -> None:
    text = "The province spent VND 5 billion on\nmachinery for 20 workshops.\nA new paragraph starts here."
    assert texts(text, segmentation.paragraphs(text)) == [
        "The province spent VND 5 billion on\nmachinery for 20 workshops.", "A new paragraph starts here."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rose 5%. Then it fell.", ["It rose 5%.", "Then it fell."]),
        ("Under Decision No. 15/2023/QD-UBND, support rose.", ["Under Decision No. 15/2023/QD-UBND, support rose."]),
        ("It needs some VND1.2 tril. from the budget.", ["It needs some VND1.2 tril. from the budget."]),
        ('"We are hiring." The director said so.', ['"We are hiring."', "The director said so."]),
        ("Sales reached 3.5 billion. In 2022, they fell.", ["Sales reached 3.5 billion.", "In 2022, they fell."]),
        ("Made by Hung Yen Co. Ltd in Khoai Chau.", ["Made by Hung Yen Co. Ltd in Khoai Chau."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    paras = segmentation.paragraphs(text)
    assert texts(text, segmentation.sentences(text, paras, ABBREVIATIONS)) == expected


def test_sentences_never_cross_paragraphs() -> None:
    text = "Views: 8\nSource: https://example.vn/a-1.html"
    sents = segmentation.sentences(text, segmentation.paragraphs(text), ABBREVIATIONS)
    assert texts(text, sents) == ["Views: 8", "Source: https://example.vn/a-1.html"]


def test_index_of() -> None:
    starts = [0, 10, 25]
    assert [segmentation.index_of(starts, c) for c in (0, 9, 10, 24, 25, 99)] == [0, 0, 1, 1, 2, 2]
