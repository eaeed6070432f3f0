"""The command line through click's runner, and the library API it sits on."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import venextract
from venextract.cli import main
from venextract.schema import TABLES
from venextract.writers import read_table

from .conftest import ROOT

SEEDS_GOLD = ROOT.parent / "shared" / "eval" / "seeds-gold.jsonl"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in main.commands.items():
        assert command.help, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl", "xlsx", "duckdb"])
def test_extract_writes_all_four_tables(tmp_path: Path, corpus_dir: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["extract", str(corpus_dir), "-o", str(tmp_path), "-f", fmt, "-w", "1"])
    assert result.exit_code == 0, result.output
    assert "documents read: 5" in result.output
    for name, columns in TABLES.items():
        frame = read_table(tmp_path, name, fmt)
        assert list(frame.columns) == list(columns), (fmt, name)
    docs = read_table(tmp_path, "documents", fmt)
    assert len(docs) == 5
    assert (read_table(tmp_path, "mentions", fmt)["label"] == "MONEY").sum() > 5


def test_seed_titles_and_dates(tmp_path: Path, corpus_dir: Path) -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip("the shared gold file is not beside the repository")
    CliRunner().invoke(main, ["extract", str(corpus_dir), "-o", str(tmp_path), "-w", "1", "-q"])
    docs = read_table(tmp_path, "documents", "csv").set_index("doc_id")
    for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        row = docs.loc[gold["doc_id"]]
        assert (None if pd.isna(row["title"]) else row["title"]) == gold["title"]
        published = None if row["published"] is None or pd.isna(row["published"]) else str(row["published"])
        assert published == gold["published"]


def test_api_extract_returns_dataframes(corpus_dir: Path) -> None:
    result = venextract.extract([corpus_dir / "001_1534196e4db78adc.txt"])
    assert list(result.documents.columns) == list(TABLES["documents"])
    facts = result.facts
    row = facts[facts["mention_id"].isin(result.mentions.query("text == 'over VND23.29 billion'")["mention_id"])]
    assert row["value_min"].iloc[0] == 23_290_000_000
    assert row["unit"].iloc[0] == "VND" and row["qualifier"].iloc[0] == "over"
    assert str(row["period_start"].iloc[0]) == "2016-01-01" and str(row["period_end"].iloc[0]) == "2020-12-31"
    assert row["province"].iloc[0] == "Ha Tinh"


def test_api_on_texts_and_write(tmp_path: Path) -> None:
    result = venextract.extract_texts(
        ["In the 2021-2025 period, Bac Giang aims to support 135-140 rural industrial establishments."],
        ids=["note"],
    )
    count = result.facts.iloc[0]
    assert (count["value_min"], count["value_max"], count["unit"], bool(count["is_target"])) == (
        135, 140, "establishment", True)
    assert count["province"] == "Bac Giang"
    paths = result.write(tmp_path, formats=["parquet"])
    assert (tmp_path / "facts.parquet") in set(paths.values())


def test_load_gives_spans_with_values() -> None:
    doc = venextract.load()("Since 2016, Vinh Phuc has spent over VND24.5 billion.")
    money = [s for s in doc.spans["venextract"] if s.label_ == "MONEY"]
    assert [(s._.value_min, s._.unit, s._.qualifier) for s in money] == [(24.5e9, "VND", "over")]
