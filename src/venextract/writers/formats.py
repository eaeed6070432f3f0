"""Each output format: CSV and JSONL from a stream of record batches; xlsx and DuckDB from Parquet files."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import VenextractError, message
from ..schema import TABLE_NAMES
from .files import _fsync
from .rows import arrow_schema

FORMATS = ("csv", "parquet", "jsonl", "xlsx", "duckdb")
XLSX_NAME = "venextract.xlsx"
DUCKDB_NAME = "venextract.duckdb"
XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included
XLSX_MAX_CHARS = 32_767  # characters per cell
DUCKDB_MEMORY = "256MB"  # memory DuckDB may use while it loads the tables


def output_files(fmt: str) -> tuple[str, ...]:
    """The file names format ``fmt`` writes into the output folder."""
    if fmt == "xlsx":
        return (XLSX_NAME,)
    if fmt == "duckdb":
        return (DUCKDB_NAME,)
    return tuple(f"{name}.{fmt}" for name in TABLE_NAMES)


def _check_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen: list[str] = []
    for fmt in (f.strip().lower() for f in formats):
        for one in FORMATS if fmt == "all" else (fmt,):
            if one not in FORMATS:
                raise VenextractError(message("bad_format", format=one, choices=", ".join(FORMATS)))
            if one not in chosen:
                chosen.append(one)
    if not chosen:
        raise VenextractError(message("bad_format", format="", choices=", ".join(FORMATS)))
    return tuple(chosen)


def parquet_batches(path: Path, batch_size: int = 10_000) -> Iterator[pa.RecordBatch]:
    """The record batches of a Parquet file."""
    yield from pq.ParquetFile(path).iter_batches(batch_size=batch_size)


def _columns(batches: Iterable[pa.RecordBatch]) -> Iterator[list[list[Any]]]:
    """Each batch as Python column lists."""
    for batch in batches:
        yield [col.to_pylist() for col in batch.columns]


def _iter_columns(path: Path, batch_size: int = 10_000) -> Iterator[list[list[Any]]]:
    """The rows of a Parquet file, a batch at a time, as Python column lists."""
    return _columns(parquet_batches(path, batch_size))


def _write_csv(batches: Iterable[pa.RecordBatch], dst: Path, name: str) -> int:
    """Write table ``name`` to ``dst`` as CSV; return the number of rows."""
    schema = arrow_schema(name)
    bools = [i for i, f in enumerate(schema) if pa.types.is_boolean(f.type)]
    text = {True: "true", False: "false", None: None}
    rows = 0
    with open(dst, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")  # RFC 4180; a lone "\r" in a value gets quoted too
        out.writerow(schema.names)
        for cols in _columns(batches):
            for i in bools:
                cols[i] = [text[v] for v in cols[i]]
            out.writerows(zip(*cols, strict=True))  # None -> "", date -> ISO, float -> shortest repr
            rows += len(cols[0]) if cols else 0
        f.flush()
        os.fsync(f.fileno())
    return rows


_JSON_UNSAFE = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _write_jsonl(batches: Iterable[pa.RecordBatch], dst: Path, name: str) -> int:
    """Write table ``name`` to ``dst`` as JSON lines; return the number of rows."""
    schema = arrow_schema(name)
    dates = [i for i, f in enumerate(schema) if pa.types.is_date(f.type)]
    rows = 0
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        for cols in _columns(batches):
            rows += len(cols[0]) if cols else 0
            for i in dates:
                cols[i] = [None if v is None else v.isoformat() for v in cols[i]]
            for row in zip(*cols, strict=True):
                line = json.dumps(dict(zip(schema.names, row, strict=True)), ensure_ascii=False, allow_nan=False)
                if any(ch in line for ch in _JSON_UNSAFE):  # characters some tools take for line breaks
                    for ch, esc in _JSON_UNSAFE.items():
                        line = line.replace(ch, esc)
                f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    return rows


def _write_xlsx(ready: Path, dst: Path) -> list[str]:
    """One workbook, a sheet per table (continued on ``<table>_2``... past Excel's row limit)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

    def text_cell(ws: Any, v: Any) -> Any:
        if not (isinstance(v, str) and v.startswith("=")):
            return v
        cell = Cell(ws, row=1, column=1, value=v)  # placed by append()
        cell.data_type = "s"  # text, not a formula
        return cell

    def new_sheet(title: str) -> Any:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        ws.append(schema.names)
        return ws

    notices: list[str] = []
    wb = Workbook(write_only=True)
    per_sheet = XLSX_MAX_ROWS - 1
    for name in TABLE_NAMES:
        schema = arrow_schema(name)
        texts = [i for i, f in enumerate(schema) if pa.types.is_string(f.type)]
        sheets = [name]
        ws = new_sheet(name)
        in_sheet = rows = long = control = 0
        for cols in _iter_columns(ready / f"{name}.parquet"):
            formula_like = False
            for i in texts:
                col = cols[i]
                for j, v in enumerate(col):
                    if v is None:
                        continue
                    if ILLEGAL_CHARACTERS_RE.search(v):
                        v = col[j] = ILLEGAL_CHARACTERS_RE.sub("", v)
                        control += 1
                    if len(v) > XLSX_MAX_CHARS:
                        v = col[j] = v[:XLSX_MAX_CHARS]
                        long += 1
                    formula_like = formula_like or v.startswith("=")
            for row in zip(*cols, strict=True):
                if in_sheet == per_sheet:
                    sheets.append(f"{name}_{len(sheets) + 1}")
                    ws = new_sheet(sheets[-1])
                    in_sheet = 0
                ws.append([text_cell(ws, v) for v in row] if formula_like else row)
                in_sheet += 1
                rows += 1
        if len(sheets) > 1:
            notices.append(message("xlsx_split", table=name, rows=rows, limit=per_sheet, sheets=", ".join(sheets[1:])))
        if long:
            notices.append(message("xlsx_long", table=name, count=long, limit=XLSX_MAX_CHARS))
        if control:
            notices.append(message("xlsx_control", table=name, count=control))
    wb.save(dst)
    _fsync(dst)
    return notices


def _sql_text(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _write_duckdb(ready: Path, dst: Path) -> None:
    import duckdb

    con = duckdb.connect(str(dst))
    try:
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")  # spill to disk rather than grow with the run
        for name in TABLE_NAMES:
            src = _sql_text(str(ready / f"{name}.parquet"))
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet({src})')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _fsync(dst)
