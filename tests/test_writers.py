"""The run writer: every format round-trips, empty tables keep their columns, runs are atomic and resumable."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from venextract import writers
from venextract.errors import VenextractError
from venextract.schema import TABLE_NAMES, TABLES
from venextract.writers import FORMATS, RunWriter, arrow_schema, read_table, to_arrow_table, to_dataframe
from venextract.writers.rows import _PLAIN_TYPES, plain_rows, plain_rows_to_table

SRC = Path(writers.__file__).resolve().parents[2]

TRICKY = [
    'Hà Nội, "the capital"',
    "two\nlines",
    "windows\r\nline",
    "Bà Rịa–Vũng Tàu ₫ 📈",
    "=1+2",
    "  padded  ",
    "NA",
    "null",
    "007",
    "tab\there; semi;colon",
]


def doc_rows(i: int) -> dict[str, list[dict[str, Any]]]:
    """One document's rows: nulls, dates (objects and ISO strings), floats, booleans and tricky text."""
    text = TRICKY[i % len(TRICKY)]
    doc_id = f"doc-{i:05d}"
    return {
        "documents": [
            {
                "doc_id": doc_id,
                "source": f"corpus/{doc_id}.txt",
                "title": text,
                "published": date(2023, 1 + i % 12, 1 + i % 28) if i % 3 else None,
                "section": None,
                "n_chars": 1000 + i,
                "n_pages": None if i % 2 else 3,
                "province": "Đà Nẵng",
            }
        ],
        "mentions": [
            {
                "doc_id": doc_id,
                "mention_id": f"{doc_id}-m{j}",
                "label": "MONEY" if j else "PERIOD",
                "text": text,
                "start_char": 10 * j,
                "end_char": 10 * j + 5,
                "sentence": j,
                "value_min": 1.25e12 * (j + 1) if j else None,
                "value_max": -0.5 + j,
                "unit": "VND" if j else None,
                "period_start": "2023-01-01",
                "period_end": date(2023, 12, 31) if j else None,
                "is_target": [True, False, None][j % 3],
            }
            for j in range(3)
        ],
        "facts": [
            {
                "doc_id": doc_id,
                "mention_id": f"{doc_id}-m1",
                "kind": "investment",
                "value_min": 0.1 + 0.2,
                "value_max": 1 / 3,
                "is_target": i % 2 == 0,
                "sentence_text": f"{text}, and more.",
                "period_start": date(2021, 1, 1),
            }
        ],
        "errors": []
        if i % 4
        else [{"source": f"bad-{i}.pdf", "stage": "read", "error": "pdf_broken", "message": text}],
    }


def expected(docs: list[dict[str, list[dict[str, Any]]]]) -> dict[str, pd.DataFrame]:
    return {
        name: to_dataframe(to_arrow_table([row for d in docs for row in d.get(name, [])], name), name)
        for name in TABLE_NAMES
    }


def write(out: Path, docs: list[dict[str, list[dict[str, Any]]]], formats: Any = ("csv",), **kw: Any) -> dict:
    with RunWriter(out, formats, **kw) as w:
        for i, rows in enumerate(docs):
            w.add(rows, f"hash-{i}")
    return w.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips(tmp_path: Path, fmt: str) -> None:
    docs = [doc_rows(i) for i in range(12)]
    write(tmp_path, docs, (fmt,), batch_docs=5)
    want = expected(docs)
    for name in TABLE_NAMES:
        got = read_table(tmp_path, name, fmt)
        # xlsx stores 16 significant digits of a float, one short of an exact round trip
        pd.testing.assert_frame_equal(got, want[name], check_exact=fmt != "xlsx", rtol=1e-15)


