"""Summaries of a run's facts: totals per province, period and target flag; listings; charts; the CLI."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

from venextract.cli import main
from venextract.summary import MissingDependency, money_chart, period_label, save_charts, summarize
from venextract.writers import RunWriter, read_table

B = 1e9
P1620 = ("2016-01-01", "2020-12-31")
P2125 = ("2021-01-01", "2025-12-31")
P21 = ("2021-01-01", "2021-12-31")
NONE = (None, None)


def fact(doc: str, i: int, kind: str, lo: float, unit: str | None, province: str | None = "Bac Giang",
         period: tuple[str | None, str | None] = NONE, target: bool = False, hi: float | None = None,
         qualifier: str = "exact") -> dict[str, Any]:
    return {"doc_id": doc, "mention_id": f"{doc}#{i}", "kind": kind, "value_min": lo,
            "value_max": lo if hi is None else hi, "unit": unit, "qualifier": qualifier, "province": province,
            "period_start": period[0], "period_end": period[1], "is_target": target,
            "sentence_text": f"sentence {doc}{i}"}


FACTS = [
    fact("a", 1, "money", 31.5 * B, "VND", period=P1620, qualifier="over"),
    fact("a", 2, "money", 0.6 * B, "VND", period=P1620),
    fact("a", 3, "money", 42 * B, "VND", period=P2125, target=True),
    fact("a", 4, "count", 118, "project", period=P1620),
    fact("a", 5, "count", 3, "project", period=P1620),
    fact("a", 6, "count", 135, "establishment", period=P2125, target=True, hi=140),
    fact("a", 7, "percent", 12.7, "percent", period=P21),
    fact("a", 8, "percent", 5, "percent", period=P21, hi=8),
    fact("a", 9, "money", 5 * B, "VND", period=P1620, target=True),
    fact("b", 1, "money", 1.5e6, "USD", province="Ha Noi", period=P21),
    fact("b", 2, "money", 2 * B, "VND", province="Ha Noi", period=P21),
    fact("b", 3, "money", 4e5, "VND/kg", province="Ha Noi"),
    fact("b", 4, "money", 3 * B, "VND", province=None),
    fact("b", 5, "money", 1 * B, "VND", period=P1620),
]


def write_run(out: Path, facts: list[dict[str, Any]], fmt: str = "csv") -> Path:
    writer = RunWriter(out, [fmt])
    writer.add({"facts": facts})
    writer.close()
    return out


@pytest.fixture()
def run_dir(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run", FACTS)


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in frame[columns].itertuples(index=False)]


@pytest.mark.parametrize(("start", "end", "label"), [
    ("2021-01-01", "2021-12-31", "2021"),
    ("2016-01-01", "2020-12-31", "2016-2020"),
    ("2023-01-01", "2023-06-30", "2023-01..2023-06"),
    ("2022-01-01", "2023-06-30", "2022-01..2023-06"),
    ("2014-08-01", "2014-08-01", "2014-08-01"),
    ("2016-01-01", "2020-09-18", "2016-01-01..2020-09-18"),
    (None, "2025-12-31", "until 2025"),
    (None, "2025-06-30", "until 2025-06-30"),
    ("2016-01-01", None, "since 2016"),
    ("2016-03-05", None, "since 2016-03-05"),
    (None, None, "(no period)"),
])
def test_period_label(start: str | None, end: str | None, label: str) -> None:
    assert period_label(start, end) == label


def test_money_is_summed_per_currency_with_targets_apart(run_dir: Path) -> None:
    money = summarize(run_dir)["money"]
    cols = ["province", "period", "is_target", "currency", "total_min", "facts", "documents"]
    assert rows(money, cols) == [
        ("Bac Giang", "2016-2020", False, "VND", 33.1 * B, 3, 2),
        ("Bac Giang", "2016-2020", True, "VND", 5 * B, 1, 1),
        ("Bac Giang", "2021-2025", True, "VND", 42 * B, 1, 1),
        ("Ha Noi", "2021", False, "USD", 1.5e6, 1, 1),
        ("Ha Noi", "2021", False, "VND", 2 * B, 1, 1),
        ("(no province)", "(no period)", False, "VND", 3 * B, 1, 1),
    ]
    assert money["year"].tolist()[:4] == [2020, 2020, 2025, 2021]
    assert money["year"].isna().tolist()[-1]


def test_counts_per_unit_keep_ranges(run_dir: Path) -> None:
    counts = summarize(run_dir)["counts"]
    assert rows(counts, ["province", "period", "is_target", "unit", "total_min", "total_max", "facts"]) == [
        ("Bac Giang", "2016-2020", False, "project", 121, 121, 2),
        ("Bac Giang", "2021-2025", True, "establishment", 135, 140, 1),
    ]


def test_percentages_and_rates_are_listed_not_summed(run_dir: Path) -> None:
    tables = summarize(run_dir)
    assert rows(tables["percents"], ["mention_id", "period", "value_min", "value_max", "sentence_text"]) == [
        ("a#7", "2021", 12.7, 12.7, "sentence a7"), ("a#8", "2021", 5, 8, "sentence a8")]
    assert rows(tables["rates"], ["mention_id", "province", "unit", "value_min"]) == [("b#3", "Ha Noi", "VND/kg", 4e5)]
    assert "VND/kg" not in set(tables["money"]["currency"])


def test_overview_pivots_province_period_and_kind(run_dir: Path) -> None:
    overview = summarize(run_dir)["overview"]
    cols = ["province", "period", "is_target", "facts", "money_VND", "money_USD", "counts", "percents", "rates"]
    got = [tuple(None if isinstance(v, float) and v != v else v for v in r) for r in rows(overview, cols)]
    assert got == [
        ("Bac Giang", "2016-2020", False, 5, 33.1 * B, None, "121 project", "", ""),
        ("Bac Giang", "2016-2020", True, 1, 5 * B, None, "", "", ""),
        ("Bac Giang", "2021", False, 2, None, None, "", "12.7%; 5-8%", ""),
        ("Bac Giang", "2021-2025", True, 2, 42 * B, None, "135-140 establishment", "", ""),
        ("Ha Noi", "2021", False, 2, 2 * B, 1.5e6, "", "", ""),
        ("Ha Noi", "(no period)", False, 1, None, None, "", "", "400,000 VND/kg"),
        ("(no province)", "(no period)", False, 1, 3 * B, None, "", "", ""),
    ]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "xlsx", "duckdb"])
def test_every_run_format_gives_the_same_summary(run_dir: Path, tmp_path: Path, fmt: str) -> None:
    expected = summarize(run_dir)
    got = summarize(write_run(tmp_path / fmt, FACTS, fmt))
    for name in expected:
        assert_frame_equal(got[name], expected[name])


def test_a_dataframe_or_extraction_can_be_summarised(run_dir: Path) -> None:
    facts = read_table(run_dir, "facts")

    class Result:  # what venextract.extract returns has a .facts DataFrame
        pass

    result = Result()
    result.facts = facts  # type: ignore[attr-defined]
    expected = summarize(run_dir)
    for source in (facts, result):
        got = summarize(source)
        for name in expected:
            assert_frame_equal(got[name], expected[name])


def test_an_empty_run(tmp_path: Path) -> None:
    tables = summarize(write_run(tmp_path / "run", []))
    assert set(tables) == {"overview", "money", "counts", "percents", "rates"}
    assert all(t.empty for t in tables.values())
    pytest.importorskip("matplotlib")
    paths = save_charts(tables, tmp_path / "charts")
    assert [p.name for p in paths] == ["money_by_province.png", "money_by_year.png"]


def test_charts_show_results_and_targets_per_currency(run_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    tables = summarize(run_dir)
    fig = money_chart(tables, by="year")
    usd, vnd = fig.axes[0], fig.axes[1]
    assert usd.get_title() == "Money by year (USD)" and vnd.get_ylabel() == "VND billion"
    assert [t.get_text() for t in vnd.get_xticklabels()] == ["2020", "2021", "2025"]
    results, targets = vnd.containers
    assert [round(b.get_height(), 6) for b in results] == [33.1, 2.0, 0.0]
    assert [round(b.get_height(), 6) for b in targets] == [5.0, 0.0, 42.0]
    by_province = money_chart(tables, by="province").axes[1]
    assert [t.get_text() for t in by_province.get_yticklabels()] == ["Ha Noi", "(no province)", "Bac Giang"]
    for path in save_charts(tables, tmp_path):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        money_chart(tables, by="district")


def test_charts_without_matplotlib_say_how_to_install(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingDependency, match=r"venextract\[charts\]"):
        money_chart(summarize(run_dir))


def test_cli(run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli = CliRunner()
    done = cli.invoke(main, ["summarize", str(run_dir), "--no-charts"])
    assert done.exit_code == 0, done.output
    out = run_dir / "summary"
    assert sorted(p.name for p in out.iterdir()) == ["counts.csv", "money.csv", "overview.csv", "percents.csv",
                                                      "rates.csv"]
    assert pd.read_csv(out / "money.csv")["total_min"].sum() == pytest.approx(85.1 * B + 1.5e6)

    pytest.importorskip("matplotlib")
    book = tmp_path / "book"
    done = cli.invoke(main, ["summarize", str(run_dir), "-o", str(book), "--format", "xlsx", "--charts"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in book.iterdir()) == ["money_by_province.png", "money_by_year.png", "summary.xlsx"]
    sheets = pd.read_excel(book / "summary.xlsx", sheet_name=None)
    assert list(sheets) == ["overview", "money", "counts", "percents", "rates"]
    assert sheets["counts"]["unit"].tolist() == ["project", "establishment"]

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    failed = cli.invoke(main, ["summarize", str(run_dir), "-o", str(tmp_path / "x"), "--charts"])
    assert failed.exit_code == 1 and "pip install" in failed.output
    quiet = cli.invoke(main, ["summarize", str(run_dir), "-o", str(tmp_path / "y")])
    assert quiet.exit_code == 0 and "no charts" in quiet.output
    assert not list((tmp_path / "y").glob("*.png"))


def test_a_folder_without_facts_is_reported(tmp_path: Path) -> None:
    failed = CliRunner().invoke(main, ["summarize", str(tmp_path)])
    assert failed.exit_code == 1
    assert "facts" in failed.output
