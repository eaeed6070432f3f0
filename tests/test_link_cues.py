"""The cue scan of link/attribution.py: it must find what one left-to-right search with the cue regex finds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from venextract.link.attribution import Cues, load_cues
from venextract.resources import patterns_dir

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

_WORDS = [
    "the", "The", "a", "its", "plan", "plans", "to", "will", "aims", "at", "target", "targets", "so", "far", "has",
    "have", "been", "disbursed", "completed", "was", "were", "up", "from", "down", "than", "compared", "with",
    "year", "on", "year-on-year", "in", "coming", "years", "next", "expected", "is", "set", "totalled", "VND",
    "2022", "5.1", "billion", "percent", "province", "development", "master", "goal", "of", ",", ".", "-", "(", ")",
    "already", "organised", "vs.", "hopes", "Ha", "Noi", "\u0301", "ſo", "İn", "_", "²",
]


def _plain(cues: Cues, text: str, start: int, end: int) -> list[tuple[str | None, int, int]]:
    return [(m.lastgroup, m.start(), m.end()) for m in cues.all.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40), st.data())
def test_cue_scan_equals_plain_search(words: list[str], data: st.DataObject) -> None:
    cues = load_cues()
    text = " ".join(words)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert list(cues.find(text, start, end)) == _plain(cues, text, start, end)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_cue_scan_equals_plain_search_on_corpus(path: Path) -> None:
    cues = load_cues()
    text = path.read_text(encoding="utf-8")
    assert list(cues.find(text, 0, len(text))) == _plain(cues, text, 0, len(text))


@pytest.mark.parametrize("entry", [r"\$\s*\d", r"-based", r"\(plan\)", "%", r"\s+will"])
def test_cues_not_starting_with_a_word_are_found(tmp_path: Path, entry: str) -> None:
    data = json.loads((patterns_dir() / "links.json").read_text(encoding="utf-8"))
    data["target_cues"].append(entry)
    (tmp_path / "links.json").write_text(json.dumps(data), encoding="utf-8")
    cues = Cues(tmp_path)
    text = "The plan-based ($5 bn) (plan) costs 5%a will"
    assert list(cues.find(text, 0, len(text))) == _plain(cues, text, 0, len(text))