def test_plain_and_loose_rows_keep_their_order(tmp_path: Path) -> None:
    """Rows of plain types are typed in bulk, loose ones (ISO date strings, "12") at once; order holds."""
    docs = [doc_rows(i) for i in range(9)]
    for i, d in enumerate(docs):
        for m in d["mentions"]:
            if i % 3:
                m["period_start"] = date(2023, 1, 1)
            if i == 4:
                m["sentence"] = str(m["sentence"])
    assert plain_rows(docs[1]["mentions"], "mentions")
    assert not plain_rows(docs[0]["mentions"], "mentions") and not plain_rows(docs[4]["mentions"], "mentions")
    assert not plain_rows([{"start_char": True}], "mentions") and not plain_rows([{"start_char": 2**63}], "mentions")
    assert not plain_rows([{"published": datetime(2023, 1, 1, 12)}], "documents")
    assert not plain_rows([{"nonsense": 1}], "mentions")
    write(tmp_path, docs, ("parquet",), batch_docs=4)
    want = expected(docs)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(read_table(tmp_path, name), want[name], check_exact=True)


def test_read_table_prefers_parquet_and_gives_schema_dtypes(tmp_path: Path) -> None:
    write(tmp_path, [doc_rows(1)], ("csv", "parquet"))
    df = read_table(tmp_path, "mentions")
    assert list(df.columns) == list(TABLES["mentions"])
    assert str(df["text"].dtype) == "string"
    assert str(df["start_char"].dtype) == "Int64"
    assert str(df["value_min"].dtype) == "Float64"
    assert str(df["is_target"].dtype) == "boolean"
    assert df["period_start"].tolist() == [date(2023, 1, 1)] * 3
    assert df["period_end"].tolist()[0] is None
    assert writers.read_tables(tmp_path, "csv")["documents"]["title"].tolist() == [TRICKY[1]]


def test_csv_layout(tmp_path: Path) -> None:
    write(tmp_path, [doc_rows(0), doc_rows(1)])
    raw = (tmp_path / "mentions.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte order mark: the first column name stays "doc_id"
    with open(tmp_path / "mentions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(TABLES["mentions"])
    assert [r["is_target"] for r in rows[:3]] == ["true", "false", ""]
    assert rows[1]["period_start"] == "2023-01-01" and rows[0]["period_end"] == ""
    assert rows[1]["value_min"] == "2500000000000.0" and rows[0]["value_min"] == ""
    assert rows[3]["text"] == "two\nlines"


def test_jsonl_lines_are_whole_json_objects(tmp_path: Path) -> None:
    odd = "line\u2028separator\x85next\u2029para"
    docs = [{"documents": [{"doc_id": "a", "title": odd, "published": "2024-02-29"}]}]
    write(tmp_path, docs, ("jsonl",))
    text = (tmp_path / "documents.jsonl").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1  # no character any reader takes for a line break
    row = json.loads(text)
    assert row["title"] == odd and row["published"] == "2024-02-29" and row["n_pages"] is None


def test_csv_and_xlsx_read_an_empty_string_as_null(tmp_path: Path) -> None:
    write(tmp_path, [{"documents": [{"doc_id": "a", "title": ""}]}], ("csv", "xlsx", "parquet"))
    assert read_table(tmp_path, "documents", "parquet")["title"].tolist() == [""]
    for fmt in ("csv", "xlsx"):
        assert read_table(tmp_path, "documents", fmt)["title"].isna().all()


# hypothesis: any text, number, date or flag survives the text formats
texts = st.one_of(st.none(), st.text(min_size=1, max_size=30))
floats = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False))
mention = st.fixed_dictionaries(
    {
        "doc_id": st.text(min_size=1, max_size=10),
        "text": texts,
        "unit": texts,
        "start_char": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
        "value_min": floats,
        "period_end": st.one_of(st.none(), st.dates()),
        "is_target": st.one_of(st.none(), st.booleans()),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(mention, max_size=8))
def test_text_formats_round_trip_anything(rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), [{"mentions": rows}], ("csv", "jsonl", "parquet"))
        want = expected([{"mentions": rows}])["mentions"]
        for fmt in ("csv", "jsonl", "parquet"):
            pd.testing.assert_frame_equal(read_table(tmp, "mentions", fmt), want, check_exact=True)


