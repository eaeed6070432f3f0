"""The run writer: buffer rows, stage them as parts, assemble every format and commit it on close."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import VenextractError, message
from ..schema import TABLE_NAMES, TABLES
from .commit import RUN_MANIFEST, STAGING, _finish_commit, _previous_files
from .files import _fsync, _reason, _rmtree, _rmtree_quiet, _write_json
from .formats import (
    DUCKDB_NAME,
    XLSX_NAME,
    _check_formats,
    _write_csv,
    _write_duckdb,
    _write_jsonl,
    _write_xlsx,
    output_files,
    parquet_batches,
)
from .parts import part_name, part_number, parts_dir, read_part_info, staged_parts, write_part
from .rows import _conform, arrow_schema, plain_rows, plain_rows_to_table, to_arrow_table

FROM_PARQUET = ("parquet", "xlsx", "duckdb")  # formats built from the assembled Parquet files
FLUSH_ROWS = 200_000  # stage a part early when one batch of documents holds this many rows
ROW_GROUP = 100_000  # rows per Parquet row group in the assembled files

_log = logging.getLogger(__package__)  # "venextract.writers", shared by its modules


def _version() -> str:
    try:
        from .. import __version__
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
        self._parts = parts_dir(self.out_dir)
        self._buffer: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
        self._pending: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}  # checked, not typed
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
        return staged_parts(self._parts)

    def _load_parts(self) -> None:
        for path in list(self._parts.iterdir()):
            if part_number(path) is None:  # a part that was being written when a run stopped
                _rmtree(path)
        for path in self._part_dirs():
            try:
                docs, hashes = read_part_info(path)
            except ValueError:
                _log.warning("dropping the unreadable staged part %s; its documents will be read again", path)
                _rmtree(path)
                continue
            self._staged_hashes.update(hashes)
            self._staged_docs += docs
            self._next_part = max(self._next_part, (part_number(path) or 0) + 1)

    def _flush(self) -> None:
        """Stage the buffered documents as one part."""
        if not self._buffer_docs:
            return
        for table in TABLE_NAMES:
            self._settle(table)
        tables = {name: pa.concat_tables(chunks).combine_chunks() for name, chunks in self._buffer.items() if chunks}
        write_part(self._parts / part_name(self._next_part), tables, self._buffer_docs, self._buffer_hashes)
        self._next_part += 1
        self._staged_hashes.update(self._buffer_hashes)
        self._staged_docs += self._buffer_docs
        self._buffer = {t: [] for t in TABLE_NAMES}
        self._pending = {t: [] for t in TABLE_NAMES}
        self._buffer_docs = self._buffer_rows = 0
        self._buffer_hashes = []

    def _settle(self, table: str) -> None:
        """Type the pending rows of ``table`` (checked by :func:`plain_rows`, so this cannot fail)."""
        if self._pending[table]:
            self._buffer[table].append(plain_rows_to_table(self._pending[table], table))
            self._pending[table] = []

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

        The rows are checked at once, so a bad value raises ``ValueError`` here and nothing
        of the document is kept; rows of plain Python types are typed in bulk when staged.
        """
        self._check_open()
        unknown = set(rows) - set(TABLES)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}; expected {', '.join(TABLE_NAMES)}")
        # rows of the plain types are typed in bulk when staged; others now, so a bad value raises here
        typed = {name: to_arrow_table(list_, name) for name, list_ in rows.items()
                 if list_ and not plain_rows(list_, name)}
        for name, list_ in rows.items():
            if name in typed:
                self._settle(name)  # keep the rows in order
                self._buffer[name].append(typed[name])
            else:
                self._pending[name].extend(list_)
            self._buffer_rows += len(list_)
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
        assembled = any(fmt in FROM_PARQUET for fmt in self.formats)
        if assembled:
            for name in TABLE_NAMES:
                self.counts[name] = self._assemble_table(name, parts, ready / f"{name}.parquet")
        files: list[str] = []
        for fmt in self.formats:
            if fmt in ("csv", "jsonl"):  # straight from the parts unless the Parquet files exist anyway
                write = _write_csv if fmt == "csv" else _write_jsonl
                for name in TABLE_NAMES:
                    batches = parquet_batches(ready / f"{name}.parquet") if assembled else self._batches(name, parts)
                    self.counts[name] = write(batches, ready / f"{name}.{fmt}", name)
            elif fmt == "xlsx":
                self.notices.extend(_write_xlsx(ready, ready / XLSX_NAME))
            elif fmt == "duckdb":
                _write_duckdb(ready, ready / DUCKDB_NAME)
            files.extend(output_files(fmt))
        for note in self.notices:
            _log.warning("%s", note)
        manifest = {
            "venextract": _version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
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

    @staticmethod
    def _batches(name: str, parts: Iterable[Path]) -> Iterator[pa.RecordBatch]:
        """Table ``name`` from every staged part, in order, to the current schema, errors reported once."""
        schema = arrow_schema(name)
        seen: set[tuple[Any, ...]] | None = set() if name == "errors" else None
        for part in parts:
            path = part / f"{name}.parquet"
            if not path.exists():
                continue
            for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP):
                batch = _conform(batch, schema)
                yield batch if seen is None else _unseen(batch, seen)

    def _assemble_table(self, name: str, parts: Iterable[Path], dst: Path) -> int:
        """Stream table ``name`` from every staged part into one Parquet file; return its row count."""
        out = _RowGroups(dst, arrow_schema(name))
        try:
            for batch in self._batches(name, parts):
                out.add(batch)
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
