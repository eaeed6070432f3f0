"""Rows into Arrow: the schema of each table, typing loose values, and DataFrames with nullable dtypes."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from ..schema import TABLE_NAMES, TABLES

if TYPE_CHECKING:
    import pandas as pd


@cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of table ``name``, from :data:`venextract.schema.TABLES`."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; expected one of {', '.join(TABLE_NAMES)}")
    return pa.schema([(col, pa.type_for_alias(kind)) for col, kind in TABLES[name].items()])


def _is_null(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType")


def _to_str(v: Any) -> str | None:
    if _is_null(v):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    s = v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be stored as UTF-8
        s = s.encode("utf-8", "replace").decode("utf-8")
    return s


def _to_int(v: Any) -> int | None:
    if _is_null(v) or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, str):
        v = v.strip()
        try:
            return int(v)
        except ValueError:
            v = float(v)
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"{v!r} is not a whole number")
        return int(v)
    return int(v)


def _to_float(v: Any) -> float | None:
    if _is_null(v) or (isinstance(v, str) and not v.strip()):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def _to_bool(v: Any) -> bool | None:
    if _is_null(v) or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, str):
        low = v.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{v!r} is not true or false")
    if v in (0, 1):  # bool, int, numpy bool/int
        return bool(v)
    raise ValueError(f"{v!r} is not true or false")


def _to_date(v: Any) -> date | None:
    if _is_null(v) or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str) or type(v).__name__ == "datetime64":
        return date.fromisoformat(str(v).strip()[:10])
    raise ValueError(f"{v!r} is not a date")


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "string": _to_str,
    "int64": _to_int,
    "double": _to_float,
    "bool": _to_bool,
    "date32[day]": _to_date,
}


def _column(values: list[Any], type_: pa.DataType, where: str) -> pa.Array:
    """One typed column; the fast path is pyarrow's own conversion, the slow path coerces per value."""
    try:
        if pa.types.is_integer(type_) and any(isinstance(v, float) for v in values):
            raise TypeError  # pyarrow would silently truncate 1.5 to 1
        arr = pa.array(values, type=type_, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        convert = _CONVERT[str(type_)]
        try:
            arr = pa.array([convert(v) for v in values], type=type_, from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"{where}: {exc}") from None
    if pa.types.is_floating(type_) and len(arr) and pc.any(pc.is_inf(arr)).as_py():
        arr = pc.if_else(pc.is_inf(arr), pa.scalar(None, type_), arr)
    return arr


def _rows_to_table(rows: Sequence[dict[str, Any]], name: str, strict: bool) -> pa.Table:
    schema = arrow_schema(name)
    if strict:
        unknown = {key for row in rows for key in row} - set(schema.names)
        if unknown:
            raise ValueError(f"{name}: unknown columns {sorted(unknown)}; expected {schema.names}")
    arrays = [_column([row.get(f.name) for row in rows], f.type, f"{name}.{f.name}") for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


# the Python types pyarrow takes as they are, per column type (exact types: a bool is no int here)
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "int64": (int,),
    "double": (float, int),
    "bool": (bool,),
    "date32[day]": (date,),
}
_INT64 = (-(2**63), 2**63)


@cache
def _plain_types(name: str) -> tuple[list[str], dict[str, tuple[type, ...]], list[tuple[type, ...]]]:
    """Table ``name``'s columns, the plain types of each, and those types in column order."""
    types = {f.name: (*_PLAIN_TYPES[str(f.type)], type(None)) for f in arrow_schema(name)}
    return list(types), types, list(types.values())


def plain_rows(rows: Sequence[dict[str, Any]], name: str) -> bool:
    """Whether ``rows`` use only known columns and values of their columns' own Python types.

    Such rows can be typed later, many documents at once, without any risk of failing
    (:func:`to_arrow_table` of any concatenation of them succeeds); others must be typed at once.
    """
    columns, types, in_order = _plain_types(name)
    low, high = _INT64
    for row in rows:
        if list(row) == columns:  # the usual case: every column, in schema order
            pairs = zip(row.values(), in_order, strict=True)
        else:
            if not row.keys() <= types.keys():
                return False
            pairs = ((v, types[k]) for k, v in row.items())
        for v, allowed in pairs:
            kind = type(v)
            if kind not in allowed or (kind is int and not low <= v < high):
                return False
    return True


def plain_rows_to_table(rows: Sequence[dict[str, Any]], name: str) -> pa.Table:
    """Rows that :func:`plain_rows` accepts as an Arrow table: what :func:`to_arrow_table` gives, in one pass."""
    schema = arrow_schema(name)
    try:
        table = pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):  # a lone surrogate, say
        return _rows_to_table(rows, name, strict=False)
    for i, f in enumerate(schema):
        if pa.types.is_floating(f.type):
            col = table.column(i)
            finite = pc.is_finite(col)
            if not pc.all(finite).as_py():  # NaN and infinities become null, as in to_arrow_table
                table = table.set_column(i, f, pc.if_else(finite, col, pa.scalar(None, f.type)))
    return table


def to_arrow_table(rows: Sequence[dict[str, Any]], name: str) -> pa.Table:
    """Rows of table ``name`` as an Arrow table with the schema's columns and types.

    Missing keys are null; dates may be ``date``/``datetime`` or ISO strings; NaN, NA and
    infinite floats become null. Unknown columns raise ``ValueError``, as do values that
    cannot take the column's type.
    """
    return _rows_to_table(rows, name, strict=True)


def _conform(data: pa.Table | pa.RecordBatch, schema: pa.Schema) -> pa.Table | pa.RecordBatch:
    """``data`` with exactly ``schema``'s columns (missing ones null) and types."""
    if data.schema.equals(schema):
        return data
    arrays = []
    for f in schema:
        if f.name in data.schema.names:
            col = data.column(f.name)
            arrays.append(col if col.type == f.type else col.cast(f.type))
        else:
            arrays.append(pa.nulls(data.num_rows, f.type))
    if isinstance(data, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    return pa.Table.from_arrays(arrays, schema=schema)


def to_dataframe(table: pa.Table, name: str) -> pd.DataFrame:
    """An Arrow table of ``name`` as a DataFrame: pandas nullable dtypes, dates as ``datetime.date`` objects."""
    import pandas as pd

    schema = arrow_schema(name)
    table = _conform(table, schema)
    mapping = {
        pa.string(): pd.StringDtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    return table.to_pandas(types_mapper=mapping.get, date_as_object=True)
