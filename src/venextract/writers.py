"""Write the four tables: stage rows while a run streams, then assemble the final files atomically.

A run may cover 100,000 documents, so rows are never all held at once. :class:`RunWriter`
buffers at most ``batch_docs`` documents, then stages them as one *part*: a folder
``out_dir/.venextract/parts/part-NNNNNN/`` holding ``<table>.parquet`` (typed per
:mod:`venextract.schema`) and ``part.json`` (the documents' content hashes). A part is
written under a ``.tmp`` name and renamed, so it is whole or absent; ``--resume`` skips
the documents whose hashes are staged.

:meth:`RunWriter.close` streams the parts into one Parquet file per table, derives every
requested format from it, and only when all are complete moves them into ``out_dir``,
following a commit plan (``.venextract/commit.json``) that the next run finishes if this
one dies half-way. ``venextract-run.json`` lists the files venextract wrote, so a later
run replaces or removes only its own files. The staging folder goes once a run is
complete (a later ``--resume`` then has nothing to skip). Error rows repeated word for
word (a resumed run re-reports an input that failed) are written once.

Format notes: CSV is UTF-8 without a byte order mark, with CRLF line ends (RFC 4180).
CSV and xlsx cannot tell an empty string from null (both read back as null); xlsx keeps
16 significant digits of a float, cuts text at Excel's 32,767 characters and drops
control characters Excel cannot store (each said in :attr:`RunWriter.notices`). NaN and
infinite floats are stored as null everywhere.
DataFrames use pandas nullable dtypes (``string``, ``Int64``, ``Float64``, ``boolean``) and
keep dates as ``datetime.date`` objects (``None`` for null): a day, not an instant, and
any year (``pd.to_datetime`` turns a column into ``datetime64`` when needed).
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .errors import VenextractError, message
from .schema import TABLE_NAMES, TABLES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "RunWriter",
    "arrow_schema",
    "output_files",
    "read_table",
    "read_tables",
    "to_arrow_table",
    "to_dataframe",
]

FORMATS = ("csv", "parquet", "jsonl", "xlsx", "duckdb")
STAGING = ".venextract"
RUN_MANIFEST = "venextract-run.json"
XLSX_NAME = "venextract.xlsx"
DUCKDB_NAME = "venextract.duckdb"
XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included
XLSX_MAX_CHARS = 32_767  # characters per cell
FLUSH_ROWS = 200_000  # stage a part early when one batch of documents holds this many rows
ROW_GROUP = 100_000  # rows per Parquet row group in the assembled files
DUCKDB_MEMORY = "256MB"  # memory DuckDB may use while it loads the tables

_log = logging.getLogger(__name__)
_PART = re.compile(r"part-(\d+)")


# ---------------------------------------------------------------- schema and rows


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


# ---------------------------------------------------------------- files and formats


def output_files(fmt: str) -> tuple[str, ...]:
    """The file names format ``fmt`` writes into the output folder."""
    if fmt == "xlsx":
        return (XLSX_NAME,)
    if fmt == "duckdb":
        return (DUCKDB_NAME,)
    return tuple(f"{name}.{fmt}" for name in TABLE_NAMES)


_OWN_NAMES = frozenset(n for fmt in FORMATS for n in output_files(fmt)) | {RUN_MANIFEST}


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


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # not possible on every platform; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, data: Any) -> None:
    """Write JSON under a temporary name, then rename: whole or absent."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _rmtree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _iter_columns(path: Path, batch_size: int = 10_000) -> Iterator[list[list[Any]]]:
    """The rows of a Parquet file, a batch at a time, as Python column lists."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        yield [col.to_pylist() for col in batch.columns]


def _write_csv(src: Path, dst: Path, name: str) -> None:
    schema = arrow_schema(name)
    bools = [i for i, f in enumerate(schema) if pa.types.is_boolean(f.type)]
    text = {True: "true", False: "false", None: None}
    with open(dst, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")  # RFC 4180; a lone "\r" in a value gets quoted too
        out.writerow(schema.names)
        for cols in _iter_columns(src):
            for i in bools:
                cols[i] = [text[v] for v in cols[i]]
            out.writerows(zip(*cols, strict=True))  # None -> "", date -> ISO, float -> shortest repr
        f.flush()
        os.fsync(f.fileno())


_JSON_UNSAFE = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _write_jsonl(src: Path, dst: Path, name: str) -> None:
    schema = arrow_schema(name)
    dates = [i for i, f in enumerate(schema) if pa.types.is_date(f.type)]
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        for cols in _iter_columns(src):
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


def _finish_commit(out_dir: Path) -> None:
    """Carry out a commit plan left by a run that stopped while moving its tables into place."""
    staging = out_dir / STAGING
    plan_path = staging / "commit.json"
    if not plan_path.exists():
        return
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    ready = staging / "ready"
    for src, dst in plan.get("replace", []):
        if dst not in _OWN_NAMES or Path(src).name != src:
            continue
        target = out_dir / dst
        try:
            if (ready / src).exists():
                if dst == DUCKDB_NAME:  # a log left by the old database must not be replayed into the new one
                    (out_dir / f"{DUCKDB_NAME}.wal").unlink(missing_ok=True)
                os.replace(ready / src, target)
        except OSError as exc:
            raise VenextractError(message("replace_failed", path=target, reason=_reason(exc), folder=out_dir)) from exc
    for dst in plan.get("remove", []):
        if dst in _OWN_NAMES:
            try:
                (out_dir / dst).unlink(missing_ok=True)
            except OSError as exc:
                _log.warning("could not remove the old %s: %s", out_dir / dst, _reason(exc))
    _fsync_dir(out_dir)
    plan_path.unlink()


def _previous_files(out_dir: Path) -> set[str]:
    """The files an earlier run listed in its manifest (only names venextract writes)."""
    try:
        data = json.loads((out_dir / RUN_MANIFEST).read_text(encoding="utf-8"))
        return {n for n in data.get("files", []) if n in _OWN_NAMES}
    except (OSError, ValueError, AttributeError, TypeError):
        return set()


def _version() -> str:
    try:
        from . import __version__
    except ImportError:
        return "unknown"
    return str(__version__)


def _lock(path: Path, out_dir: Path) -> IO[str]:
    """Hold ``path`` locked so two runs cannot stage into one folder (POSIX; elsewhere a no-op)."""
    f = open(path, "a+", encoding="utf-8")
    try:
        import fcntl
    except ImportError:
        return f
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise VenextractError(message("busy", path=out_dir)) from None
    return f


class _RowGroups:
    """Collect record batches and write them to Parquet in row groups of about ROW_GROUP rows."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.writer = pq.ParquetWriter(path, schema)
        self.schema = schema
        self.pending: list[pa.RecordBatch] = []
        self.size = 0
        self.rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self.pending.append(batch)
            self.size += batch.num_rows
            if self.size >= ROW_GROUP:
                self._write()

    def _write(self) -> None:
        if self.pending:
            self.writer.write_table(pa.Table.from_batches(self.pending, schema=self.schema), row_group_size=ROW_GROUP)
            self.rows += self.size
            self.pending, self.size = [], 0

    def close(self) -> int:
        self._write()
        self.writer.close()
        return self.rows


