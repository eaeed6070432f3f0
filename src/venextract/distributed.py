"""Run an extraction on a Dask cluster: the same tables as :func:`venextract.run`, from many machines.

The work items of :func:`venextract.engine.tasks` (file paths, rows of batch
files, input errors) become a ``dask.bag``; each partition is processed by
:func:`venextract.engine.process` in a worker process that builds the pipeline
once and keeps it, and stages its rows as one part (:mod:`venextract.writers.parts`),
as :class:`venextract.writers.RunWriter` does.  The driver then makes doc_ids unique
across the run, exactly as a local run does, and the writer assembles the parts
into the four tables in every requested format, atomically.

Workers read the input files and write the parts themselves, so ``inputs`` and
``out_dir`` must be paths every worker can see (a shared file system).  Dask is
an optional dependency: ``pip install "venextract[dask]"``.

    >>> from dask.distributed import Client                     # doctest: +SKIP
    >>> from venextract.distributed import extract_dask         # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")                 # doctest: +SKIP
    >>> extract_dask(["/shared/news/"], "/shared/tables", client=client)  # doctest: +SKIP
"""
from __future__ import annotations

import math
import os
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine
from .engine import Outcome, Settings, Summary
from .schema import TABLE_NAMES
from .writers import RunWriter, to_arrow_table
from .writers.parts import part_name, part_number, parts_dir, write_part

__all__ = ["extract_dask"]

MIN_PARTITION, MAX_PARTITION = 16, 500  # work items per partition when not given
PARTITIONS_PER_THREAD = 4  # enough partitions for the scheduler to balance uneven documents
_ROW_TABLES = ("documents", "mentions", "facts")
_LOCK = threading.Lock()  # one partition at a time per process: the pipeline is shared by a worker's threads


def _require_dask() -> Any:
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            'extract_dask needs Dask: pip install "venextract[dask]" (or pip install "dask[distributed]")'
        ) from exc
    return db


@dataclass
class _Item:
    """What the driver needs to know about one outcome of a partition."""

    doc_id: str | None  # None for an outcome without a document (an input error)
    source: str | None
    counts: dict[str, int]  # rows per table


@dataclass
class _PartInfo:
    """A staged partition: where it is and what it holds, in order."""

    path: str
    items: list[_Item] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    documents: int = 0
    skipped: int = 0
    errors: int = 0
    mentions: Counter = field(default_factory=Counter)


def _stage(outcomes: list[Outcome], path: Path) -> _PartInfo:
    """Write a partition's rows as one staged part (whole or absent)."""
    info = _PartInfo(str(path))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for outcome in outcomes:
        if outcome.skipped:
            info.skipped += 1
            continue
        docs = outcome.rows.get("documents") or []
        first = docs[0] if docs else {}
        counts = {name: len(outcome.rows.get(name) or ()) for name in TABLE_NAMES}
        info.items.append(_Item(first.get("doc_id"), first.get("source"), counts))
        for name in TABLE_NAMES:
            rows[name].extend(outcome.rows.get(name) or ())
        if outcome.content_hash:
            info.hashes.append(outcome.content_hash)
        info.documents += counts["documents"]
        info.errors += counts["errors"]
        info.mentions.update(m["label"] for m in outcome.rows.get("mentions") or ())
    tables = {name: to_arrow_table(table_rows, name) for name, table_rows in rows.items() if table_rows}
    write_part(path, tables, len(info.items), info.hashes)
    return info


def _run_partition(items: Iterable[tuple[int, engine.Task]], settings: Settings, parts_dir: str) -> list[_PartInfo]:
    """Process one partition of (index, task) pairs in this worker and stage its rows."""
    items = list(items)
    if not items:
        return []
    outcomes: list[Outcome] = []
    with _LOCK:
        for chunk in engine.chunked((task for _, task in items), engine.CHUNK):
            outcomes.extend(engine.process(chunk, settings))  # the pipeline is built once per process and kept
    return [_stage(outcomes, Path(parts_dir) / part_name(items[0][0] + 1))]


def _fix_ids(parts: list[_PartInfo], summary: Summary) -> None:
    """Give repeated doc_ids a ``~N`` suffix in input order, as a local run does, rewriting parts that need it."""
    ids = engine.DocIds()
    for part in parts:
        changes: dict[int, tuple[str, str, dict[str, Any]]] = {}  # item index -> (old id, new id, error row)
        for k, item in enumerate(part.items):
            if item.doc_id is None:
                continue
            stub = Outcome({"documents": [{"doc_id": item.doc_id, "source": item.source}]})
            fixed = ids.fix(stub)
            if fixed is not stub:
                changes[k] = (item.doc_id, fixed.rows["documents"][0]["doc_id"], fixed.rows["errors"][-1])
        if changes:
            _rewrite(part, changes)
            summary.errors += len(changes)


