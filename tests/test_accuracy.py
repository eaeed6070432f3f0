"""Accuracy on annotated articles: the held-out sets shipped with the tests, and the
development set and seeds when the shared folder is beside the repository.

The held-out articles were written and annotated independently of the rules, so
they show how the rules carry to articles the rules were not tuned on."""
from __future__ import annotations

from pathlib import Path

import pytest

import venextract
from venextract.evaluation import score

from .conftest import ROOT

SHARED = ROOT.parent / "shared"
SETS = {
    "heldout": (ROOT / "tests/data/heldout/gold.jsonl", ROOT / "tests/data/heldout/docs"),
    "heldout2": (ROOT / "tests/data/heldout2/gold.jsonl", ROOT / "tests/data/heldout2/docs"),
    "heldout3": (ROOT / "tests/data/heldout3/gold.jsonl", ROOT / "tests/data/heldout3/docs"),
    "heldout4": (ROOT / "tests/data/heldout4/gold.jsonl", ROOT / "tests/data/heldout4/docs"),
    "heldout5": (ROOT / "tests/data/heldout5/gold.jsonl", ROOT / "tests/data/heldout5/docs"),  # reports, releases
    "heldout6": (ROOT / "tests/data/heldout6/gold.jsonl", ROOT / "tests/data/heldout6/docs"),  # news, several outlets
    "heldout7": (ROOT / "tests/data/heldout7/gold.jsonl", ROOT / "tests/data/heldout7/docs"),  # reports, decisions
    "heldout8": (ROOT / "tests/data/heldout8/gold.jsonl", ROOT / "tests/data/heldout8/docs"),  # news, more topics
    "heldout9": (ROOT / "tests/data/heldout9/gold.jsonl", ROOT / "tests/data/heldout9/docs"),  # features, web copies
    "heldout10": (ROOT / "tests/data/heldout10/gold.jsonl", ROOT / "tests/data/heldout10/docs"),  # provincial papers
    "heldout11": (ROOT / "tests/data/heldout11/gold.jsonl", ROOT / "tests/data/heldout11/docs"),  # long PDF reports
    "heldout12": (ROOT / "tests/data/heldout12/gold.jsonl", ROOT / "tests/data/heldout12/docs"),  # mixed kinds
    "dev": (SHARED / "dev/gold.jsonl", SHARED / "dev/docs"),
    "seeds": (SHARED / "eval/seeds-gold.jsonl", SHARED / "seeds"),
}
# floors well under today's figures: a drop below them is a regression worth a look
FLOORS = {
    "money": 0.95, "counts": 0.90, "percents": 0.95, "periods": 0.90, "provinces": 0.95, "targets": 0.85,
    "count_unit_accuracy": 0.90, "qualifier_accuracy": 0.93, "period_attribution_accuracy": 0.88,
    "primary_province_accuracy": 0.85, "published_accuracy": 0.95, "title_accuracy": 0.95,
}
SET_FLOORS: dict[str, dict[str, float]] = {}  # a set's own floors, where it needs lower ones


@pytest.mark.parametrize("name", list(SETS))
def test_accuracy(tmp_path: Path, name: str) -> None:
    gold, docs = SETS[name]
    if not gold.exists():
        pytest.skip(f"{name}: {gold} is not here")
    venextract.run([docs], tmp_path, workers=1)
    result = score(gold, docs, tmp_path)
    figures = {k: result["strict"][k]["f"] for k in ("money", "counts", "percents")}
    figures |= {k: result[k]["f"] for k in ("periods", "provinces", "targets")}
    figures |= {k: result[k] for k in FLOORS if k not in figures}
    floors = FLOORS | SET_FLOORS.get(name, {})
    low = {k: round(v, 3) for k, v in figures.items() if v is not None and v < floors[k]}
    assert not low, f"{name}: below the floor: {low}"