any_float = st.one_of(st.none(), st.floats(), st.integers(-(2**53), 2**53))
plain_mention = st.fixed_dictionaries(
    {"doc_id": st.text(max_size=6)},
    optional={
        "text": st.one_of(st.none(), st.text(max_size=6), st.just("x\udc80")),
        "start_char": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
        "value_min": any_float,
        "value_max": any_float,
        "period_end": st.one_of(st.none(), st.dates()),
        "is_target": st.one_of(st.none(), st.booleans()),
    },
)


def plain_by_value(rows: list[dict[str, Any]], name: str) -> bool:
    """What plain_rows decides, value by value: known columns, their own Python types, ints within int64."""
    types = {f.name: _PLAIN_TYPES[str(f.type)] for f in arrow_schema(name)}
    return all(
        k in types and (v is None or type(v) in types[k]) and (type(v) is not int or -(2**63) <= v < 2**63)
        for row in rows for k, v in row.items()
    )


loose_value = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from([2**63, -(2**63) - 1]), st.floats(),
                        st.text(max_size=3),
                        st.dates(), st.datetimes())
_PLAIN_VALUES = {"string": st.text(max_size=3), "int64": st.integers(-(2**63), 2**63 - 1), "double": any_float,
                 "bool": st.booleans(), "date32[day]": st.dates()}


@st.composite
def full_mention(draw: st.DrawFn) -> dict[str, Any]:
    """Every column in order with a plain value or None, and perhaps one loose value."""
    row = {f.name: draw(st.one_of(st.none(), _PLAIN_VALUES[str(f.type)])) for f in arrow_schema("mentions")}
    if draw(st.booleans()):
        row[draw(st.sampled_from(list(row)))] = draw(loose_value)
    return row


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.one_of(full_mention(), plain_mention, st.dictionaries(st.sampled_from(["doc_id", "page", "x"]),
                                                                              loose_value, max_size=2)), max_size=5))
@example(rows=[{"page": 2**63}])
@example(rows=[{c: None for c in TABLES["mentions"]} | {"start_char": -(2**63) - 1}])
@example(rows=[{c: None for c in TABLES["mentions"]} | {"value_min": 2**63}])
def test_plain_rows_decides_as_value_by_value(rows: list[dict[str, Any]]) -> None:
    assert plain_rows(rows, "mentions") == plain_by_value(rows, "mentions")


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(plain_mention, max_size=6))
def test_plain_rows_are_typed_in_bulk_as_one_at_a_time(rows: list[dict[str, Any]]) -> None:
    assert plain_rows(rows, "mentions")
    assert plain_rows_to_table(rows, "mentions").equals(to_arrow_table(rows, "mentions"))


# ---------------------------------------------------------------- empty tables


def test_empty_tables_have_all_columns_in_every_format(tmp_path: Path) -> None:
    paths = RunWriter(tmp_path, "all").close()
    assert sorted(p.name for p in paths.values()) == sorted(n for f in FORMATS for n in writers.output_files(f))
    for fmt in FORMATS:
        for name in TABLE_NAMES:
            df = read_table(tmp_path, name, fmt)
            pd.testing.assert_frame_equal(df, to_dataframe(to_arrow_table([], name), name))
    for name in TABLE_NAMES:
        header = (tmp_path / f"{name}.csv").read_bytes()
        assert header == (",".join(TABLES[name]) + "\r\n").encode()
        assert (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8") == ""
        assert pq.read_schema(tmp_path / f"{name}.parquet").equals(arrow_schema(name))

    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "venextract.xlsx", read_only=True)
    assert wb.sheetnames == list(TABLE_NAMES)
    assert [c.value for c in next(wb["facts"].iter_rows(max_row=1))] == list(TABLES["facts"])
    wb.close()

    import duckdb

    con = duckdb.connect(str(tmp_path / "venextract.duckdb"), read_only=True)
    kinds = {"string": "VARCHAR", "date32": "DATE", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}
    for name in TABLE_NAMES:
        cols = [(r[0], r[1]) for r in con.sql(f"DESCRIBE {name}").fetchall()]
        assert cols == [(c, kinds[t]) for c, t in TABLES[name].items()]
    con.close()


