"""The rule files in patterns/: every one loads and validates, a broken one fails
loudly, and an edited copy changes what is extracted."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from venextract import pipeline
from venextract.components.extensions import mentions
from venextract.errors import PatternError
from venextract.resources import patterns_dir

from .conftest import ROOT

PATTERNS = ROOT / "patterns"


def _components(nlp):
    return [nlp.get_pipe(name) for name in pipeline.COMPONENTS]


def test_every_pattern_file_is_used_and_loads() -> None:
    nlp = pipeline.build(PATTERNS)
    used = {name for component in _components(nlp) for name in component.files}
    data_files = {p.name for p in PATTERNS.iterdir() if p.suffix in {".json", ".jsonl", ".csv", ".txt"}}
    assert data_files <= used, f"pattern files no component reads: {sorted(data_files - used)}"
    for name in data_files:
        path = PATTERNS / name
        if path.suffix == ".json":
            assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), name


def test_packaged_patterns_are_found() -> None:
    assert (patterns_dir() / "links.json").is_file()


@pytest.mark.parametrize("name", ["links.json", "periods.json", "numbers.json", "currencies.json"])
def test_a_broken_pattern_file_fails_loudly(tmp_path: Path, name: str) -> None:
    copy = tmp_path / "patterns"
    shutil.copytree(PATTERNS, copy)
    (copy / name).write_text('{"not valid json', encoding="utf-8")
    with pytest.raises(PatternError, match=name):
        pipeline.build(copy)


def test_an_edited_copy_changes_the_rules(tmp_path: Path) -> None:
    text = "The province intends in earnest to support 40 establishments."
    nlp = pipeline.build(PATTERNS)
    before = [s for s in mentions(nlp(text)) if s.label_ == "COUNT"]
    assert before and before[0]._.is_target is False

    copy = tmp_path / "patterns"
    shutil.copytree(PATTERNS, copy)
    links = json.loads((copy / "links.json").read_text(encoding="utf-8"))
    links["target_cues"].append(r"intends\s+in\s+earnest\s+to")
    (copy / "links.json").write_text(json.dumps(links), encoding="utf-8")
    after = [s for s in mentions(pipeline.build(copy)(text)) if s.label_ == "COUNT"]
    assert after[0]._.is_target is True


def test_pipeline_round_trips_through_disk(tmp_path: Path) -> None:
    nlp = pipeline.build(PATTERNS)
    nlp.to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "venextract_linker" / "links.json").is_file()
    text = "In 2021, Ha Giang spent VND 12 billion on 30 projects."
    loaded = nlp.from_disk(tmp_path / "nlp")
    spans = [(s.label_, s.text, s._.value_min) for s in mentions(loaded(text))]
    assert ("MONEY", "VND 12 billion", 12e9) in spans


def test_an_edit_after_loading_takes_effect(tmp_path: Path) -> None:
    """The shared pipeline of a folder is rebuilt when one of its files changes, as in a notebook that
    edits a rule and runs again."""
    text = "The province intends in earnest to support 40 establishments."
    copy = tmp_path / "patterns"
    shutil.copytree(PATTERNS, copy)
    first = pipeline.load(str(copy))
    assert pipeline.load(str(copy)) is first  # unchanged files: the same pipeline
    assert [s._.is_target for s in mentions(first(text)) if s.label_ == "COUNT"] == [False]
    links = json.loads((copy / "links.json").read_text(encoding="utf-8"))
    links["target_cues"].append(r"intends\s+in\s+earnest\s+to")
    (copy / "links.json").write_text(json.dumps(links), encoding="utf-8")
    again = pipeline.load(str(copy))
    assert again is not first
    assert [s._.is_target for s in mentions(again(text)) if s.label_ == "COUNT"] == [True]
