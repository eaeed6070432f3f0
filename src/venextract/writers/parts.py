"""Staged parts: the folders a run writes its rows into before the tables are assembled.

A part is a folder ``part-N`` (N in run order) under ``.venextract/parts/`` holding one
``<table>.parquet`` per table with rows and ``part.json`` (how many documents, and their
content hashes for ``--resume``).  It is written under a ``.tmp`` name and renamed, so it
is whole or absent.  :class:`~venextract.writers.RunWriter` stages its buffer this way,
and so does each partition of :func:`venextract.distributed.extract_dask`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .commit import STAGING
from .files import _fsync, _fsync_dir, _rmtree, _write_json

PART_INFO = "part.json"
_PART = re.compile(r"part-(\d+)")


def parts_dir(out_dir: str | Path) -> Path:
    """The folder the parts of a run into ``out_dir`` are staged in."""
    return Path(out_dir) / STAGING / "parts"


def part_name(number: int) -> str:
    """The folder name of part ``number`` (parts are assembled in the order of their numbers)."""
    return f"part-{number:06d}"


def part_number(path: Path) -> int | None:
    """The number of a staged part, or None for anything else (a part still being written, say)."""
    m = _PART.fullmatch(path.name)
    return int(m.group(1)) if m and path.is_dir() else None


def staged_parts(folder: Path) -> list[Path]:
    """The complete parts in ``folder``, in order."""
    found = [(n, path) for path in folder.iterdir() if (n := part_number(path)) is not None]
    return [path for _, path in sorted(found)]


def write_part(path: Path, tables: Mapping[str, pa.Table], docs: int, hashes: Sequence[str]) -> None:
    """Stage ``tables`` (empty ones left out) as the part ``path``: written aside, synced, then renamed."""
    tmp = path.with_name(path.name + ".tmp")
    _rmtree(tmp)
    tmp.mkdir(parents=True)
    for name, table in tables.items():
        if table.num_rows:
            pq.write_table(table, tmp / f"{name}.parquet")
            _fsync(tmp / f"{name}.parquet")
    _write_json(tmp / PART_INFO, {"docs": docs, "hashes": list(hashes)})
    _rmtree(path)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def read_part_info(path: Path) -> tuple[int, list[str]]:
    """The number of documents of a part and their content hashes; ``ValueError`` if unreadable."""
    try:
        info = json.loads((path / PART_INFO).read_text(encoding="utf-8"))
        return int(info["docs"]), list(info["hashes"])
    except (OSError, KeyError, TypeError) as exc:
        raise ValueError(f"unreadable part {path}: {exc}") from exc