# ---------------------------------------------------------------- rows and types


def test_to_arrow_table_coerces_and_rejects() -> None:
    import numpy as np

    t = to_arrow_table(
        [
            {
                "doc_id": 7,
                "start_char": "12",
                "value_min": float("nan"),
                "value_max": float("inf"),
                "is_target": "true",
                "period_start": "2023-05-06T00:00:00",
                "page": np.int64(2),
            },
            {
                "doc_id": pd.NA,
                "start_char": 3.0,
                "value_min": np.float64(2.5),
                "is_target": np.bool_(False),
                "period_start": pd.Timestamp("2020-02-03 10:00"),
                "sentence": None,
            },
        ],
        "mentions",
    )
    assert t.schema.equals(arrow_schema("mentions"))
    got = t.to_pylist()
    assert [r["doc_id"] for r in got] == ["7", None]
    assert [r["start_char"] for r in got] == [12, 3]
    assert [r["value_min"] for r in got] == [None, 2.5] and got[0]["value_max"] is None
    assert [r["is_target"] for r in got] == [True, False]
    assert [r["period_start"] for r in got] == [date(2023, 5, 6), date(2020, 2, 3)]
    with pytest.raises(ValueError, match="unknown columns"):
        to_arrow_table([{"doc_id": "a", "colour": "red"}], "documents")
    with pytest.raises(ValueError, match="mentions.start_char"):
        to_arrow_table([{"start_char": 1.5}], "mentions")
    with pytest.raises(ValueError, match="mentions.is_target"):
        to_arrow_table([{"is_target": "maybe"}], "mentions")
    with pytest.raises(ValueError, match="unknown table"):
        to_arrow_table([], "tables")


def test_a_bad_row_keeps_nothing_of_its_document(tmp_path: Path) -> None:
    w = RunWriter(tmp_path)
    w.add(doc_rows(0), "h0")
    bad = doc_rows(1)
    bad["mentions"][2]["end_char"] = "far"
    with pytest.raises(ValueError, match="end_char"):
        w.add(bad, "h1")
    with pytest.raises(ValueError, match="unknown tables"):
        w.add({"people": [{}]}, "h2")
    assert w.n_docs == 1 and w.done_hashes() == {"h0"}
    w.close()
    assert len(read_table(tmp_path, "mentions")) == 3


def test_parts_are_typed_parquet(tmp_path: Path) -> None:
    w = RunWriter(tmp_path, batch_docs=2)
    for i in range(5):
        w.add(doc_rows(i), f"h{i}")
    parts = sorted((tmp_path / ".venextract" / "parts").iterdir())
    assert [p.name for p in parts] == ["part-000001", "part-000002"]  # the fifth document is still buffered
    assert pq.read_schema(parts[0] / "mentions.parquet").equals(arrow_schema("mentions"))
    assert json.loads((parts[1] / "part.json").read_text()) == {"docs": 2, "hashes": ["h2", "h3"]}
    w.abort()
    assert len(list((tmp_path / ".venextract" / "parts").iterdir())) == 3


# ---------------------------------------------------------------- interruption and resume


def test_abort_leaves_tables_whole_and_resume_continues(tmp_path: Path) -> None:
    first = [doc_rows(i) for i in range(10)]
    write(tmp_path, first, ("csv", "parquet", "xlsx"))
    before = snapshot(tmp_path)

    docs = [doc_rows(i) for i in range(100, 130)]
    w = RunWriter(tmp_path, ("csv", "parquet", "xlsx"), batch_docs=7)
    for i, rows in enumerate(docs[:20]):
        w.add(rows, f"new-{i}")
    w.abort()
    assert snapshot(tmp_path) == before  # byte-identical: the interrupted run wrote no table
    assert (tmp_path / ".venextract").is_dir()

    w = RunWriter(tmp_path, ("csv", "parquet", "xlsx"), resume=True, batch_docs=7)
    done = w.done_hashes()
    assert done == {f"new-{i}" for i in range(20)} and w.n_docs == 20
    for i, rows in enumerate(docs):
        if f"new-{i}" not in done:
            w.add(rows, f"new-{i}")
    w.close()
    want = expected(docs)
    for fmt in ("csv", "parquet", "xlsx"):
        got = read_table(tmp_path, "mentions", fmt)
        pd.testing.assert_frame_equal(got, want["mentions"], check_exact=fmt != "xlsx", rtol=1e-15)
    assert not (tmp_path / ".venextract").exists()


