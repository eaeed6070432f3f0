"""The tables do not depend on the number of worker processes (no timing here: see benchmarks/)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import venextract
from venextract.writers import read_tables

ROOT = Path(__file__).resolve().parents[1]


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("venextract_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """48 article files and a JSONL batch of 12 more (two rows reuse a file's doc_id, one row is broken)."""
    corpus = _corpus_module()
    folder = tmp_path_factory.mktemp("generated")
    gen = corpus.Generator.from_folders(seed=11)
    files = gen.write_txt(folder / "articles", 48)
    rows = [a.record() for a in corpus.Generator.from_folders(seed=12).articles(12, prefix="batch")]
    rows[3]["id"], rows[7]["id"] = files[5].doc_id, files[40].doc_id
    with (folder / "batch.jsonl").open("w", encoding="utf-8") as f:
        for k, row in enumerate(rows):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            if k == 5:
                f.write('{"id": "broken", "text": \n')
    return folder


def test_generator_is_deterministic_and_varied() -> None:
    corpus = _corpus_module()
    a = [x.text for x in corpus.Generator.from_folders(seed=3).articles(40)]
    b = [x.text for x in corpus.Generator.from_folders(seed=3).articles(40)]
    c = [x.text for x in corpus.Generator.from_folders(seed=4).articles(40)]
    assert a == b
    assert a != c
    assert len(set(a)) == len(a)
    assert all(len(t.split()) > 100 for t in a)


def test_run_same_tables_with_one_or_two_workers(generated: Path, tmp_path: Path) -> None:
    one = venextract.run([generated], tmp_path / "one", formats=("parquet",), workers=1)
    two = venextract.run([generated], tmp_path / "two", formats=("parquet",), workers=2)
    assert one.documents == two.documents == 60
    assert one.mentions == two.mentions
    assert one.errors == two.errors >= 3  # two renamed doc_ids and the broken row
    a, b = read_tables(tmp_path / "one"), read_tables(tmp_path / "two")
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    assert a["documents"]["doc_id"].is_unique
    assert len(a["mentions"]) > 60 * 3


def test_extract_same_frames_with_one_or_two_workers(generated: Path) -> None:
    one = venextract.extract([generated], workers=1)
    two = venextract.extract([generated], workers=2)
    for name, frame in one.tables().items():
        pd.testing.assert_frame_equal(frame, two.tables()[name], obj=name)