def _unseen(batch: pa.RecordBatch, seen: set[tuple[Any, ...]]) -> pa.RecordBatch:
    """``batch`` without rows already in ``seen`` (a resumed run reports the same failed input again)."""
    keep = []
    for row in zip(*(col.to_pylist() for col in batch.columns), strict=True):
        keep.append(row not in seen)
        seen.add(row)
    return batch if all(keep) else batch.filter(pa.array(keep, pa.bool_()))


# ---------------------------------------------------------------- the writer


class RunWriter:
    """Receive rows while a run streams; write the final tables atomically on :meth:`close`.

    Use as a context manager: leaving it with an exception calls :meth:`abort` (staged
    parts stay for ``resume=True``), leaving it normally calls :meth:`close`.
    """

    def __init__(
        self,
        out_dir: str | Path,
        formats: str | Sequence[str] = ("csv",),
        *,
        resume: bool = False,
        batch_docs: int = 500,
    ) -> None:
        if batch_docs < 1:
            raise ValueError("batch_docs must be at least 1")
        self.out_dir = Path(out_dir)
        self.formats = _check_formats(formats)
        self.batch_docs = batch_docs
        self.notices: list[str] = []
        self.counts: dict[str, int] = {}
        self._staging = self.out_dir / STAGING
        self._parts = self._staging / "parts"
        self._buffer: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
        self._buffer_docs = 0
        self._buffer_rows = 0
        self._buffer_hashes: list[str] = []
        self._staged_hashes: set[str] = set()
        self._staged_docs = 0
        self._next_part = 1
        self._state = "open"
        self._result: dict[str, Path] = {}
        self._lock: IO[str] | None = None
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._staging.mkdir(exist_ok=True)
            self._lock = _lock(self._staging / "lock", self.out_dir)
            _finish_commit(self.out_dir)
            _rmtree(self._staging / "ready")
            if not resume:
                _rmtree(self._parts)
            self._parts.mkdir(exist_ok=True)
            self._load_parts()
        except OSError as exc:
            self._release()
            raise VenextractError(message("not_writable", path=self.out_dir, reason=_reason(exc))) from exc
        except BaseException:
            self._release()
            raise

    # -- staging

    def _part_dirs(self) -> list[Path]:
        found = []
        for path in self._parts.iterdir():
            m = _PART.fullmatch(path.name)
            if m and path.is_dir():
                found.append((int(m.group(1)), path))
        return [path for _, path in sorted(found)]

    def _load_parts(self) -> None:
        for path in list(self._parts.iterdir()):
            if not _PART.fullmatch(path.name):  # a part that was being written when a run stopped
                _rmtree(path)
        for path in self._part_dirs():
            try:
                info = json.loads((path / "part.json").read_text(encoding="utf-8"))
                hashes, docs = list(info["hashes"]), int(info["docs"])
            except (OSError, ValueError, KeyError, TypeError):
                _log.warning("dropping the unreadable staged part %s; its documents will be read again", path)
                _rmtree(path)
                continue
            self._staged_hashes.update(hashes)
            self._staged_docs += docs
            self._next_part = max(self._next_part, int(path.name.split("-")[1]) + 1)

    def _flush(self) -> None:
        """Stage the buffered documents as one part (written aside, then renamed into place)."""
        if not self._buffer_docs:
            return
        name = f"part-{self._next_part:06d}"
        tmp = self._parts / f"{name}.tmp"
        _rmtree(tmp)
        tmp.mkdir()
        for table, chunks in self._buffer.items():
            if chunks:
                path = tmp / f"{table}.parquet"
                pq.write_table(pa.concat_tables(chunks).combine_chunks(), path)
                _fsync(path)
        _write_json(tmp / "part.json", {"docs": self._buffer_docs, "hashes": self._buffer_hashes})
        os.replace(tmp, self._parts / name)
        _fsync_dir(self._parts)
        self._next_part += 1
        self._staged_hashes.update(self._buffer_hashes)
        self._staged_docs += self._buffer_docs
        self._buffer = {t: [] for t in TABLE_NAMES}
        self._buffer_docs = self._buffer_rows = 0
        self._buffer_hashes = []

    def _check_open(self) -> None:
        if self._state != "open":
            raise RuntimeError(f"the writer for {self.out_dir} is {self._state}")

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # -- public API

    @property
    def n_docs(self) -> int:
        """Documents added so far, counting those staged by an earlier run that this one resumes."""
        return self._staged_docs + self._buffer_docs

    def done_hashes(self) -> set[str]:
        """Content hashes of the documents already staged (or buffered), for ``--resume`` to skip."""
        return self._staged_hashes | set(self._buffer_hashes)

    def add(self, rows: dict[str, list[dict[str, Any]]], content_hash: str | None = None) -> None:
        """Add one document's rows (table name -> row dicts); stage a part every ``batch_docs`` documents.

        The rows are typed at once, so a bad value raises ``ValueError`` here and nothing
        of the document is kept.
        """
        self._check_open()
        unknown = set(rows) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}; expected {', '.join(TABLE_NAMES)}")
        tables = {name: to_arrow_table(list_, name) for name, list_ in rows.items() if list_}
        for name, table in tables.items():
            self._buffer[name].append(table)
            self._buffer_rows += table.num_rows
        self._buffer_docs += 1
        if content_hash:
            self._buffer_hashes.append(content_hash)
        if self._buffer_docs >= self.batch_docs or self._buffer_rows >= FLUSH_ROWS:
            try:
                self._flush()
            except OSError as exc:
                raise VenextractError(message("not_writable", path=self.out_dir, reason=_reason(exc))) from exc

    def abort(self) -> None:
        """Stage what is buffered (so ``resume=True`` can continue) and leave the final tables untouched."""
        if self._state != "open":
            return
        self._state = "aborted"
        try:
            self._flush()
        except OSError as exc:  # the buffered documents will be read again on resume
            _log.warning("could not stage the last %d documents: %s", self._buffer_docs, _reason(exc))
        finally:
            self._release()

    def close(self) -> dict[str, Path]:
        """Assemble every table in every format, move them into place together, return ``{file name: path}``."""
        if self._state == "closed":
            return dict(self._result)
        self._check_open()
        try:
            self._flush()
            self._result = self._assemble()
        except BaseException as exc:
            self._state = "aborted"
            self._release()
            if not (self._staging / "commit.json").exists():  # else the next run finishes the move from ready/
                _rmtree_quiet(self._staging / "ready")
            if isinstance(exc, OSError):
                raise VenextractError(message("not_writable", path=self.out_dir, reason=_reason(exc))) from exc
            raise
        self._state = "closed"
        self._release()
        _rmtree_quiet(self._staging)
        return dict(self._result)

    def _assemble(self) -> dict[str, Path]:
        ready = self._staging / "ready"
        _rmtree(ready)
        ready.mkdir()
        parts = self._part_dirs()
        for name in TABLE_NAMES:
            self.counts[name] = self._assemble_table(name, parts, ready / f"{name}.parquet")
        files: list[str] = []
        for fmt in self.formats:
            if fmt == "csv":
                for name in TABLE_NAMES:
                    _write_csv(ready / f"{name}.parquet", ready / f"{name}.csv", name)
            elif fmt == "jsonl":
                for name in TABLE_NAMES:
                    _write_jsonl(ready / f"{name}.parquet", ready / f"{name}.jsonl", name)
            elif fmt == "xlsx":
                self.notices.extend(_write_xlsx(ready, ready / XLSX_NAME))
            elif fmt == "duckdb":
                _write_duckdb(ready, ready / DUCKDB_NAME)
            files.extend(output_files(fmt))
        for note in self.notices:
            _log.warning("%s", note)
        manifest = {
            "venextract": _version(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "formats": list(self.formats),
            "files": files,
            "counts": self.counts,
            "notes": self.notices,
        }
        _write_json(ready / RUN_MANIFEST, manifest)
        stale = sorted(_previous_files(self.out_dir) - set(files) - {RUN_MANIFEST})
        plan = {"replace": [[n, n] for n in [*files, RUN_MANIFEST]], "remove": stale}
        _write_json(self._staging / "commit.json", plan)
        _finish_commit(self.out_dir)
        return {n: self.out_dir / n for n in files}

    def _assemble_table(self, name: str, parts: Iterable[Path], dst: Path) -> int:
        """Stream table ``name`` from every staged part into one Parquet file; return its row count."""
        schema = arrow_schema(name)
        seen: set[tuple[Any, ...]] | None = set() if name == "errors" else None
        out = _RowGroups(dst, schema)
        try:
            for part in parts:
                path = part / f"{name}.parquet"
                if not path.exists():
                    continue
                for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP):
                    batch = _conform(batch, schema)
                    out.add(batch if seen is None else _unseen(batch, seen))
        finally:
            rows = out.close()
        _fsync(dst)
        return rows

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
            return
        try:
            self.abort()
        except Exception:  # never hide the exception that stopped the run
            _log.exception("could not stage the buffered documents")


def _rmtree_quiet(path: Path) -> None:
    try:
        _rmtree(path)
    except OSError as exc:
        _log.warning("could not remove %s: %s", path, _reason(exc))


# ---------------------------------------------------------------- reading a run back


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
