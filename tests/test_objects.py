"""What money amounts and percentages are about (facts.object)."""
from __future__ import annotations

import pytest

from venextract.link.objects import figure_object


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        ("Quang Tri carried out 40 projects with funding of over VND 12.5 billion.", "VND 12.5 billion", "funding"),
        ("It spent VND 3.1 billion on 12 demonstration models, helping workshops.", "VND 3.1 billion",
         "12 demonstration models"),
        ("Seafood accounted for 38.5 percent of the province's export turnover.", "38.5 percent",
         "province's export turnover"),
        ("The budget sets aside 15 billion VND each year for the OCOP program.", "15 billion VND", "OCOP program"),
        ("Six projects were licensed with total registered capital of VND 410 billion.", "VND 410 billion",
         "total registered capital"),
        ("The index rose 6.8% year on year.", "6.8%", None),
    ],
)
def test_figure_object(sentence: str, figure: str, expected: str | None) -> None:
    start = sentence.index(figure)
    assert figure_object(sentence, start, start + len(figure), (0, len(sentence))) == expected
