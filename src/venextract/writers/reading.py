"""Reading a run back: a table from whichever format the output folder holds, as a typed DataFrame."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import VenextractError, message
from ..schema import TABLE_NAMES
from .formats import FORMATS, output_files
from .rows import _conform, _rows_to_table, arrow_schema, to_dataframe

if TYPE_CHECKING:
    import pandas as pd


_READ_ORDER = ("parquet", "csv", "jsonl", "duckdb", "xlsx")


def read_table(run_dir: str | Path, name: str, fmt: str | None = None) -> pd.DataFrame:
    """Table ``name`` of the run in ``run_dir`` as a typed DataFrame (see :func:`to_dataframe`).

    Reads the first format present in the order Parquet, CSV, JSONL, DuckDB, xlsx, or ``fmt``.
    """
    run = Path(run_dir)
    schema = arrow_schema(name)
    order = (fmt,) if fmt else _READ_ORDER
    for one in order:
        if one not in FORMATS:
            raise VenextractError(message("bad_format", format=one, choices=", ".join(FORMATS)))
        path = run / (output_files(one)[0] if one in ("xlsx", "duckdb") else f"{name}.{one}")
        if path.is_file():
            return to_dataframe(_conform(_READERS[one](path, name), schema), name)
    looked = ", ".join(f"{name}.{f}" if f not in ("xlsx", "duckdb") else output_files(f)[0] for f in order)
    raise VenextractError(message("no_table", path=run, name=name, names=looked))


def read_tables(run_dir: str | Path, fmt: str | None = None) -> dict[str, pd.DataFrame]:
    """All four tables of a run, by name."""
    return {name: read_table(run_dir, name, fmt) for name in TABLE_NAMES}


def _read_parquet(path: Path, name: str) -> pa.Table:
    return pq.read_table(path)


def _read_csv(path: Path, name: str) -> pa.Table:
    from pyarrow import csv as pacsv

    schema = arrow_schema(name)
    return pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=schema,
            include_columns=schema.names,
            include_missing_columns=True,
            strings_can_be_null=True,
            null_values=[""],
            true_values=["true", "True", "TRUE", "1"],
            false_values=["false", "False", "FALSE", "0"],
        ),
    )


def _chunked(rows: Iterable[dict[str, Any]], name: str, size: int = 50_000) -> pa.Table:
    chunks, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            chunks.append(_rows_to_table(batch, name, strict=False))
            batch = []
    chunks.append(_rows_to_table(batch, name, strict=False))
    return pa.concat_tables(chunks)


def _read_jsonl(path: Path, name: str) -> pa.Table:
    with open(path, encoding="utf-8") as f:
        return _chunked((json.loads(line) for line in f if line.strip()), name)


def _read_duckdb(path: Path, name: str) -> pa.Table:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        rel = con.sql(f'SELECT * FROM "{name}"')
        fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
        return fetch()
    finally:
        con.close()


def _read_xlsx(path: Path, name: str) -> pa.Table:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:

        def rows() -> Iterator[dict[str, Any]]:
            sheet, n = name, 1
            while sheet in wb.sheetnames:
                it = wb[sheet].iter_rows(values_only=True)
                header = [str(h) if h is not None else "" for h in next(it, ())]
                for values in it:
                    yield dict(zip(header, values, strict=False))
                n += 1
                sheet = f"{name}_{n}"

        return _chunked(rows(), name)
    finally:
        wb.close()


_READERS: dict[str, Callable[[Path, str], pa.Table]] = {
    "parquet": _read_parquet,
    "csv": _read_csv,
    "jsonl": _read_jsonl,
    "duckdb": _read_duckdb,
    "xlsx": _read_xlsx,
}
