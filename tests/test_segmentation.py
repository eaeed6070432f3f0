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


REPORT = (
    "1. Results in 2021-2023\n"
    "\n"
    "Over the past three years, the provincial industry promotion programme has been\n"
    "implemented in line with Decision No. 1881/QD-TTg. Formosa Ha Tinh Steel\n"
    "Corporation also raised its capital, and the province spent VND 48.2 billion.\n"
    "The Nguyen Xa craft village received VND 3 billion.\n"
    "Main results:\n"
    "- Budget: VND 12.4 billion, of which the central budget provided VND 8 billion and\n"
    "  the provincial budget VND 4.4 billion.\n"
    "- 46 projects.\n"
)


def test_hard_wrapped_lines_are_joined_at_the_wrap_width() -> None:
    assert segmentation.wrap_width(REPORT) == 82
    assert texts(REPORT, segmentation.paragraphs(REPORT)) == [
        "1. Results in 2021-2023",
        REPORT[REPORT.index("Over"):REPORT.index("\nMain")],  # a line near the width runs on, whatever follows
        "Main results:",  # a short line ends its paragraph
        "- Budget: VND 12.4 billion, of which the central budget provided VND 8 billion and\n"
        "  the provincial budget VND 4.4 billion.",
        "- 46 projects.",  # a list item starts a paragraph
    ]


def test_web_paragraphs_are_no_wrapped_lines() -> None:
    text = "\n".join(f"Paragraph {i} " + "is a long line of running text, " * 6 for i in range(5))
    assert segmentation.wrap_width(text) is None
    assert len(segmentation.paragraphs(text)) == 5


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