def _rewrite(part: _PartInfo, changes: dict[int, tuple[str, str, dict[str, Any]]]) -> None:
    """Rename doc_ids (and mention_ids) of some outcomes of a part and add their duplicate_id errors."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(part.path)
    for name in _ROW_TABLES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            continue
        table = pq.read_table(path)
        doc_ids = table.column("doc_id").to_pylist()
        mention_ids = table.column("mention_id").to_pylist() if "mention_id" in table.column_names else None
        start = 0
        for k, item in enumerate(part.items):
            n = item.counts[name]
            if k in changes:
                old, new, _ = changes[k]
                for r in range(start, start + n):
                    doc_ids[r] = new
                    if mention_ids is not None and mention_ids[r] is not None:
                        mention_ids[r] = new + mention_ids[r][len(old):]
            start += n
        table = table.set_column(table.schema.get_field_index("doc_id"), "doc_id", pa.array(doc_ids, pa.string()))
        if mention_ids is not None:
            i = table.schema.get_field_index("mention_id")
            table = table.set_column(i, "mention_id", pa.array(mention_ids, pa.string()))
        _replace_parquet(table, path)
    path = folder / "errors.parquet"
    old_errors = pq.read_table(path) if path.exists() else to_arrow_table([], "errors")
    pieces, start = [], 0
    for k, item in enumerate(part.items):
        n = item.counts["errors"]
        pieces.append(old_errors.slice(start, n))
        start += n
        if k in changes:
            pieces.append(to_arrow_table([changes[k][2]], "errors"))
    _replace_parquet(pa.concat_tables(pieces), path)


def _replace_parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _auto_partition_size(n_items: int, client: Any) -> int:
    threads = 0
    if client is not None:
        try:
            threads = sum(client.nthreads().values())
        except Exception:  # noqa: BLE001 - an unusual client: fall back to this machine's cores
            threads = 0
    threads = threads or engine.default_workers()
    size = math.ceil(n_items / (threads * PARTITIONS_PER_THREAD))
    return max(MIN_PARTITION, min(MAX_PARTITION, size))


def _default_client() -> Any:
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client started in this process
        return None


def extract_dask(
    inputs: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    *,
    formats: Sequence[str] | str = ("parquet",),
    patterns: str | Path | None = None,
    base: str | None = None,
    client: Any = None,
    partition_size: int | None = None,
) -> Summary:
    """Extract from ``inputs`` (files, folders, globs) on Dask into tables under ``out_dir``.

    ``client`` is a ``dask.distributed.Client``; without one the client already
    started in this process is used, else Dask's local process scheduler.
    ``partition_size`` is the number of work items (files or batch rows) per
    task; by default about four partitions per worker thread, 16 to 500 items
    each.  Workers should run one thread each (``--nthreads 1``): extraction is
    pure Python and holds the GIL.

    The tables have the same rows, in the same order, as those of
    :func:`venextract.run` over the same inputs.  Returns the run's
    :class:`~venextract.engine.Summary` (``outputs`` maps file names to paths).
    """
    db = _require_dask()

    settings = Settings(patterns=str(patterns) if patterns else None, base=base)
    work = list(enumerate(engine.tasks([inputs] if isinstance(inputs, (str, Path)) else inputs)))
    writer = RunWriter(out_dir, formats)  # takes the folder's lock and clears parts of an earlier run
    staging = parts_dir(Path(out_dir).resolve())
    summary = Summary()
    try:
        if work:
            client = client if client is not None else _default_client()
            size = partition_size or _auto_partition_size(len(work), client)
            bag = db.from_sequence(work, partition_size=size).map_partitions(
                _run_partition, settings, str(staging)
            )
            parts: list[_PartInfo] = client.compute(bag, sync=True) if client is not None else bag.compute(
                scheduler="processes")
            parts.sort(key=lambda p: part_number(Path(p.path)) or 0)
            for part in parts:
                summary.documents += part.documents
                summary.skipped += part.skipped
                summary.errors += part.errors
                summary.mentions.update(part.mentions)
            _fix_ids(parts, summary)
    except BaseException:
        writer.abort()
        raise
    summary.outputs = writer.close()
    return summary
