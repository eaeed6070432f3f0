"""Attribution of figures to periods and the target flag, from a spec table of sentences."""
from __future__ import annotations

import json
from datetime import date

import pytest

from venextract.components.extensions import mentions

from .conftest import SPECS

CASES = [json.loads(line) for line in (SPECS / "attribution.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_attribution(nlp, case: dict) -> None:
    doc = nlp.make_doc(case["text"])
    doc._.published = _day(case["published"])
    doc = nlp(doc)
    figures = [s for s in mentions(doc) if s.label_ in ("MONEY", "COUNT", "PERCENT")]
    for expected in case["figures"]:
        at = case["text"].index(expected["find"])
        span = next((s for s in figures if s.start_char < at + len(expected["find"]) and at < s.end_char), None)
        assert span is not None, f"no figure found at {expected['find']!r}"
        period = [span._.period_start, span._.period_end]
        want = None if expected["period"] is None else [_day(d) for d in expected["period"]]
        assert (None if period == [None, None] else period) == want, expected["find"]
        assert bool(span._.is_target) == expected["target"], expected["find"]