def test_exception_in_context_manager_aborts(tmp_path: Path) -> None:
    write(tmp_path, [doc_rows(0)], ("csv", "jsonl"))
    before = snapshot(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with RunWriter(tmp_path, ("csv", "jsonl"), batch_docs=50) as w:
            for i in range(30):
                w.add(doc_rows(i), f"h{i}")
            raise KeyboardInterrupt
    assert snapshot(tmp_path) == before
    with RunWriter(tmp_path, ("csv", "jsonl"), resume=True) as w:
        assert w.done_hashes() == {f"h{i}" for i in range(30)}  # the buffer was staged on the way out
    assert len(read_table(tmp_path, "documents", "jsonl")) == 30


def test_an_interrupted_close_leaves_tables_whole_and_can_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, [doc_rows(0)], ("csv", "xlsx"))
    before = snapshot(tmp_path)

    def interrupted(*args: Any) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(writers.run, "_write_xlsx", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(tmp_path, [doc_rows(i) for i in range(4)], ("csv", "xlsx"))
    monkeypatch.undo()
    assert snapshot(tmp_path) == before
    w = RunWriter(tmp_path, ("csv", "xlsx"), resume=True)
    assert w.done_hashes() == {f"hash-{i}" for i in range(4)}
    w.close()
    assert len(read_table(tmp_path, "documents", "xlsx")) == 4


def test_resume_false_starts_afresh(tmp_path: Path) -> None:
    w = RunWriter(tmp_path)
    w.add(doc_rows(0), "h0")
    w.abort()
    w = RunWriter(tmp_path)
    assert w.done_hashes() == set()
    w.add(doc_rows(1), "h1")
    w.close()
    assert read_table(tmp_path, "documents")["doc_id"].tolist() == ["doc-00001"]


def test_a_killed_process_can_be_resumed(tmp_path: Path) -> None:
    script = f"""
import os, sys
sys.path.insert(0, {str(SRC)!r})
from venextract.writers import RunWriter
w = RunWriter({str(tmp_path)!r}, batch_docs=100)
for i in range(250):
    w.add({{"documents": [{{"doc_id": f"d{{i}}"}}]}}, f"h{{i}}")
os._exit(9)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    w = RunWriter(tmp_path, resume=True)
    assert w.done_hashes() == {f"h{i}" for i in range(200)}  # the last 50 were only buffered
    for i in range(200, 250):
        w.add({"documents": [{"doc_id": f"d{i}"}]}, f"h{i}")
    w.close()
    assert read_table(tmp_path, "documents")["doc_id"].tolist() == [f"d{i}" for i in range(250)]


def test_a_part_being_written_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = RunWriter(tmp_path, batch_docs=2)
    w.add(doc_rows(0), "h0")
    w.add(doc_rows(1), "h1")

    def broken(*args: Any, **kw: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.parts, "_write_json", broken)
    w.add(doc_rows(2), "h2")
    with pytest.raises(VenextractError, match="No space left"):
        w.add(doc_rows(3), "h3")
    w.abort()
    monkeypatch.undo()
    assert (tmp_path / ".venextract" / "parts" / "part-000002.tmp").is_dir()
    w = RunWriter(tmp_path, resume=True)
    assert w.done_hashes() == {"h0", "h1"}
    assert not (tmp_path / ".venextract" / "parts" / "part-000002.tmp").exists()
    w.close()


def test_a_commit_cut_short_is_finished_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, [doc_rows(0)], ("csv", "parquet"))
    real = os.replace
    moved: list[str] = []

    def flaky(src: Any, dst: Any) -> None:
        if Path(dst).parent == tmp_path:
            if len(moved) == 3:
                raise PermissionError(13, "Permission denied")
            moved.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    docs = [doc_rows(i) for i in range(5)]
    with pytest.raises(VenextractError, match="run venextract again"):
        write(tmp_path, docs, ("csv", "parquet"))
    monkeypatch.undo()
    # each table is whole, old or new; the next run finishes the move before it starts
    assert len(read_table(tmp_path, "documents", "csv")) == 5
    assert len(read_table(tmp_path, "documents", "parquet")) == 1
    RunWriter(tmp_path, ("csv", "parquet"), resume=True).abort()
    for fmt in ("csv", "parquet"):
        pd.testing.assert_frame_equal(read_table(tmp_path, "facts", fmt), expected(docs)["facts"])
    manifest = json.loads((tmp_path / "venextract-run.json").read_text())
    assert manifest["counts"]["documents"] == 5


# ---------------------------------------------------------------- the output folder


def test_rerun_replaces_tables_and_spares_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    (tmp_path / "facts.parquet").write_bytes(b"not ours")  # made by someone else, not listed as venextract's
    write(tmp_path, [doc_rows(i) for i in range(3)], ("csv", "jsonl"))
    manifest = json.loads((tmp_path / "venextract-run.json").read_text())
    assert manifest["formats"] == ["csv", "jsonl"]
    assert manifest["counts"] == {"documents": 3, "mentions": 9, "facts": 3, "errors": 1}
    assert set(manifest["files"]) == {f"{n}.{f}" for n in TABLE_NAMES for f in ("csv", "jsonl")}
    assert manifest["venextract"] and manifest["created"]

    old_inode = (tmp_path / "documents.csv").stat().st_ino
    write(tmp_path, [doc_rows(i) for i in range(5, 7)], ("csv", "duckdb"))
    assert (tmp_path / "documents.csv").stat().st_ino != old_inode  # replaced, not rewritten in place
    assert read_table(tmp_path, "documents", "csv")["doc_id"].tolist() == ["doc-00005", "doc-00006"]
    assert not list(tmp_path.glob("*.jsonl"))  # the earlier run's files this run did not rewrite are gone
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (tmp_path / "facts.parquet").read_bytes() == b"not ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.txt", "facts.parquet", "venextract-run.json", "venextract.duckdb"] + [f"{n}.csv" for n in TABLE_NAMES]
    )


def test_unwritable_folder_gives_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(VenextractError, match="cannot write to the output folder .*file.txt/out"):
        RunWriter(blocker / "out")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not bind root")
def test_read_only_folder_gives_a_clean_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(VenextractError, match="Permission denied"):
            RunWriter(tmp_path / "out")
    finally:
        tmp_path.chmod(0o700)


def test_two_runs_cannot_share_a_folder(tmp_path: Path) -> None:
    pytest.importorskip("fcntl")
    w = RunWriter(tmp_path)
    with pytest.raises(VenextractError, match="in use by another venextract run"):
        RunWriter(tmp_path, resume=True)
    w.abort()
    RunWriter(tmp_path, resume=True).close()


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VenextractError, match="unknown output format 'xls'"):
        RunWriter(tmp_path, ("csv", "xls"))
    assert RunWriter(tmp_path, "parquet,csv,parquet").formats == ("parquet", "csv")


def test_close_twice_and_add_after_close(tmp_path: Path) -> None:
    w = RunWriter(tmp_path)
    first = w.close()
    assert w.close() == first
    with pytest.raises(RuntimeError):
        w.add(doc_rows(0))


def test_missing_table_is_reported(tmp_path: Path) -> None:
    with pytest.raises(VenextractError, match="no mentions table"):
        read_table(tmp_path, "mentions")


# ---------------------------------------------------------------- many documents


def test_many_documents_stream_through_parts(tmp_path: Path) -> None:
    n = 5000
    w = RunWriter(tmp_path, ("csv", "parquet", "duckdb"), batch_docs=100)
    parts = tmp_path / ".venextract" / "parts"
    for i in range(n):
        w.add(
            {
                "documents": [{"doc_id": f"d{i}", "n_chars": i}],
                "mentions": [{"doc_id": f"d{i}", "mention_id": f"d{i}-{j}", "value_min": j} for j in range(i % 3)],
                "errors": [{"source": f"s{i}", "error": "x"}] if i % 1000 == 0 else [],
            },
            f"h{i}",
        )
        assert w._buffer_docs < 100  # never more than one batch in memory
        if i == 2549:
            assert len(list(parts.iterdir())) == 25
    assert w.done_hashes() == {f"h{i}" for i in range(n)}
    w.close()
    assert w.counts == {"documents": n, "mentions": n - 1, "facts": 0, "errors": 5}
    for fmt in ("csv", "parquet", "duckdb"):
        docs = read_table(tmp_path, "documents", fmt)
        assert len(docs) == n and docs["n_chars"].sum() == n * (n - 1) // 2
        assert docs["doc_id"].iloc[-1] == f"d{n - 1}"  # document order is kept
        assert len(read_table(tmp_path, "mentions", fmt)) == n - 1


def test_errors_repeated_by_a_resumed_run_are_written_once(tmp_path: Path) -> None:
    err = {"errors": [{"source": "a.pdf", "stage": "read", "error": "pdf_broken", "message": "broken"}]}
    w = RunWriter(tmp_path)
    w.add(err)
    w.abort()
    w = RunWriter(tmp_path, resume=True)
    w.add(err)
    w.add({"errors": [{"source": "b.pdf", "stage": "read", "error": "pdf_broken", "message": "broken"}]})
    w.close()
    assert read_table(tmp_path, "errors")["source"].tolist() == ["a.pdf", "b.pdf"]


# ---------------------------------------------------------------- Excel limits


def test_xlsx_continues_on_a_new_sheet_past_the_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writers.formats, "XLSX_MAX_ROWS", 4)  # header + 3 rows per sheet
    docs = [doc_rows(i) for i in range(3)]  # 9 mentions
    w = RunWriter(tmp_path, ("xlsx",))
    for rows in docs:
        w.add(rows)
    w.close()
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "venextract.xlsx", read_only=True)
    assert wb.sheetnames == ["documents", "mentions", "mentions_2", "mentions_3", "facts", "errors"]
    wb.close()
    assert any("mentions_2, mentions_3" in note for note in w.notices)
    assert json.loads((tmp_path / "venextract-run.json").read_text())["notes"] == w.notices
    pd.testing.assert_frame_equal(read_table(tmp_path, "mentions", "xlsx"), expected(docs)["mentions"], rtol=1e-15)


def test_xlsx_keeps_formula_like_text_and_drops_what_excel_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writers.formats, "XLSX_MAX_CHARS", 10)
    docs = [{"documents": [{"doc_id": "=SUM(A1)", "title": "bell\x07here", "url": "x" * 11}]}]
    w = RunWriter(tmp_path, ("xlsx", "parquet"))
    w.add(docs[0])
    w.close()
    row = read_table(tmp_path, "documents", "xlsx").iloc[0]
    assert (row["doc_id"], row["title"], row["url"]) == ("=SUM(A1)", "bellhere", "x" * 10)
    assert read_table(tmp_path, "documents", "parquet")["url"].iloc[0] == "x" * 11
    with zipfile.ZipFile(tmp_path / "venextract.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"=SUM(A1)</t>" in sheet  # stored as text, never run as a formula
    assert len(w.notices) == 2


def test_floats_are_finite_or_null(tmp_path: Path) -> None:
    write(tmp_path, [{"facts": [{"value_min": math.inf, "value_max": -math.inf}]}], ("jsonl",))
    assert json.loads((tmp_path / "facts.jsonl").read_text())["value_min"] is None
